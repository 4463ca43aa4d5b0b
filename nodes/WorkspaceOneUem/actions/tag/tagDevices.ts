import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../helpers/displayOptions';
import { labelOf } from '../../uem/devices';
import { tagDevicesCall, type TagAction } from '../../uem/tags';
import { parameterReader } from '../../helpers/parameters';
import { bulkWrite, type BulkEndpoint, type BulkItem } from '../bulkWrite';
import { notFoundOption, optionsField } from '../common.descriptions';
import { DEVICE_FROM_ITEM, deviceFields, readDevice } from '../deviceField';
import { fieldOf, numericIdOf, tagFields } from '../pickerFields';
import type { UemOperation } from '../node.type';
import { allowAsToolField, checkWrite, dryRunField, type GuardedAction } from '../writeGuards';

const ACTIONS: Record<TagAction, GuardedAction & { operation: string }> = {
	add: { name: 'Add to Tag', value: 'addTag', destructive: false, operation: 'addDevices' },
	remove: { name: 'Remove From Tag', value: 'removeTag', destructive: false, operation: 'removeDevices' },
};

/** The tag endpoints take device ids only: any other identifier is read first. */
function tagEndpoint(action: TagAction): BulkEndpoint {
	return {
		takes: (type) => (type === 'deviceId' ? 'DeviceId' : undefined),
		call: (first, _searchby, values) => tagDevicesCall(action, first.key, values),
		target: (item) => `${ACTIONS[action].name} ${item.key}: ${labelOf(item.identifier.type)} ${item.identifier.value}`,
	};
}

export const TAG_HINT = "Pick the tag From List, or use UEM's numeric tag ID: Tag › Search lists the tags of an organization group with their tagId.";

function fieldsFor(action: TagAction): INodeProperties[] {
	const verb = action === 'add' ? 'add to the tag' : 'take off the tag';
	return [
		...tagFields(`The tag to ${action === 'add' ? 'add the devices to' : 'take off the devices'}. Tag › Search lists the tags of an organization group.`),
		...deviceFields(`The device to ${verb}. The default reads the device ID from a Device Search, Get Fleet Status or Get Status item.`, { fromItem: DEVICE_FROM_ITEM }),
		dryRunField,
		allowAsToolField,
		optionsField([notFoundOption]),
	];
}

/**
 * Tag › Add Devices and Remove Devices: a whole run in bulk calls of up to 500 device ids per tag,
 * each call sent once; every device's outcome on its own item. A dry run, the default, sends nothing.
 */
export function tagDevices(action: TagAction): Required<Pick<UemOperation, 'description' | 'prepareRun'>> {
	const guarded = ACTIONS[action];
	const description = updateDisplayOptions({ show: { resource: ['tag'], operation: [guarded.operation] } }, fieldsFor(action));

	function prepareRun(this: IExecuteFunctions, items: number) {
		const dryRun = this.getNodeParameter('dryRun', 0, true) === true;
		const node = this.getNode();
		const skipIfNotFound = (this.getNodeParameter('options', 0, {}) as IDataObject).ifNotFound === 'skip';
		const tagOf = parameterReader(this, node, fieldOf(node, 'tagId', 'tag'), '');
		const readItem = (itemIndex: number): BulkItem => {
			const tagId = numericIdOf(node, tagOf(itemIndex), 'Tag ID', TAG_HINT);
			const identifier = readDevice(this, node, itemIndex);
			const refusal = checkWrite(this, itemIndex, guarded, () => guarded, dryRun);
			return {
				itemIndex,
				key: tagId,
				identifier,
				output: { action, tagId: Number(tagId), device: { [identifier.type]: identifier.value } },
				refusal,
				skipIfNotFound,
			};
		};
		return bulkWrite(tagEndpoint(action), items, readItem, dryRun);
	}
	return { description, prepareRun };
}

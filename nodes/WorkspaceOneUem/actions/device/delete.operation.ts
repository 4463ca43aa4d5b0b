import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../helpers/displayOptions';
import { deleteCallFor } from '../../uem/commands';
import { labelOf } from '../../uem/devices';
import { notFoundOption, optionsField } from '../common.descriptions';
import { DEVICE_FROM_ITEM, deviceFields, readDevice } from '../deviceField';
import type { PreparedItem } from '../node.type';
import { allowAsToolField, checkWrite, destructiveGuardFields, dryRunField, type GuardedAction } from '../writeGuards';
import { writeOnce } from '../writeOnce';
import { TOOL_TEXT } from '../toolDescriptions';

const DELETE: GuardedAction = { name: 'Delete Device', value: 'delete', destructive: true };

const properties: INodeProperties[] = [
	{
		displayName:
			'Deletes the device record from UEM: the device is unenrolled and its history is gone. For a device that is still in use, send Enterprise Wipe instead.',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
	},
	...deviceFields('The device record to delete. The default reads the device ID from a Device Search item before this node.', { fromItem: DEVICE_FROM_ITEM }),
	dryRunField,
	allowAsToolField,
	...destructiveGuardFields,
	optionsField([notFoundOption]),
];

export const description = updateDisplayOptions({ show: { resource: ['device'], operation: ['delete'] } }, properties);

/** One device record per item, deleted once: confirmed ("Delete Device"), capped per run, a dry run by default. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const identifier = readDevice(this, this.getNode(), itemIndex);
	const dryRun = this.getNodeParameter('dryRun', 0, true) === true;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const refusal = checkWrite(this, itemIndex, DELETE, () => DELETE, dryRun);

	return async (api) =>
		await writeOnce(api, {
			where: await deleteCallFor(api, identifier),
			output: { action: 'delete', device: { [identifier.type]: identifier.value } },
			device: { label: labelOf(identifier.type), value: identifier.value },
			target: `Delete Device ${labelOf(identifier.type)} ${identifier.value}`,
			dryRun,
			refusal,
			skipIfNotFound: options.ifNotFound === 'skip',
		});
}

export const toolDescription =
	`Delete one device record from Workspace ONE UEM (a stale or retired device). ${TOOL_TEXT.oneDevice} ${TOOL_TEXT.write} ${TOOL_TEXT.destructive}`;

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../helpers/displayOptions';
import { deviceNotFoundError } from '../../transport/uemErrors';
import { getDevice, labelOf, simplifyDevice } from '../../uem/devices';
import { chosenVersion, notFoundOption, optionsCollection, requestOptions, simplifyField, simplifyOf } from '../common.descriptions';
import { deviceFields, readDevice } from '../deviceField';
import type { PreparedItem } from '../node.type';
import { TOOL_TEXT } from '../toolDescriptions';

const properties: INodeProperties[] = [
	...deviceFields('The device to get'),
	simplifyField('device'),
	optionsCollection('What to do when a device is not found, and how the node calls UEM. The defaults suit most tenants.', [
		notFoundOption,
		...requestOptions,
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['device'], operation: ['get'] } }, properties);

/** One device by ID, UUID (v2) or UEM's alternate ids; a device UEM does not have is an error or nothing, as the user chose. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const identifier = readDevice(this, this.getNode(), itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const simplify = simplifyOf(this, itemIndex);
	return async (api) => {
		const found = await getDevice(api, identifier, chosenVersion(options));
		if ('device' in found) return [simplify ? simplifyDevice(found.device) : found.device];
		if (options.ifNotFound === 'skip') return [];
		const uem = found.absent.kind === 'missing' ? found.absent.error : {};
		throw deviceNotFoundError(api.node, found.absent.call, { label: labelOf(identifier.type), value: identifier.value }, uem);
	};
}

export const toolDescription =
	`Look up one device managed by Workspace ONE UEM. Returns its ${TOOL_TEXT.deviceFields}. ${TOOL_TEXT.oneDevice}`;

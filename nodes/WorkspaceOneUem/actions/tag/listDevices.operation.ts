import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../helpers/displayOptions';
import { devicesOfTag } from '../../uem/tags';
import { limitOf, optionsField, returnAllFields } from '../common.descriptions';
import type { PreparedItem } from '../node.type';
import { fieldOf, numericIdOf, tagFields } from '../pickerFields';
import { TAG_HINT } from './tagDevices';

const properties: INodeProperties[] = [
	...tagFields('The tag whose devices to list'),
	...returnAllFields,
	optionsField(),
];

export const description = updateDisplayOptions({ show: { resource: ['tag'], operation: ['listDevices'] } }, properties);

/** The devices that carry a tag, one item each with `tagId` and UEM's `DeviceId`. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const node = this.getNode();
	const tagId = numericIdOf(node, this.getNodeParameter(fieldOf(node, 'tagId', 'tag'), itemIndex, ''), 'Tag ID', TAG_HINT);
	const limit = limitOf(this, itemIndex);
	return async (api) => await devicesOfTag(api, tagId, limit);
}

export const toolDescription =
	'List the devices that carry a tag in Workspace ONE UEM. Returns one object per device, up to the tool\'s limit, with the tagId and UEM\'s device fields (DeviceId, FriendlyName, …). An empty list means no device carries the tag.';

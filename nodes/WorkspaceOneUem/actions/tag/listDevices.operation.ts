import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../helpers/displayOptions';
import { devicesOfTag, parseTagId } from '../../uem/tags';
import { limitOf, optionsField, returnAllFields } from '../common.descriptions';
import type { PreparedItem } from '../node.type';

const properties: INodeProperties[] = [
	{
		displayName: 'Tag ID',
		name: 'tagId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 10001',
		description: "UEM's numeric ID of the tag. Tag › Search lists the tags of an organization group with their tagId.",
	},
	...returnAllFields,
	optionsField(),
];

export const description = updateDisplayOptions({ show: { resource: ['tag'], operation: ['listDevices'] } }, properties);

/** The devices that carry a tag, one item each with `tagId` and UEM's `DeviceId`. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const tagId = parseTagId(this.getNode(), this.getNodeParameter('tagId', itemIndex, ''));
	const limit = limitOf(this, itemIndex);
	return async (api) => await devicesOfTag(api, tagId, limit);
}

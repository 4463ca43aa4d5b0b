import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../helpers/displayOptions';
import { searchTags } from '../../uem/tags';
import { limitOf, optionsField, returnAllFields } from '../common.descriptions';
import type { PreparedItem } from '../node.type';

const properties: INodeProperties[] = [
	{
		displayName: 'Organization Group ID',
		name: 'organizationGroupId',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, numberPrecision: 0 },
		description: "The organization group whose tags to list (its own and those of the groups above it). 0 leaves it to UEM: the OAuth client's group.",
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder: 'e.g. Offboarding',
		description: 'Only tags whose name contains this text. Empty: every tag.',
	},
	...returnAllFields,
	optionsField(),
];

export const description = updateDisplayOptions({ show: { resource: ['tag'], operation: ['search'] } }, properties);

/** The tags of an organization group, each with its numeric `tagId` first, for Add Devices and List Devices. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const limit = limitOf(this, itemIndex);
	const groupId = Number(this.getNodeParameter('organizationGroupId', itemIndex, 0));
	const qs = {
		organizationgroupid: groupId > 0 ? groupId : undefined,
		name: String(this.getNodeParameter('name', itemIndex, '') ?? '').trim(),
	};
	return async (api) => await searchTags(api, qs, limit);
}

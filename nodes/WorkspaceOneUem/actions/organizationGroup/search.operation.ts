import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../helpers/displayOptions';
import { searchGroups } from '../../uem/groups';
import { limitOf, optionsField, returnAllFields } from '../common.descriptions';
import type { PreparedItem } from '../node.type';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder: 'e.g. EMEA',
		description: 'Only groups whose name contains this text. Empty: every group the OAuth client can see.',
	},
	...returnAllFields,
	optionsField(),
];

export const description = updateDisplayOptions({ show: { resource: ['organizationGroup'], operation: ['search'] } }, properties);

/** Organization groups by name, each with its numeric `organizationGroupId` first, for the fields that take a group. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const limit = limitOf(this, itemIndex);
	const name = String(this.getNodeParameter('name', itemIndex, '') ?? '').trim();
	return async (api) => await searchGroups(api, name, limit);
}

export const toolDescription =
	'Search the organization groups of Workspace ONE UEM by name (the text is contained, not exact). Returns one object per group, up to the tool\'s limit, with its numeric organizationGroupId, Name, GroupId (the group\'s code) and its other UEM fields.';

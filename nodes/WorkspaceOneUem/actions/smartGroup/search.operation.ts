import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../helpers/displayOptions';
import { searchSmartGroups } from '../../uem/smartGroups';
import { limitOf, optionsField, returnAllFields } from '../common.descriptions';
import type { PreparedItem } from '../node.type';
import { fieldOf, organizationGroupIdField, organizationGroupOf, organizationGroupPicker } from '../pickerFields';

const properties: INodeProperties[] = [
	organizationGroupIdField("Only smart groups this organization group sees (UEM's numeric ID). 0 leaves it to UEM: the OAuth client's group."),
	organizationGroupPicker("Only smart groups this organization group sees. Empty leaves it to UEM: the OAuth client's group."),
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder: 'e.g. Corporate Android',
		description: 'Only smart groups whose name contains this text. Empty: every smart group.',
	},
	...returnAllFields,
	optionsField(),
];

export const description = updateDisplayOptions({ show: { resource: ['smartGroup'], operation: ['search'] } }, properties);

/** Smart groups by name, each with its numeric `smartGroupId` first, for List Devices and assignments. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const limit = limitOf(this, itemIndex);
	const node = this.getNode();
	const group = fieldOf(node, 'organizationGroupId', 'organizationGroup');
	const qs = {
		name: String(this.getNodeParameter('name', itemIndex, '') ?? '').trim(),
		organizationgroupid: organizationGroupOf(node, { [group]: this.getNodeParameter(group, itemIndex, undefined) }),
	};
	return async (api) => await searchSmartGroups(api, qs, limit);
}

export const toolDescription =
	'Search the smart groups of Workspace ONE UEM by name. Returns one object per smart group, up to the tool\'s limit, with its numeric smartGroupId, Name and other UEM fields. Use the smartGroupId to list the devices it holds.';

import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../helpers/displayOptions';
import { searchTags } from '../../uem/tags';
import { limitOf, optionsField, returnAllFields } from '../common.descriptions';
import type { PreparedItem } from '../node.type';
import { fieldOf, organizationGroupIdField, organizationGroupOf, organizationGroupPicker } from '../pickerFields';

const properties: INodeProperties[] = [
	organizationGroupIdField("The organization group whose tags to list (its own and those of the groups above it). 0 leaves it to UEM: the OAuth client's group."),
	organizationGroupPicker("The organization group whose tags to list (its own and those of the groups above it). Empty leaves it to UEM: the OAuth client's group."),
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
	const node = this.getNode();
	const group = fieldOf(node, 'organizationGroupId', 'organizationGroup');
	const qs = {
		organizationgroupid: organizationGroupOf(node, { [group]: this.getNodeParameter(group, itemIndex, undefined) }),
		name: String(this.getNodeParameter('name', itemIndex, '') ?? '').trim(),
	};
	return async (api) => await searchTags(api, qs, limit);
}

export const toolDescription =
	'Search the tags of an organization group in Workspace ONE UEM by name. Returns one object per tag, up to the tool\'s limit, with its numeric tagId and UEM\'s fields (TagName, LocationGroupId, …). Use the tagId with a tool that lists or tags devices.';

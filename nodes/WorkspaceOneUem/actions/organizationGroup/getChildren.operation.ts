import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../helpers/displayOptions';
import { childrenOfGroup } from '../../uem/groups';
import { optionsField } from '../common.descriptions';
import type { PreparedItem } from '../node.type';
import { fieldOf, numericIdOf, requiredGroupFields } from '../pickerFields';

const properties: INodeProperties[] = [
	...requiredGroupFields('The organization group whose groups below it to list'),
	optionsField(),
];

export const description = updateDisplayOptions({ show: { resource: ['organizationGroup'], operation: ['getChildren'] } }, properties);

const GROUP_HINT = "Pick the group From List, or give UEM's numeric ID: Organization Group › Search lists them with their organizationGroupId.";

/** The groups below one organization group, one item each with its numeric `organizationGroupId` first; the group itself is left out. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const node = this.getNode();
	const groupId = Number(numericIdOf(node, this.getNodeParameter(fieldOf(node, 'organizationGroupId', 'organizationGroup'), itemIndex, ''), 'Organization Group', GROUP_HINT));
	return async (api) => await childrenOfGroup(api, groupId);
}

export const toolDescription =
	'List the organization groups below one organization group of Workspace ONE UEM, given by its numeric organizationGroupId. Returns one object per group with its organizationGroupId, Name and other UEM fields.';

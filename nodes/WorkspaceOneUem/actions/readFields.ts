import type { INodeProperties } from 'n8n-workflow';

import { FROM_VERSION_2, ONLY_VERSION_1 } from '../helpers/displayOptions';
import { numericPicker } from './pickerFields';

/**
 * The fields of the reads (organization groups, smart groups, apps) that name one thing UEM
 * numbers: version 2's picker (From List or By ID), and version 1's plain field for workflows
 * saved with it. Both are read with `numericIdOf(node, …)` under the name `fieldOf` gives.
 */
function pickedOrTyped(v1: { displayName: string; name: string; placeholder: string }, v2: { displayName: string; name: string; searchListMethod: string }, description: string): INodeProperties[] {
	return [
		{ displayName: v1.displayName, name: v1.name, type: 'string', required: true, default: '', placeholder: v1.placeholder, description, displayOptions: ONLY_VERSION_1 },
		{ ...numericPicker({ ...v2, description }), displayOptions: FROM_VERSION_2 },
	];
}

/** An organization group that must be given (Get Children): no "the OAuth client's own" here. */
export function requiredGroupFields(description: string): INodeProperties[] {
	return pickedOrTyped(
		{ displayName: 'Organization Group ID', name: 'organizationGroupId', placeholder: 'e.g. 570' },
		{ displayName: 'Organization Group', name: 'organizationGroup', searchListMethod: 'searchOrganizationGroups' },
		description,
	);
}

export function smartGroupFields(description: string): INodeProperties[] {
	return pickedOrTyped(
		{ displayName: 'Smart Group ID', name: 'smartGroupId', placeholder: 'e.g. 41' },
		{ displayName: 'Smart Group', name: 'smartGroup', searchListMethod: 'searchSmartGroups' },
		description,
	);
}

export function appFields(description: string): INodeProperties[] {
	return pickedOrTyped({ displayName: 'App ID', name: 'appId', placeholder: 'e.g. 205' }, { displayName: 'App', name: 'app', searchListMethod: 'searchApps' }, description);
}

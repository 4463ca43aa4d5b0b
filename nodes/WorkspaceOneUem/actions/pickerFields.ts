import { NodeOperationError, type INode, type INodeParameterResourceLocator, type INodeProperties } from 'n8n-workflow';

import { FROM_VERSION_2, ONLY_VERSION_1 } from '../helpers/displayOptions';

/**
 * The pickers of version 2 for what UEM numbers (an organization group, a profile, a tag): From
 * List, searchable, or By ID. Version 1's plain fields stay, for workflows saved with it; both are
 * read by the same functions below.
 */
export function numericPicker(field: { displayName: string; name: string; searchListMethod: string; description: string; fromItem?: string; required?: boolean }): INodeProperties {
	return {
		displayName: field.displayName,
		name: field.name,
		type: 'resourceLocator',
		required: field.required ?? true,
		default: { __rl: true, mode: field.fromItem ? 'id' : 'list', value: field.fromItem ?? '' },
		description: field.description,
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: field.searchListMethod, searchable: true } },
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 570',
				validation: [{ type: 'regex', properties: { regex: '^\\s*\\d+\\s*$', errorMessage: "UEM's IDs are whole numbers" } }],
			},
		],
	};
}

/** Version 2's Organization Group picker (optional: empty is the OAuth client's own group); `inCollection` leaves the version to its collection. */
export function organizationGroupPicker(description: string, inCollection = false): INodeProperties {
	const picker = numericPicker({ displayName: 'Organization Group', name: 'organizationGroup', searchListMethod: 'searchOrganizationGroups', description, required: false });
	return inCollection ? picker : { ...picker, displayOptions: FROM_VERSION_2 };
}

/** Version 1's Organization Group ID, a number (0: the OAuth client's own group); `inCollection` leaves the version to its collection. */
export function organizationGroupIdField(description: string, inCollection = false): INodeProperties {
	const field: INodeProperties = {
		displayName: 'Organization Group ID',
		name: 'organizationGroupId',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, numberPrecision: 0 },
		placeholder: 'e.g. 570',
		description,
	};
	return inCollection ? field : { ...field, displayOptions: ONLY_VERSION_1 };
}

/** The organization group chosen in `fields` (a collection, or the node's own parameters), either version; undefined for the OAuth client's own. */
export function organizationGroupOf(node: INode, fields: Record<string, unknown>): number | undefined {
	const picked = fields.organizationGroup as INodeParameterResourceLocator | undefined;
	const raw = picked !== undefined && typeof picked === 'object' ? picked.value : fields.organizationGroupId;
	const text = String(raw ?? '').trim();
	if (text === '' || text === '0') return undefined;
	if (!/^\d+$/.test(text)) {
		throw new NodeOperationError(node, `Organization Group must be UEM's numeric ID, got "${text}"`, {
			description: 'Pick the group From List, or give its numeric ID (Groups & Settings › Groups › Organization Groups › Details).',
		});
	}
	return Number(text);
}

/** A profile or tag, picked (version 2) or typed (version 1): UEM's numeric id, or a clear error before any request. */
export function numericIdOf(node: INode, raw: unknown, label: string, hint: string): string {
	const value = (raw !== null && typeof raw === 'object' ? (raw as INodeParameterResourceLocator).value : raw) ?? '';
	const text = String(value).trim();
	if (!/^\d+$/.test(text)) {
		throw new NodeOperationError(node, text === '' ? `${label} is empty` : `${label} must be a whole number, got "${text}"`, { description: hint });
	}
	return text;
}

/**
 * A field that names one thing UEM numbers, in both versions: version 2's picker (From List or By
 * ID), and version 1's plain field for workflows saved with it. Both are read with
 * `numericIdOf(node, …)` under the name `fieldOf` gives; `fromItem` is the default of both.
 */
function pickedOrTyped(
	v1: { displayName: string; name: string; placeholder: string },
	v2: { displayName: string; name: string; searchListMethod: string },
	description: string,
	fromItem?: string,
): INodeProperties[] {
	const v1Default = fromItem ?? '';
	return [
		{
			displayName: v1.displayName,
			name: v1.name,
			type: 'string',
			required: true,
			default: v1Default,
			placeholder: v1.placeholder,
			description,
			displayOptions: ONLY_VERSION_1,
		},
		{ ...numericPicker({ ...v2, description, fromItem }), displayOptions: FROM_VERSION_2 },
	];
}

/** The fields of a profile (Install on Device, Remove From Device), defaulting to the item's `profileId`. */
export function profileFields(description: string): INodeProperties[] {
	return pickedOrTyped(
		{ displayName: 'Profile ID', name: 'profileId', placeholder: 'e.g. 305' },
		{ displayName: 'Profile', name: 'profile', searchListMethod: 'searchProfiles' },
		description,
		'={{ $json.profileId }}',
	);
}

/** The fields of a tag (List Devices, Add Devices, Remove Devices). */
export function tagFields(description: string): INodeProperties[] {
	return pickedOrTyped({ displayName: 'Tag ID', name: 'tagId', placeholder: 'e.g. 10001' }, { displayName: 'Tag', name: 'tag', searchListMethod: 'searchTags' }, description);
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

/** The name of a picked-or-typed field in the node's version: version 2's picker, or version 1's field. */
export function fieldOf(node: INode, v1: string, v2: string): string {
	return node.typeVersion >= 2 ? v2 : v1;
}

import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { PLATFORM_OPTIONS } from '../../helpers/platform';
import type { QueryValue } from '../../transport/calls';

/** The filters of UEM's app search, shared by App › Search and Get Fleet Status's All Apps. */
export function appFilters(description: string): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description,
		options: [
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				placeholder: 'e.g. Outlook',
				description: 'Only apps whose name contains this text',
			},
			{
				displayName: 'Platform',
				name: 'platform',
				type: 'options',
				default: 'Apple',
				options: PLATFORM_OPTIONS,
				description: 'Only apps of this platform (UEM keeps one app record per platform)',
			},
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				default: 'Internal',
				options: [
					{ name: 'Internal', value: 'Internal', description: 'Apps uploaded to UEM' },
					{ name: 'Public', value: 'Public', description: 'Store apps' },
					{ name: 'Purchased', value: 'Purchased', description: 'Apps bought in volume (VPP)' },
				],
				description: 'Only apps of this kind',
			},
		],
	};
}

export function appSearchQuery(filters: IDataObject): Record<string, QueryValue> {
	const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
	return { applicationname: text(filters.name), platform: text(filters.platform), applicationtype: text(filters.type) };
}

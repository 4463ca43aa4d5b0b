import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../helpers/displayOptions';
import { searchApps, simplifyApp } from '../../uem/apps';
import { limitOf, optionsField, returnAllFields, simplifyField, simplifyOf } from '../common.descriptions';
import type { PreparedItem } from '../node.type';
import { appFilters, appSearchQuery } from './appFilters';

const properties: INodeProperties[] = [...returnAllFields, simplifyField('app'), appFilters('Only apps that match every filter added here. Without filters, every app the OAuth client can see.'), optionsField()];

export const description = updateDisplayOptions({ show: { resource: ['app'], operation: ['search'] } }, properties);

/** Apps of UEM's app search (MAM v1), simplified (from version 2, by default) or UEM's whole records. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const limit = limitOf(this, itemIndex);
	const qs = appSearchQuery(this.getNodeParameter('filters', itemIndex, {}) as IDataObject);
	const simplify = simplifyOf(this, itemIndex);
	return async (api) => {
		const apps = await searchApps(api, qs, limit);
		return simplify ? apps.map(simplifyApp) : apps;
	};
}

export const toolDescription =
	'Search the apps of Workspace ONE UEM by name, platform or type. Returns one object per app, up to the tool\'s limit: appId, name, bundleId, version, type, platform, status and how many devices it is assigned to, installed on and not installed on.';

import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../helpers/displayOptions';
import { appFailures, appFleet } from '../../uem/appFleet';
import { chooseApps, type AppSelection } from '../../uem/apps';
import { scanFleet } from '../../uem/fleet';
import { optionsField, simplifiedStatuses, simplifyOf, simplifyStatusField } from '../common.descriptions';
import { fleetHints, type FleetReport } from '../fleetHints';
import type { PreparedItem } from '../node.type';
import { appFields, fieldOf, numericIdOf } from '../pickerFields';
import { appFilters, appSearchQuery } from './appFilters';

const properties: INodeProperties[] = [
	{
		displayName:
			"Needs few requests for a whole fleet: for each app, about two per 500 devices it is assigned to, then one per device where it is not installed. Tenants without UEM's per-app device list fall back to one request per device of the apps' platforms, and a hint then says so.",
		name: 'fleetCallsNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Apps',
		name: 'apps',
		type: 'options',
		noDataExpression: true,
		default: 'one',
		options: [
			{ name: 'One App', value: 'one', description: 'The app you pick' },
			{ name: 'All Apps', value: 'all', description: 'Every app the OAuth client can see, or those the filters keep' },
		],
		description: 'Which apps to report on',
	},
	...appFields('The app to report on').map((field) => ({ ...field, displayOptions: { show: { ...field.displayOptions?.show, apps: ['one'] } } })),
	{ ...appFilters('Only apps that match every filter added here'), displayOptions: { show: { apps: ['all'] } } },
	simplifyStatusField('app'),
	optionsField(),
];

export const description = updateDisplayOptions({ show: { resource: ['app'], operation: ['getFleetStatus'] } }, properties);

const REPORT: FleetReport = {
	operation: 'App › Get Fleet Status',
	subjects: 'apps',
	listing: 'per-app device listing (GET /api/mam/apps/{type}/{id}/devices',
	fallbackNote: 'Without that listing only apps a device lists with a status other than installed are found: an assigned app missing from its list cannot be told.',
};

const APP_HINT = "Pick the app From List, or give UEM's numeric app ID: App › Search lists the apps with their appId.";

function readSelection(context: IExecuteFunctions, itemIndex: number): AppSelection {
	const choice = context.getNodeParameter('apps', itemIndex, 'one');
	if (choice === 'all') return { choice, qs: appSearchQuery(context.getNodeParameter('filters', itemIndex, {}) as IDataObject) };
	if (choice !== 'one') {
		throw new NodeOperationError(context.getNode(), `Apps must be One App or All Apps, got ${JSON.stringify(choice)}`, {
			description: 'Choose one of the two in the node; this field takes no expression.',
		});
	}
	const node = context.getNode();
	return { choice, appId: Number(numericIdOf(node, context.getNodeParameter(fieldOf(node, 'appId', 'app'), itemIndex, ''), 'App', APP_HINT)) };
}

/**
 * One item per (device, app) where the app is assigned but not installed, with the fields of
 * App › Get Status plus the app's id, UUID and platform, in device id order. Calls: the app search,
 * per app its installed and assigned device listings (one call per 500 devices each), then one per
 * failing device; on a tenant without the listings, one per device of the apps' platforms.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const selection = readSelection(this, itemIndex);
	const simplify = simplifyOf(this, itemIndex);
	return async (api) => {
		const apps = await chooseApps(api, selection);
		if (apps.length === 0) return [];
		const bundles = new Set(apps.map((app) => app.bundleId.toLowerCase()));
		const source = appFleet();
		const findings = await scanFleet(api, { source, subjects: apps, wanted: (item) => bundles.has(String(item.bundleId ?? '').toLowerCase()) });
		const hints = fleetHints(this, itemIndex, REPORT, findings);
		if (hints.length > 0) this.addExecutionHints(...hints);
		return simplifiedStatuses(appFailures(apps, findings, source), simplify);
	};
}

export const toolDescription =
	'Find every device of the whole fleet on which an assigned app is not installed: the app this tool is set to, or all apps. Returns one object per (device, app): deviceId, name (the app\'s), bundleId, appId, platform, status and installed (false). An empty list means the app is installed wherever it is assigned.';

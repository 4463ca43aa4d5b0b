import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../helpers/displayOptions';
import { scanFleet } from '../../uem/fleet';
import { profileFleet } from '../../uem/profileFleet';
import { NOT_INSTALLED_STATUS_OPTIONS } from '../../uem/profileStatus';
import { chooseProfiles, passesFilters, profileMatcher, readProfileFilters, readWantedList, type ProfileSelection } from '../../uem/profiles';
import { chosenVersion, optionsCollection, requestOptions, simplifiedStatuses, simplifyOf, simplifyStatusField } from '../common.descriptions';
import { fleetHints, type FleetReport } from '../fleetHints';
import type { PreparedItem } from '../node.type';

const properties: INodeProperties[] = [
	{
		displayName:
			'Needs few requests for a whole fleet: for each chosen profile, one per 500 devices it is not installed on, then one per such device. Tenants without UEM\'s per-profile device list fall back to one request per device, and a hint then says so.',
		name: 'fleetCallsNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Profiles',
		name: 'profiles',
		type: 'options',
		noDataExpression: true,
		default: 'all',
		options: [
			{ name: 'All Profiles', value: 'all', description: 'Every profile the OAuth client can see' },
			{ name: 'By Name', value: 'byName', description: 'Profiles whose names you list' },
			{ name: 'By UUID', value: 'byUuid', description: 'Profiles whose UUIDs you list' },
		],
		description: 'Which profiles to report on',
	},
	{
		displayName: 'Profile Names',
		name: 'profileNames',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		displayOptions: { show: { profiles: ['byName'], '@version': [1] } },
		placeholder: 'e.g. Wi-Fi - Corporate',
		description: "One profile name per line, exactly as UEM shows it (case does not matter). A name several organization groups use selects each of them.",
	},
	{
		displayName: 'Profile Names or IDs',
		name: 'profileNames',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getProfileNames' },
		required: true,
		default: [],
		displayOptions: { show: { profiles: ['byName'], '@version': [{ _cnd: { gte: 2 } }] } },
		description: 'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'By name: a name several organization groups use selects each of them',
	},
	{
		displayName: 'Profile UUIDs',
		name: 'profileUuids',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		displayOptions: { show: { profiles: ['byUuid'], '@version': [1] } },
		placeholder: 'e.g. 2f6c1f7e-0c5b-4b8e-9a4e-6f1d2c3b4a59',
		description: 'Profile UUIDs, one per line or separated by commas',
	},
	{
		displayName: 'Profile Names or IDs',
		name: 'profileUuids',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getProfiles' },
		required: true,
		default: [],
		displayOptions: { show: { profiles: ['byUuid'], '@version': [{ _cnd: { gte: 2 } }] } },
		description: 'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'By UUID: a name several organization groups share is told apart',
	},
	simplifyStatusField('profile'),
	optionsCollection('Which failures to output, and how the node calls UEM. The defaults output every profile that is not installed.', [
		{
			displayName: 'Only Statuses',
			name: 'statuses',
			type: 'multiOptions',
			default: [],
			options: NOT_INSTALLED_STATUS_OPTIONS,
			description: 'Output only profiles in one of these statuses',
		},
		{
			displayName: 'Profile Name Contains',
			name: 'profileName',
			type: 'string',
			default: '',
			placeholder: 'e.g. VPN',
			description: 'Report only on chosen profiles whose name contains this text (not case-sensitive)',
		},
		...requestOptions,
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['profile'], operation: ['getFleetStatus'] } }, properties);

const REPORT: FleetReport = {
	operation: 'Get Fleet Status',
	subjects: 'profiles',
	listing: 'per-profile device listing (GET /api/mdm/profiles/{uuid}/devices',
};

function readSelection(context: IExecuteFunctions, itemIndex: number): ProfileSelection {
	const choice = context.getNodeParameter('profiles', itemIndex, 'all') as ProfileSelection['choice'];
	if (choice === 'all') return { choice };
	// The editor offers only the three choices, but an imported or hand-edited workflow can hold
	// anything (an expression here stays literal text: the field takes none).
	if (choice !== 'byName' && choice !== 'byUuid') {
		throw new NodeOperationError(context.getNode(), `Profiles must be All Profiles, By Name or By UUID, got ${JSON.stringify(choice)}`, {
			description: 'Choose one of the three in the node; this field takes no expression.',
		});
	}
	const byName = choice === 'byName';
	const field = byName ? 'Profile Names' : 'Profile UUIDs';
	const wanted = readWantedList(context.getNodeParameter(byName ? 'profileNames' : 'profileUuids', itemIndex, ''), !byName);
	if (wanted.length === 0) {
		throw new NodeOperationError(context.getNode(), `${field} is empty`, {
			description: `List at least one profile in "${field}", or choose All Profiles.`,
		});
	}
	return byName ? { choice, names: wanted } : { choice, uuids: wanted };
}

/**
 * One item per (device, chosen profile) not installed, with the fields of Get Status, in device
 * id order. Calls: the profile search, one per 500 failing devices per profile, then one per
 * failing device; on a tenant without per-profile listings, one per device.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const selection = readSelection(this, itemIndex);
	const filters = { ...readProfileFilters(options), onlyNotInstalled: true };
	const version = chosenVersion(options) ?? 1;
	const simplify = simplifyOf(this, itemIndex);
	return async (api) => {
		const profiles = (await chooseProfiles(api, selection, version)).filter((profile) => profile.name.toLowerCase().includes(filters.nameContains));
		if (profiles.length === 0) return [];
		const chosen = profileMatcher(profiles);
		const findings = await scanFleet(api, { source: profileFleet(version), subjects: profiles, wanted: (item) => chosen(item) !== undefined && passesFilters(item, filters) });
		const hints = fleetHints(this, itemIndex, REPORT, findings);
		if (hints.length > 0) this.addExecutionHints(...hints);
		return simplifiedStatuses([...findings.read.keys()].sort((a, b) => a - b).flatMap((deviceId) => findings.read.get(deviceId) ?? []), simplify);
	};
}

export const toolDescription =
	`Find every device of the whole fleet on which profiles are not installed, in few calls: the profiles named in this tool's arguments, or the profiles it is set to. Returns one object per (device, profile) not installed: deviceId, deviceName, name (the profile's), profileId, status and installed (false). An empty list means each of those profiles is installed on every device. A profile name must be exact; an unknown one fails with the names UEM knows.`;

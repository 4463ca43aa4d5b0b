import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
	type NodeExecutionHint,
} from 'n8n-workflow';

import { mapBounded } from '../../helpers/boundedParallel';
import { WorkPool } from '../../helpers/workPool';
import { updateDisplayOptions } from '../../helpers/displayOptions';
import { NOT_INSTALLED_STATUS_OPTIONS } from '../../helpers/profileStatus';
import type { UemSession } from '../../transport/session';
import {
	apiVersionOption,
	chosenVersion,
	concurrencyFrom,
	concurrencyOption,
	requestsPerMinuteOption,
	timeoutOption,
} from '../common.descriptions';
import type { PreparedItem } from '../node.type';
import { allDeviceIds, listNotInstalled, profileItemsOf, type FleetCallContext } from './fleetDevices';
import { chooseProfiles, readWantedList, type FleetProfile, type ProfileSelection } from './fleetProfiles';
import { passesFilters, readProfileFilters } from './getStatus.operation';

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
		displayOptions: { show: { profiles: ['byName'] } },
		placeholder: 'e.g. Wi-Fi - Corporate',
		description: "One profile name per line, exactly as UEM shows it (case does not matter). A name several organization groups use selects each of them.",
	},
	{
		displayName: 'Profile UUIDs',
		name: 'profileUuids',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		displayOptions: { show: { profiles: ['byUuid'] } },
		placeholder: 'e.g. 2f6c1f7e-0c5b-4b8e-9a4e-6f1d2c3b4a59',
		description: 'Profile UUIDs, one per line or separated by commas',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'Which failures to output, and how the node calls UEM. The defaults output every profile that is not installed.',
		options: [
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
			{
				...concurrencyOption,
				description:
					'How many devices are checked at the same time. This bounds parallel calls to UEM; all of them share one token and back off together when UEM throttles.',
			},
			apiVersionOption,
			timeoutOption,
			requestsPerMinuteOption,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['profile'], operation: ['getFleetStatus'] } }, properties);

function readSelection(context: IExecuteFunctions, itemIndex: number): ProfileSelection {
	const choice = context.getNodeParameter('profiles', itemIndex, 'all') as ProfileSelection['choice'];
	if (choice === 'all') return { choice };
	// The editor offers only the three choices, but an imported or hand-edited workflow can hold
	// anything (an expression here stays literal text: the field takes none).
	if (choice !== 'byName' && choice !== 'byUuid') {
		throw new NodeOperationError(context.getNode(), `Profiles must be All Profiles, By Name or By UUID, got ${JSON.stringify(choice)}`, {
			itemIndex,
			description: 'Choose one of the three in the node; this field takes no expression.',
		});
	}
	const byName = choice === 'byName';
	const field = byName ? 'Profile Names' : 'Profile UUIDs';
	const wanted = readWantedList(context.getNodeParameter(byName ? 'profileNames' : 'profileUuids', itemIndex, ''), !byName);
	if (wanted.length === 0) {
		throw new NodeOperationError(context.getNode(), `${field} is empty`, {
			itemIndex,
			description: `List at least one profile in "${field}", or choose All Profiles.`,
		});
	}
	return byName ? { choice, names: wanted } : { choice, uuids: wanted };
}

/** Says that, and why, the report took one call per device, and what that cost. */
function fallbackHint(context: IExecuteFunctions, itemIndex: number, httpCode: number, devices: number): NodeExecutionHint {
	const which = context.getInputData().length > 1 ? ` (item ${itemIndex + 1})` : '';
	return {
		type: 'warning',
		location: 'outputPane',
		message: `This tenant lacks the per-profile device listing (GET /api/mdm/profiles/{uuid}/devices answered HTTP ${httpCode}), so Get Fleet Status${which} checked every device instead: ${devices} per-device calls were made.`,
	};
}

/**
 * One item per (device, chosen profile) not installed, with the fields of Get Status. Calls:
 * the profile search, one per 500 failing devices per profile, then one per failing device.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const selection = readSelection(this, itemIndex);
	return async (session) => await fleetReport(this, session, itemIndex, selection, options);
}

async function fleetReport(
	context: IExecuteFunctions,
	session: UemSession,
	itemIndex: number,
	selection: ProfileSelection,
	options: IDataObject,
): Promise<IDataObject[]> {
	const at: FleetCallContext = { context, session, version: chosenVersion(options, 1), itemIndex };
	const concurrency = concurrencyFrom(options);
	const filters = { ...readProfileFilters(options), onlyNotInstalled: true };

	const profiles = (await chooseProfiles(context, session, selection, at.version, itemIndex)).filter((profile) =>
		profile.name.toLowerCase().includes(filters.nameContains),
	);
	if (profiles.length === 0) return [];

	const uuids = new Set(profiles.map((profile) => profile.uuid.toLowerCase()));
	const ids = new Set(profiles.map((profile) => String(profile.id)));
	// Matched by UUID; by id only should a device's profile list lack UUIDs.
	const chosen = (item: IDataObject) =>
		item.profileUuid === undefined || item.profileUuid === null
			? ids.has(String(item.profileId))
			: uuids.has(String(item.profileUuid).toLowerCase());
	const wanted = (item: IDataObject) => chosen(item) && passesFilters(item, filters);

	// The first profile goes alone: its answer tells whether the tenant has the per-profile listing.
	const first = await listNotInstalled(at, profiles[0], true);
	if (first.kind === 'endpointMissing') {
		const deviceIds = await allDeviceIds(at);
		const perDevice = await mapBounded(deviceIds.length, concurrency, async (index) => await profileItemsOf(at, deviceIds[index], wanted));
		context.addExecutionHints(fallbackHint(context, itemIndex, first.httpCode, deviceIds.length));
		return perDevice.flat();
	}
	return await failingDevicesReport(at, first.deviceIds, profiles.slice(1), { concurrency, wanted });
}

/**
 * The other profiles' listings and the status of each failing device, in one pool: a device's
 * status is read as soon as a listing names it, once per device however many profiles fail on
 * it. Items in device id order.
 */
async function failingDevicesReport(
	at: FleetCallContext,
	firstListed: number[],
	otherProfiles: FleetProfile[],
	{ concurrency, wanted }: { concurrency: number; wanted: (item: IDataObject) => boolean },
): Promise<IDataObject[]> {
	const itemsByDevice = new Map<number, IDataObject[]>();
	const pool = new WorkPool(concurrency);
	const readStatusOf = (deviceIds: number[]) => {
		for (const deviceId of deviceIds) {
			if (itemsByDevice.has(deviceId)) continue;
			itemsByDevice.set(deviceId, []);
			pool.add(async () => void itemsByDevice.set(deviceId, await profileItemsOf(at, deviceId, wanted)));
		}
	};
	for (const profile of otherProfiles) {
		pool.add(async () => {
			const listing = await listNotInstalled(at, profile, false);
			if (listing.kind === 'listed') readStatusOf(listing.deviceIds);
		});
	}
	readStatusOf(firstListed);
	await pool.drained();
	return [...itemsByDevice.keys()].sort((a, b) => a - b).flatMap((deviceId) => itemsByDevice.get(deviceId) ?? []);
}

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { labelOf, readDeviceIdentifier, SEARCH_BY, type DeviceIdentifier } from '../../helpers/deviceIdentifier';
import { updateDisplayOptions } from '../../helpers/displayOptions';
import { PROFILE_STATUS_OPTIONS, readProfileStatus } from '../../helpers/profileStatus';
import { getPages, type PagedCall } from '../../transport/paging';
import { uemGet } from '../../transport/request';
import { isRecord } from '../../transport/responseBody';
import type { UemSession } from '../../transport/session';
import { deviceNotFoundError, failedCall, unexpectedShapeError } from '../../transport/uemErrors';
import {
	apiVersionOption,
	chosenVersion,
	concurrencyOption,
	deviceIdTypeField,
	notFoundOption,
	requestsPerMinuteOption,
	timeoutOption,
} from '../common.descriptions';
import type { PreparedItem } from '../node.type';

const properties: INodeProperties[] = [
	{
		displayName:
			'Makes one request per input item (one device), so a fleet of 10,000 devices takes 10,000 requests. To find the failed profiles of a whole fleet, use Profile › Get Fleet Status instead: it needs far fewer.',
		name: 'oneRequestPerDeviceNotice',
		type: 'notice',
		default: '',
	},
	deviceIdTypeField(false),
	{
		displayName: 'Device',
		name: 'deviceIdValue',
		type: 'string',
		required: true,
		default: '={{ $json.Id?.Value }}',
		placeholder: 'e.g. 12345, or C02XK1ABJGH5 for a serial number',
		description: 'The device whose profiles to list. The default reads the device ID from a Device Search before this node.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'Which profiles to output, and how the node calls UEM. The defaults output every profile of the device.',
		options: [
			{
				displayName: 'Only Not Installed',
				name: 'onlyNotInstalled',
				type: 'boolean',
				default: false,
				description: 'Whether to output only profiles whose status is not Confirmed Install (pending, failed, removed, unknown)',
			},
			{
				displayName: 'Only Statuses',
				name: 'statuses',
				type: 'multiOptions',
				default: [],
				options: PROFILE_STATUS_OPTIONS,
				description: 'Output only profiles in one of these statuses',
			},
			{
				displayName: 'Profile Name Contains',
				name: 'profileName',
				type: 'string',
				default: '',
				placeholder: 'e.g. Wi-Fi',
				description: 'Output only profiles whose name contains this text (not case-sensitive)',
			},
			{
				displayName: 'Device Without Profiles',
				name: 'noProfiles',
				type: 'options',
				default: 'skip',
				options: [
					{ name: 'Output Nothing', value: 'skip' },
					{ name: 'Output One "No Profiles" Item', value: 'item' },
				],
				description: 'What to output for a device that has no profiles at all',
			},
			notFoundOption,
			concurrencyOption,
			apiVersionOption,
			timeoutOption,
			requestsPerMinuteOption,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['profile'], operation: ['getStatus'] } }, properties);

/** Per-device profiles are a v1 endpoint, by numeric id or by UEM's camelCase `searchBy`. */
function profilesCall(identifier: DeviceIdentifier, version: number): PagedCall {
	const listing = { version, itemsKey: 'DeviceProfiles', totalKey: 'Total' };
	if (identifier.type === 'deviceId') return { ...listing, path: `/api/mdm/devices/${identifier.value}/profiles` };
	return {
		...listing,
		path: '/api/mdm/devices/profiles',
		qs: { searchBy: SEARCH_BY[identifier.type as keyof typeof SEARCH_BY], id: identifier.value },
	};
}

/**
 * The profiles lookup has no EAS ID variant: find the device's numeric id first. Returns
 * undefined when there is no such device.
 */
async function resolveEasId(
	context: IExecuteFunctions,
	session: UemSession,
	identifier: DeviceIdentifier,
	itemIndex: number,
): Promise<DeviceIdentifier | undefined> {
	const path = '/api/mdm/devices';
	const answer = await uemGet(context, session, { path, qs: { searchby: SEARCH_BY.easId, id: identifier.value }, version: 1 }, itemIndex);
	if (answer.status !== 200) return undefined;
	const id = isRecord(answer.body) && isRecord(answer.body.Id) ? answer.body.Id.Value : undefined;
	if (typeof id !== 'number') throw unexpectedShapeError(context.getNode(), failedCall(session.connection.apiUrl, path, itemIndex), 'a device Id');
	return { type: 'deviceId', value: String(id) };
}

export interface ProfileFilters {
	onlyNotInstalled: boolean;
	statuses: Set<string>;
	nameContains: string;
}

/** The output filters of the Options collection (Get Status and Get Fleet Status share them). */
export function readProfileFilters(options: IDataObject): ProfileFilters {
	return {
		onlyNotInstalled: options.onlyNotInstalled === true,
		statuses: new Set(Array.isArray(options.statuses) ? (options.statuses as string[]) : []),
		nameContains: typeof options.profileName === 'string' ? options.profileName.trim().toLowerCase() : '',
	};
}

export interface ProfilesDevice {
	id: unknown;
	name: unknown;
	uuid: unknown;
}

/** The device a profiles page is about, from its `DeviceId` header; `knownId` when the header lacks one. */
export function deviceOfProfilesPage(firstPage: Record<string, unknown> | undefined, knownId: number | null): ProfilesDevice {
	const header = isRecord(firstPage?.DeviceId) ? firstPage.DeviceId : {};
	return {
		id: isRecord(header.Id) ? header.Id.Value : knownId,
		name: header.Name ?? null,
		uuid: header.Uuid ?? null,
	};
}

/** One output item per profile: our readable fields first, UEM's own under `raw`. */
export function profileItem(device: ProfilesDevice, raw: Record<string, unknown>): IDataObject {
	const status = readProfileStatus(raw.Status);
	return {
		deviceId: device.id as IDataObject['deviceId'],
		deviceName: device.name as IDataObject['deviceName'],
		deviceUuid: device.uuid as IDataObject['deviceUuid'],
		profileId: (isRecord(raw.Id) ? raw.Id.Value : raw.Id) as IDataObject['profileId'],
		profileUuid: raw.Uuid as IDataObject['profileUuid'],
		name: raw.Name as IDataObject['name'],
		statusCode: status.statusCode,
		status: status.status,
		installed: status.installed,
		raw: raw as IDataObject,
	};
}

export function passesFilters(item: IDataObject, filters: ProfileFilters): boolean {
	if (filters.onlyNotInstalled && item.installed === true) return false;
	if (filters.statuses.size > 0 && !filters.statuses.has(String(item.status))) return false;
	if (filters.nameContains !== '' && !String(item.name ?? '').toLowerCase().includes(filters.nameContains)) return false;
	return true;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const asked = readDeviceIdentifier(this, itemIndex, 'deviceIdType', 'deviceIdValue');
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return async (session) => await profilesOfDevice(this, session, itemIndex, asked, options);
}

async function profilesOfDevice(
	context: IExecuteFunctions,
	session: UemSession,
	itemIndex: number,
	asked: DeviceIdentifier,
	options: IDataObject,
): Promise<IDataObject[]> {
	const identifier = asked.type === 'easId' ? await resolveEasId(context, session, asked, itemIndex) : asked;
	const call = identifier && profilesCall(identifier, chosenVersion(options, 1));
	const answer = call && (await getPages(context, session, call, { itemIndex }));

	if (!call || !answer || !answer.found) {
		if (options.ifNotFound === 'skip') return [];
		throw deviceNotFoundError(
			context.getNode(),
			failedCall(session.connection.apiUrl, call?.path ?? '/api/mdm/devices', itemIndex),
			{ label: labelOf(asked.type), value: asked.value },
			answer && !answer.found ? answer.error : {},
		);
	}

	const device = deviceOfProfilesPage(answer.firstPage, asked.type === 'deviceId' ? Number(asked.value) : null);
	if (answer.items.length === 0) {
		return options.noProfiles === 'item'
			? [{ deviceId: device.id as number | null, deviceName: device.name as string | null, lookup: { [asked.type]: asked.value }, noProfiles: true, profiles: 0 }]
			: [];
	}
	if (!answer.items.every(isRecord)) {
		throw unexpectedShapeError(context.getNode(), failedCall(session.connection.apiUrl, call.path, itemIndex), 'profile objects');
	}
	const filters = readProfileFilters(options);
	return answer.items.map((raw) => profileItem(device, raw)).filter((item) => passesFilters(item, filters));
}

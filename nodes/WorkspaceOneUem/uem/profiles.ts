import { NodeOperationError, type IDataObject, type INode } from 'n8n-workflow';

import type { UemApi } from '../transport/calls';
import { getPages, readPage, type NotFound, type PagedCall } from '../transport/paging';
import { isRecord } from '../transport/responseBody';
import { uemHttpError, unexpectedShapeError } from '../transport/uemErrors';
import { searchByOf, type DeviceIdentifier } from './devices';
import { readProfileStatus } from './profileStatus';

/** A profile of the tenant, as the fleet report and the trigger need it. */
export interface FleetProfile {
	id: unknown;
	uuid: string;
	name: string;
}

export interface ProfileFilters {
	onlyNotInstalled: boolean;
	statuses: Set<string>;
	nameContains: string;
}

export type ProfileSelection = { choice: 'all' } | { choice: 'byName'; names: string[] } | { choice: 'byUuid'; uuids: string[] };

/** The device a profiles page is about, from its `DeviceId` header. */
export interface ProfilesDevice {
	id: unknown;
	name: unknown;
	uuid: unknown;
}

/** One Get Status item per profile: our readable fields first, UEM's own under `raw`. */
export function profileItem(device: ProfilesDevice, raw: Record<string, unknown>): IDataObject {
	return {
		deviceId: device.id as IDataObject['deviceId'],
		deviceName: device.name as IDataObject['deviceName'],
		deviceUuid: device.uuid as IDataObject['deviceUuid'],
		profileId: (isRecord(raw.Id) ? raw.Id.Value : raw.Id) as IDataObject['profileId'],
		profileUuid: raw.Uuid as IDataObject['profileUuid'],
		name: raw.Name as IDataObject['name'],
		...readProfileStatus(raw.Status),
		raw: raw as IDataObject,
	};
}

/** The output filters of an Options collection (Get Status, Get Fleet Status). */
export function readProfileFilters(options: IDataObject): ProfileFilters {
	return {
		onlyNotInstalled: options.onlyNotInstalled === true,
		statuses: new Set(Array.isArray(options.statuses) ? (options.statuses as string[]) : []),
		nameContains: typeof options.profileName === 'string' ? options.profileName.trim().toLowerCase() : '',
	};
}

export function passesFilters(item: IDataObject, filters: ProfileFilters): boolean {
	if (filters.onlyNotInstalled && item.installed === true) return false;
	if (filters.statuses.size > 0 && !filters.statuses.has(String(item.status))) return false;
	if (filters.nameContains !== '' && !String(item.name ?? '').toLowerCase().includes(filters.nameContains)) return false;
	return true;
}

/** Which of these profiles a Get Status item is about: by UUID, or by id should the device's list lack UUIDs. */
export function profileMatcher(profiles: FleetProfile[]): (item: IDataObject) => FleetProfile | undefined {
	const byUuid = new Map(profiles.map((profile) => [profile.uuid.toLowerCase(), profile]));
	const byId = new Map(profiles.map((profile) => [String(profile.id), profile]));
	return (item) =>
		item.profileUuid === undefined || item.profileUuid === null
			? byId.get(String(item.profileId))
			: byUuid.get(String(item.profileUuid).toLowerCase());
}

/** Per-device profiles are a v1 endpoint, by numeric id or by UEM's camelCase `searchBy`. */
function deviceProfilesCall(identifier: DeviceIdentifier, version: number): PagedCall {
	const listing = { version, itemsKey: 'DeviceProfiles', totalKey: 'Total' };
	if (identifier.type === 'deviceId') return { ...listing, path: `/api/mdm/devices/${identifier.value}/profiles` };
	return { ...listing, path: '/api/mdm/devices/profiles', qs: { searchBy: searchByOf(identifier.type), id: identifier.value } };
}

/**
 * The Get Status items of one device (every profile, before filters), with the device the pages
 * name, or why there are none: the device is not there (404).
 */
export async function profilesOfDevice(
	api: UemApi,
	identifier: DeviceIdentifier,
	version: number,
): Promise<{ found: true; device: ProfilesDevice; items: IDataObject[]; attempts: number } | NotFound> {
	const answer = await getPages(api, deviceProfilesCall(identifier, version));
	if (!answer.found) return answer;
	const header = isRecord(answer.firstPage?.DeviceId) ? answer.firstPage.DeviceId : {};
	const device: ProfilesDevice = {
		id: isRecord(header.Id) ? header.Id.Value : identifier.type === 'deviceId' ? Number(identifier.value) : null,
		name: header.Name ?? null,
		uuid: header.Uuid ?? null,
	};
	if (!answer.items.every(isRecord)) throw unexpectedShapeError(api.node, answer.lastCall, 'profile objects');
	return { found: true, device, items: answer.items.map((raw) => profileItem(device, raw)), attempts: answer.attempts };
}

/**
 * The names or UUIDs an item asks for. A list from an expression is taken as it is; text is split
 * into lines (names may hold commas), and UUIDs also at commas and spaces.
 */
export function readWantedList(value: unknown, splitAtCommas: boolean): string[] {
	const parts = Array.isArray(value) ? value.map(String) : String(value ?? '').split(splitAtCommas ? /[\s,;]+/ : /\r?\n/);
	return [...new Set(parts.map((part) => part.trim()).filter((part) => part !== ''))];
}

/** One entry of UEM's ProfileList; the plain `Uuid`/`Name`/`Id` forms are read too, in case a version sends those. */
function readProfile(raw: unknown): FleetProfile | undefined {
	if (!isRecord(raw)) return undefined;
	const uuid = raw.ProfileUuid ?? raw.Uuid;
	const name = raw.ProfileName ?? raw.Name;
	const id = raw.ProfileId ?? (isRecord(raw.Id) ? raw.Id.Value : raw.Id);
	if (typeof uuid !== 'string' || uuid === '') return undefined;
	return { id: id ?? null, uuid, name: typeof name === 'string' ? name : '' };
}

const SEARCH = { path: '/api/mdm/profiles/search', itemsKey: 'ProfileList', totalKey: 'Total' };
/** How many of the tenant's profile names an "unknown name" error lists, to help spot a typo. */
const NAMES_SHOWN = 12;

/** One page of the profiles whose name contains `text`, for the Profile picker: each with its numeric id, UUID, name and platform. */
export async function searchProfilesPage(
	api: UemApi,
	text: string,
	page: number,
	pageSize: number,
): Promise<{ profiles: Array<FleetProfile & { platform: string }>; more: boolean }> {
	const answer = await readPage(api, { ...SEARCH, qs: { searchtext: text }, version: 1 }, page, pageSize);
	if ('found' in answer) throw uemHttpError(api.node, answer.call, answer.status, answer.error);
	const profiles = answer.items.flatMap((raw) => {
		const profile = readProfile(raw);
		return profile ? [{ ...profile, platform: String((raw as Record<string, unknown>).Platform ?? '') }] : [];
	});
	return { profiles, more: answer.more };
}

/** Every profile the OAuth client can see, from UEM's profile search (one call per 500 profiles). */
export async function searchProfiles(api: UemApi, version: number): Promise<FleetProfile[]> {
	const answer = await getPages(api, { ...SEARCH, version });
	if (!answer.found) throw uemHttpError(api.node, answer.call, answer.status, answer.error);
	return answer.items.map((raw) => {
		const profile = readProfile(raw);
		// Without its UUID a profile cannot be asked for its devices.
		if (!profile) throw unexpectedShapeError(api.node, answer.lastCall, 'a ProfileUuid for every profile (try API Version 2)');
		return profile;
	});
}

function quoted(values: string[]): string {
	return values.map((value) => `"${value}"`).join(', ');
}

function notFoundError(node: INode, byName: boolean, missing: string[], known: FleetProfile[]): NodeOperationError {
	const what = byName ? 'name' : 'UUID';
	const message = missing.length === 1 ? `No profile with the ${what} ${quoted(missing)}` : `No profiles with the ${what}s ${quoted(missing)}`;
	const shown = known.slice(0, NAMES_SHOWN).map((profile) => (byName ? profile.name : `${profile.name} (${profile.uuid})`));
	const more = known.length > NAMES_SHOWN ? `, … (${known.length} in all)` : '';
	const rule = byName ? "Names must match a profile's name exactly (case does not matter)." : 'Check the UUIDs.';
	return new NodeOperationError(node, message, {
		description:
			known.length === 0
				? 'The profile search of this tenant lists no profiles the OAuth client can see.'
				: `${rule} Profiles this OAuth client can see: ${quoted(shown)}${more}.`,
	});
}

/**
 * The profiles an item chose, checked against the tenant's profile search so that a typo fails
 * at once, naming the unknown ones, instead of reporting an empty fleet.
 */
export async function chooseProfiles(api: UemApi, selection: ProfileSelection, version: number): Promise<FleetProfile[]> {
	const known = await searchProfiles(api, version);
	if (selection.choice === 'all') return known;
	const byName = selection.choice === 'byName';
	const wanted = byName ? selection.names : selection.uuids;
	const keyOf = (profile: FleetProfile) => (byName ? profile.name : profile.uuid).toLowerCase();
	const wantedKeys = new Set(wanted.map((value) => value.toLowerCase()));
	const missing = wanted.filter((value) => !known.some((profile) => keyOf(profile) === value.toLowerCase()));
	if (missing.length > 0) throw notFoundError(api.node, byName, missing, known);
	// A name may belong to profiles in several organization groups: all of them are chosen.
	return known.filter((profile) => wantedKeys.has(keyOf(profile)));
}

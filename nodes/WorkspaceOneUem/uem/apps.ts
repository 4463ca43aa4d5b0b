import { NodeOperationError, type IDataObject, type INode } from 'n8n-workflow';

import type { QueryValue, UemApi } from '../transport/calls';
import { getPages, listAll, readPage, type NotFound } from '../transport/paging';
import { isRecord, recordIdOf } from '../transport/responseBody';
import { uemHttpError, unexpectedShapeError } from '../transport/uemErrors';

/** The kinds of app whose devices UEM lists under `/api/mam/apps/{kind}/{id}/devices`. */
export type AppKind = 'internal' | 'public' | 'purchased';

/** An app of the tenant, as App › Get Fleet Status needs it. */
export interface FleetApp {
	id: number;
	uuid: string | null;
	name: string;
	bundleId: string;
	platform: string | null;
	kind: AppKind;
}

/**
 * UEM's device types as its app search sends `Platform` (a number). 10 is macOS in a public
 * client; 2, 5 and 12 are our reading of UEM's DeviceType. Another number is kept as it came.
 */
const PLATFORM_NAMES: Readonly<Record<number, string>> = { 2: 'Apple', 5: 'Android', 10: 'AppleOsX', 12: 'WinRT' };

function platformOf(raw: unknown): string | null {
	if (typeof raw === 'number') return PLATFORM_NAMES[raw] ?? String(raw);
	return typeof raw === 'string' && raw !== '' ? (PLATFORM_NAMES[Number(raw)] ?? raw) : null;
}

/** The listing's path segment for UEM's AppType; an unknown type is read as internal, the kind every tenant has. */
function kindOf(appType: unknown): AppKind {
	const type = String(appType ?? '').toLowerCase();
	return type === 'public' || type === 'purchased' ? type : 'internal';
}

/** One entry of UEM's app search, when it has a numeric id. */
export function readApp(raw: unknown): FleetApp | undefined {
	if (!isRecord(raw)) return undefined;
	const id = recordIdOf(raw);
	if (id === undefined) return undefined;
	return {
		id,
		uuid: typeof raw.Uuid === 'string' ? raw.Uuid : null,
		name: String(raw.ApplicationName ?? raw.Name ?? ''),
		bundleId: String(raw.BundleId ?? ''),
		platform: platformOf(raw.Platform),
		kind: kindOf(raw.AppType),
	};
}

const SEARCH = { path: '/api/mam/apps/search', version: 1, itemsKey: 'Application', totalKey: 'Total' };

/** Apps of UEM's app search (`GET /api/mam/apps/search`, MAM v1), as UEM sends them, up to `limit`. */
export async function searchApps(api: UemApi, qs: Record<string, QueryValue>, limit?: number): Promise<IDataObject[]> {
	const items = await listAll(api, { ...SEARCH, qs }, limit);
	return items.filter(isRecord) as IDataObject[];
}

/** One page of apps by name, for the App picker. */
export async function searchAppsPage(api: UemApi, name: string, page: number, pageSize: number): Promise<{ apps: FleetApp[]; more: boolean }> {
	const answer = await readPage(api, { ...SEARCH, qs: { applicationname: name } }, page, pageSize);
	if ('found' in answer) throw uemHttpError(api.node, answer.call, answer.status, answer.error);
	return { apps: answer.items.flatMap((raw) => readApp(raw) ?? []), more: answer.more };
}

/**
 * The fields of an app record that workflows use most, flat: the numeric id as `appId`, name,
 * bundle id, version, kind and platform (as a name), and UEM's device counts where it sends them.
 * UEM's whole record has some 25 fields.
 */
export function simplifyApp(record: IDataObject): IDataObject {
	return {
		appId: recordIdOf(record) ?? null,
		uuid: record.Uuid ?? null,
		name: record.ApplicationName ?? null,
		bundleId: record.BundleId ?? null,
		version: record.ActualFileVersion ?? record.AppVersion ?? null,
		type: record.AppType ?? null,
		platform: platformOf(record.Platform),
		status: record.Status ?? null,
		organizationGroupId: record.LocationGroupId ?? null,
		assignedDevices: record.AssignedDeviceCount ?? null,
		installedDevices: record.InstalledDeviceCount ?? null,
		notInstalledDevices: record.NotInstalledDeviceCount ?? null,
	} as IDataObject;
}

/** How an app stands on a device. */
export interface AppStatus {
	/** UEM's number, when it sent one. */
	statusCode: number | null;
	status: string;
	/** Null when UEM sent only a number: what its numbers mean is unconfirmed. */
	installed: boolean | null;
}

/** Names that mean the app is on the device, compared without case, spaces or punctuation. */
const INSTALLED_NAMES = new Set(['installed', 'userinstalled']);

/**
 * The install status of one entry of a device's app list: a name (`"Installed"`, `"Pending
 * Install"`; v2's `installed_status` too) is read; UEM's numbers are kept, unread, as
 * "Unrecognised (n)" with `installed: null`, since no source we could check says what they mean.
 */
export function readAppStatus(entry: Record<string, unknown>): AppStatus {
	const raw = entry.installed_status ?? entry.InstalledStatus ?? entry.Status;
	const numeric = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : undefined;
	if (numeric !== undefined) return { statusCode: numeric, status: `Unrecognised (${numeric})`, installed: null };
	if (typeof raw === 'string' && raw.trim() !== '') {
		return { statusCode: null, status: raw.trim(), installed: INSTALLED_NAMES.has(raw.toLowerCase().replace(/[^a-z]/g, '')) };
	}
	return { statusCode: null, status: 'Missing', installed: null };
}

/** One App › Get Status item per app of a device: our readable fields first, UEM's own under `raw`. */
export function appItem(deviceId: number, raw: Record<string, unknown>): IDataObject {
	return {
		deviceId,
		name: (raw.ApplicationName ?? raw.name ?? null) as IDataObject['name'],
		bundleId: (raw.ApplicationIdentifier ?? raw.bundle_id ?? null) as IDataObject['bundleId'],
		version: ((raw.Version ?? raw.installed_version) || null) as IDataObject['version'],
		...readAppStatus(raw),
		managed: typeof raw.IsManaged === 'boolean' ? raw.IsManaged : null,
		type: (raw.Type ?? null) as IDataObject['type'],
		raw: raw as IDataObject,
	};
}

/**
 * The apps of one device with their install status (`GET /api/mdm/devices/{id}/apps`, MDM v1,
 * paged), or the answer that said the device is not there (404).
 */
export async function appsOfDevice(api: UemApi, deviceId: number): Promise<{ found: true; items: IDataObject[]; attempts: number } | NotFound> {
	const answer = await getPages(api, { path: `/api/mdm/devices/${deviceId}/apps`, version: 1, itemsKey: 'DeviceApps', totalKey: 'Total' });
	if (!answer.found) return answer;
	if (!answer.items.every(isRecord)) throw unexpectedShapeError(api.node, answer.lastCall, 'app objects');
	return { found: true, items: answer.items.map((raw) => appItem(deviceId, raw as Record<string, unknown>)), attempts: answer.attempts };
}

export type AppSelection = { choice: 'all'; qs: Record<string, QueryValue> } | { choice: 'one'; appId: number };

/** How many of the tenant's app names an "unknown app" error lists, to help spot the right one. */
const NAMES_SHOWN = 12;

function unknownAppError(node: INode, appId: number, known: FleetApp[]): NodeOperationError {
	const shown = known.slice(0, NAMES_SHOWN).map((app) => `${app.name} (${app.id})`);
	const more = known.length > NAMES_SHOWN ? `, … (${known.length} in all)` : '';
	return new NodeOperationError(node, `No app with the ID ${appId}`, {
		description:
			known.length === 0 ? 'The app search of this tenant lists no apps the OAuth client can see.' : `Pick the app From List. Apps this OAuth client can see: ${shown.join(', ')}${more}.`,
	});
}

/**
 * The apps an item chose, from UEM's app search (one call per 500 apps): every app it finds (by
 * name or platform when asked), or the one picked, checked so that a wrong id fails at once.
 */
export async function chooseApps(api: UemApi, selection: AppSelection): Promise<FleetApp[]> {
	const apps = (await searchApps(api, selection.choice === 'all' ? selection.qs : {})).flatMap((raw) => readApp(raw) ?? []);
	if (selection.choice === 'all') return apps;
	const chosen = apps.filter((app) => app.id === selection.appId);
	if (chosen.length === 0) throw unknownAppError(api.node, selection.appId, apps);
	return chosen;
}

import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import type { CallRecord, UemApi } from '../transport/calls';
import { forEachPage, type PageWalk } from '../transport/paging';
import { isRecord, recordIdOf } from '../transport/responseBody';
import { unexpectedShapeError, type UemErrorBody } from '../transport/uemErrors';
import { appsOfDevice, type FleetApp } from './apps';
import { walkDeviceSearch } from './devices';
import type { FleetFindings, FleetSource } from './fleet';

/** UEM's "application not found", as opposed to a 404 for a listing the tenant lacks (whose message may quote the URI). */
function meansAppNotFound(error: UemErrorBody): boolean {
	return /\bapp(lication)?\b.*\b(not found|does not exist)\b/i.test(error.message ?? '');
}

/** A device id as an app listing gives it: a number, digits, `{Value}` or `{Id: {Value}}`. */
function listedId(entry: unknown): number | undefined {
	if (typeof entry === 'number' && Number.isInteger(entry)) return entry;
	if (typeof entry === 'string' && /^\d+$/.test(entry)) return Number(entry);
	if (isRecord(entry) && entry.Value !== undefined) return listedId(entry.Value);
	return recordIdOf(entry);
}

function idsOf(api: UemApi, list: unknown[], call: CallRecord): number[] {
	return list.map((entry) => {
		const id = listedId(entry);
		if (id === undefined) throw unexpectedShapeError(api.node, call, 'a numeric id for every device');
		return id;
	});
}

/**
 * Walks one status of an app's device listing: `GET /api/mam/apps/{kind}/{id}/devices?status=…`
 * (MAM v1), `{DeviceId: [ids], Page, PageSize, Total}` as public clients read it; the page's one
 * list is read whatever its name, and `Total` or `TotalResults`, in case UEM names them otherwise.
 */
async function walkAppDevices(api: UemApi, app: FleetApp, status: 'installed' | 'assigned', probe: boolean, onPage: (ids: number[]) => void): Promise<PageWalk> {
	return await forEachPage(
		api,
		{
			path: `/api/mam/apps/${app.kind}/${app.id}/devices`,
			qs: { status },
			version: 1,
			itemsKey: '',
			totalKey: '',
			missingStatuses: probe ? [406] : undefined,
		},
		(list, call) => onPage(idsOf(api, list, call)),
	);
}

function appGone(api: UemApi, app: FleetApp): NodeOperationError {
	return new NodeOperationError(api.node, `UEM no longer finds the app "${app.name}" (${app.id})`, {
		description: 'It was in the app search moments ago: it may have been deleted during the run. Run the node again.',
	});
}

/** The fleet engine's source for apps, and what its per-device fallback learnt of each device's platform. */
export type AppFleetSource = FleetSource<FleetApp> & { platforms: Map<number, string> };

/** Platform names the device search takes as `platform`: an app with another (or none) makes the fallback search every device. */
const SEARCHABLE_PLATFORMS = new Set(['Apple', 'Android', 'AppleOsX', 'WinRT']);

/**
 * Apps as a source of the fleet engine. The listing documented for an app's devices takes
 * `status=installed` or `assigned` (a "not installed" value is not documented), so the devices
 * where an app is not installed are its assigned devices less its installed ones: the installed
 * listing is read first (ids only), then the assigned one is handed on page by page, so device
 * reads start while it is read. `listed` is keyed by kind and id (`public/203`).
 */
export function appFleet(): AppFleetSource {
	const platforms = new Map<number, string>();
	return {
		version: 1,
		platforms,
		keyOf: (app) => `${app.kind}/${app.id}`,
		async listNotInstalled(api, app, probe, onListed) {
			const installed = new Set<number>();
			const first = await walkAppDevices(api, app, 'installed', probe, (ids) => ids.forEach((id) => installed.add(id)));
			if (!first.found) {
				if (probe && (first.status === 406 || !meansAppNotFound(first.error))) return first.status;
				throw appGone(api, app);
			}
			const assigned = await walkAppDevices(api, app, 'assigned', false, (ids) => onListed(ids.filter((id) => !installed.has(id))));
			if (!assigned.found) throw appGone(api, app);
			return undefined;
		},
		readDevice: async (api, deviceId) => await appsOfDevice(api, deviceId),
		/**
		 * Without the listing, only devices of the apps' platforms can have them: one device search
		 * per platform. UEM keeps one app record per platform, often with the same bundle id, and a
		 * device's app list does not say which record an entry is: its platform tells.
		 */
		async devicesToRead(api, apps) {
			const wanted = [...new Set(apps.map((app) => app.platform ?? ''))];
			const searches = wanted.every((platform) => SEARCHABLE_PLATFORMS.has(platform)) ? wanted : [undefined];
			for (const platform of searches) {
				await walkDeviceSearch(api, { platform, orderby: 'Id' }, (devices) => {
					for (const device of devices) platforms.set(device.id, String(device.record.Platform ?? ''));
				});
			}
			return [...platforms.keys()].sort((a, b) => a - b);
		},
	};
}

/** An App › Get Fleet Status item for an assigned app that the device's own list does not name. */
function notOnDevice(deviceId: number, app: FleetApp): IDataObject {
	return {
		deviceId,
		name: app.name,
		bundleId: app.bundleId,
		version: null,
		statusCode: null,
		status: 'Not Installed',
		installed: false,
		managed: null,
		type: null,
		raw: null,
	};
}

/**
 * The (device, app) pairs not installed, in device id order then the apps' order, each with the
 * fields of App › Get Status plus the app's id, UUID and platform. With listings, a pair the
 * listing names is reported unless the device's own list now says the app is installed (it was
 * installed in between), and an app missing from that list is "Not Installed"; without them (every
 * device of the apps' platforms read) only apps a device lists with a status that is not installed
 * can be told.
 */
export function appFailures(apps: FleetApp[], findings: FleetFindings, source: AppFleetSource): IDataObject[] {
	const listed = new Map(apps.map((app) => [app, new Set(findings.listed.get(source.keyOf(app)) ?? [])]));
	const about = (app: FleetApp) => (item: IDataObject) => String(item.bundleId ?? '').toLowerCase() === app.bundleId.toLowerCase();
	const failures: IDataObject[] = [];
	const failure = (deviceId: number, app: FleetApp, item: IDataObject | undefined) => ({ ...(item ?? notOnDevice(deviceId, app)), appId: app.id, appUuid: app.uuid, platform: app.platform });
	for (const deviceId of [...findings.read.keys()].sort((a, b) => a - b)) {
		const items = findings.read.get(deviceId) ?? [];
		if (findings.mode === 'everyDevice') {
			// An app of several platforms shares its bundle id: the device's platform tells whose item it is.
			const platform = source.platforms.get(deviceId);
			for (const item of items) {
				const app = apps.find((candidate) => about(candidate)(item) && (platform === undefined || candidate.platform === null || candidate.platform === platform));
				if (app && item.installed === false) failures.push(failure(deviceId, app, item));
			}
			continue;
		}
		for (const app of apps) {
			const item = items.find(about(app));
			if (listed.get(app)?.has(deviceId) === true && item?.installed !== true) failures.push(failure(deviceId, app, item));
		}
	}
	return failures;
}

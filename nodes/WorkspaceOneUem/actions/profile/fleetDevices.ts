import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { forEachPage, getPages, type NotFound, type PagedCall } from '../../transport/paging';
import { isRecord } from '../../transport/responseBody';
import type { UemContext, UemSession } from '../../transport/session';
import { failedCall, uemHttpError, unexpectedShapeError, type UemErrorBody } from '../../transport/uemErrors';
import type { FleetProfile } from './fleetProfiles';
import { deviceOfProfilesPage, profileItem } from './getStatus.operation';

/** Where a call of the fleet report is made from, for its errors. */
export interface FleetCallContext {
	context: UemContext;
	session: UemSession;
	version: number;
	itemIndex: number;
}

/** The devices on which one profile is not installed, or why the per-profile endpoint did not answer. */
export type ProfileListing =
	| { kind: 'listed'; deviceIds: number[] }
	| { kind: 'endpointMissing'; httpCode: number };

/**
 * UEM's "profile not found" (5061, or a message saying so), as opposed to a 404 for an endpoint
 * the tenant lacks, whose message may quote the URI (`…/profiles/…`): hence the word boundaries.
 */
function meansProfileNotFound(error: UemErrorBody): boolean {
	return String(error.errorCode) === '5061' || /\bprofile\b.*\b(not found|does not exist)\b/i.test(error.message ?? '');
}

function readDeviceId(entry: unknown): number | undefined {
	const raw = isRecord(entry) ? (entry.id ?? entry.Id) : undefined;
	const id = isRecord(raw) ? raw.Value : raw;
	const number = typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : id;
	return typeof number === 'number' && Number.isInteger(number) ? number : undefined;
}

/** Reads the device ids of each page as it comes, keeping only the ids. */
async function collectDeviceIds(
	at: FleetCallContext,
	call: PagedCall,
	idOf: (entry: unknown) => number | undefined,
): Promise<{ found: true; deviceIds: number[] } | NotFound> {
	const deviceIds: number[] = [];
	const walk = await forEachPage(
		at.context,
		at.session,
		call,
		(list) => {
			for (const entry of list) {
				const id = idOf(entry);
				if (id === undefined) {
					const where = failedCall(at.session.connection.apiUrl, call.path, at.itemIndex);
					throw unexpectedShapeError(at.context.getNode(), where, 'a numeric id for every device');
				}
				deviceIds.push(id);
			}
		},
		{ itemIndex: at.itemIndex },
	);
	return walk.found ? { found: true, deviceIds } : walk;
}

/**
 * The devices on which a profile is not installed (`/profiles/{uuid}/devices`, one call per 500).
 * With `probe` (the run's first profile), a 404 that is not "profile not found", or a 406, says
 * the tenant lacks the endpoint; later profiles only get there once it has answered.
 */
export async function listNotInstalled(at: FleetCallContext, profile: FleetProfile, probe: boolean): Promise<ProfileListing> {
	const listed = await collectDeviceIds(
		at,
		{
			path: `/api/mdm/profiles/${encodeURIComponent(profile.uuid)}/devices`,
			qs: { profilestatus: 'NOT_INSTALLED' },
			version: at.version,
			itemsKey: 'profileAssignedDevices',
			totalKey: 'TotalResults',
			missingStatuses: probe ? [406] : undefined,
		},
		readDeviceId,
	);
	if (listed.found) return { kind: 'listed', deviceIds: listed.deviceIds };
	if (probe && (listed.httpCode === 406 || !meansProfileNotFound(listed.error))) {
		return { kind: 'endpointMissing', httpCode: listed.httpCode };
	}
	throw new NodeOperationError(at.context.getNode(), `UEM no longer finds the profile "${profile.name}" (${profile.uuid})`, {
		itemIndex: at.itemIndex,
		description: 'It was in the profile search moments ago: it may have been deleted during the run. Run the node again.',
	});
}

/** Every device id of the tenant, from device search (one call per 500 devices): the fallback's list. */
export async function allDeviceIds(at: FleetCallContext): Promise<number[]> {
	const path = '/api/mdm/devices/search';
	// Sorted by id so that devices enrolled during the read do not shift later pages.
	const call: PagedCall = { path, qs: { orderby: 'Id' }, version: at.version, itemsKey: 'Devices', totalKey: 'Total' };
	const listed = await collectDeviceIds(at, call, (device) => (isRecord(device) ? readDeviceId({ Id: device.Id }) : undefined));
	if (!listed.found) {
		throw uemHttpError(at.context.getNode(), failedCall(at.session.connection.apiUrl, path, at.itemIndex), 404, {
			kind: 'json',
			value: listed.error,
		});
	}
	return listed.deviceIds;
}

/**
 * The Get Status items of one device for the profiles that `wanted` keeps. A device removed since
 * it was listed (404) has nothing to report.
 */
export async function profileItemsOf(
	at: FleetCallContext,
	deviceId: number,
	wanted: (item: IDataObject) => boolean,
): Promise<IDataObject[]> {
	const path = `/api/mdm/devices/${deviceId}/profiles`;
	const answer = await getPages(at.context, at.session, { path, version: at.version, itemsKey: 'DeviceProfiles', totalKey: 'Total' }, { itemIndex: at.itemIndex });
	if (!answer.found) return [];
	if (!answer.items.every(isRecord)) {
		throw unexpectedShapeError(at.context.getNode(), failedCall(at.session.connection.apiUrl, path, at.itemIndex), 'profile objects');
	}
	const device = deviceOfProfilesPage(answer.firstPage, deviceId);
	return answer.items.map((raw) => profileItem(device, raw)).filter(wanted);
}

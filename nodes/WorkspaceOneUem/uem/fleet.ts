import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { TaskPool } from '../helpers/taskPool';
import type { UemApi } from '../transport/calls';
import { forEachPage } from '../transport/paging';
import { unexpectedShapeError, type UemErrorBody } from '../transport/uemErrors';
import { allDeviceIds, deviceIdOf } from './devices';
import { profilesOfDevice, type FleetProfile } from './profiles';

/** How the engine found the failing devices: UEM's per-profile listings, or (a tenant without them) every device. */
export type FleetMode = 'listings' | 'everyDevice';

/** What one scan of the fleet asks. */
export interface FleetScan {
	/** At least one. */
	profiles: FleetProfile[];
	version: number;
	/** Device ids in scope (an organization group, a platform); undefined for the whole tenant. */
	scope?: Set<number>;
	/** Which of a read device's status items to keep (the failing ones of chosen profiles). */
	wanted(item: IDataObject): boolean;
	/**
	 * Whether a listed (device, profile) pair must be read from its device; a device is read once,
	 * for all its profiles, when any of its pairs must. Default: every pair.
	 */
	mustRead?(deviceId: number, profile: FleetProfile): boolean;
	/** Asked before each device read after the first few (a deadline, a sample's size). Default: always. */
	mayReadMore?(sofar: FleetFindings): boolean;
}

/** What a scan found. Device reads start as soon as a listing page names the device. */
export interface FleetFindings {
	mode: FleetMode;
	/** Per profile UUID, the devices in scope its listing names as not installed (listings only). */
	listed: Map<string, number[]>;
	/** Per device read, its wanted status items. */
	read: Map<number, IDataObject[]>;
	/** Devices listed but gone (404) when read: deleted or unenrolled during the scan. */
	vanished: number[];
	/** Everything but the listings and the device-id search: requests of the device reads, retries included. */
	deviceCalls: number;
	/** The status that said the tenant lacks the per-profile listing (everyDevice only). */
	missingListingStatus?: number;
}

/**
 * UEM's "profile not found" (5061, or a message saying so), as opposed to a 404 for an endpoint
 * the tenant lacks, whose message may quote the URI (`…/profiles/…`): hence the word boundaries.
 */
function meansProfileNotFound(error: UemErrorBody): boolean {
	return String(error.errorCode) === '5061' || /\bprofile\b.*\b(not found|does not exist)\b/i.test(error.message ?? '');
}

/**
 * Which devices fail which profiles, for Get Fleet Status and the trigger alike: the first
 * profile's listing goes alone and tells whether the tenant has UEM's per-profile device listing
 * (`/profiles/{uuid}/devices`, one call per 500 failing devices); with it, the other listings and
 * a read of each listed device share one pool; without it, every device in scope is read.
 */
export async function scanFleet(api: UemApi, scan: FleetScan): Promise<FleetFindings> {
	const findings: FleetFindings = { mode: 'listings', listed: new Map(), read: new Map(), vanished: [], deviceCalls: 0 };
	const pool = new TaskPool(api.concurrency);
	let reads = 0;
	const readDevice = (deviceId: number) => {
		if (findings.read.has(deviceId)) return;
		findings.read.set(deviceId, []);
		pool.add(async () => {
			// The first few go ahead whatever the limits say, so that every scan makes progress.
			if (reads++ >= api.concurrency && scan.mayReadMore?.(findings) === false) {
				findings.read.delete(deviceId);
				return;
			}
			const answer = await profilesOfDevice(api, { type: 'deviceId', value: String(deviceId) }, scan.version);
			if (!answer.found) {
				findings.read.delete(deviceId);
				findings.vanished.push(deviceId);
				findings.deviceCalls += answer.call.attempts;
				return;
			}
			findings.deviceCalls += answer.attempts;
			findings.read.set(deviceId, answer.items.filter(scan.wanted));
		});
	};
	const onListed = (profile: FleetProfile, deviceIds: number[]) => {
		const inScope = scan.scope ? deviceIds.filter((id) => scan.scope?.has(id)) : deviceIds;
		const listed = findings.listed.get(profile.uuid);
		if (listed) listed.push(...inScope);
		else findings.listed.set(profile.uuid, inScope);
		for (const deviceId of inScope) if (scan.mustRead?.(deviceId, profile) ?? true) readDevice(deviceId);
	};

	const [first, ...others] = scan.profiles;
	const probe = await listNotInstalled(api, first, scan.version, true, onListed);
	if (probe !== undefined) {
		findings.mode = 'everyDevice';
		findings.missingListingStatus = probe;
		const deviceIds = scan.scope ? [...scan.scope].sort((a, b) => a - b) : await allDeviceIds(api, {}, scan.version);
		for (const deviceId of deviceIds) readDevice(deviceId);
	} else {
		for (const profile of others) pool.add(async () => void (await listNotInstalled(api, profile, scan.version, false, onListed)));
	}
	await pool.drained();
	return findings;
}

/**
 * Hands the devices on which a profile is not installed to `onListed`, page by page. Returns the
 * status that says the tenant lacks the listing (with `probe`, the run's first profile: a 404 that
 * is not "profile not found", or a 406), else undefined.
 */
async function listNotInstalled(
	api: UemApi,
	profile: FleetProfile,
	version: number,
	probe: boolean,
	onListed: (profile: FleetProfile, deviceIds: number[]) => void,
): Promise<number | undefined> {
	const walk = await forEachPage(
		api,
		{
			path: `/api/mdm/profiles/${encodeURIComponent(profile.uuid)}/devices`,
			qs: { profilestatus: 'NOT_INSTALLED' },
			version,
			itemsKey: 'profileAssignedDevices',
			totalKey: 'TotalResults',
			missingStatuses: probe ? [406] : undefined,
		},
		(list, call) => {
			const ids = list.map((entry) => {
				const id = deviceIdOf(entry);
				if (id === undefined) throw unexpectedShapeError(api.node, call, 'a numeric id for every device');
				return id;
			});
			onListed(profile, ids);
		},
	);
	if (walk.found) return undefined;
	if (probe && (walk.status === 406 || !meansProfileNotFound(walk.error))) return walk.status;
	throw new NodeOperationError(api.node, `UEM no longer finds the profile "${profile.name}" (${profile.uuid})`, {
		description: 'It was in the profile search moments ago: it may have been deleted during the run. Run the node again.',
	});
}

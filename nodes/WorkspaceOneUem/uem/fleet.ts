import type { IDataObject } from 'n8n-workflow';

import { TaskPool } from '../helpers/taskPool';
import type { UemApi } from '../transport/calls';
import type { NotFound } from '../transport/paging';
import { allDeviceIds } from './devices';

/** One device's status items (every subject on it, before `wanted`), or the answer that said it is gone. */
export type DeviceRead = { found: true; items: IDataObject[]; attempts: number } | NotFound;

/**
 * What the engine scans the fleet for: profiles, apps. A source knows its two endpoints: the
 * listing of the devices where one subject is not installed, and one device's statuses.
 */
export interface FleetSource<S> {
	/** The API version of the source's calls, and of the device search in the per-device fallback. */
	readonly version: number;
	/** The subject's key in `FleetFindings.listed` (a profile's UUID, an app's type and id). */
	keyOf(subject: S): string;
	/**
	 * Hands the devices on which `subject` is not installed to `onListed`, page by page. With
	 * `probe` (the scan's first subject) it returns the HTTP status that says the tenant lacks the
	 * listing, else undefined; a subject UEM no longer has is an error.
	 */
	listNotInstalled(api: UemApi, subject: S, probe: boolean, onListed: (deviceIds: number[]) => void): Promise<number | undefined>;
	/** Every status item of one device (all subjects), or why there are none. */
	readDevice(api: UemApi, deviceId: number): Promise<DeviceRead>;
	/** The devices the per-device fallback reads, in id order, when the scan has no scope. Default: every device. */
	devicesToRead?(api: UemApi, subjects: S[]): Promise<number[]>;
}

export interface FleetScan<S> {
	source: FleetSource<S>;
	/** At least one. */
	subjects: S[];
	/** Device ids in scope (an organization group, a platform); undefined for the whole tenant. */
	scope?: Set<number>;
	/** Which of a read device's status items to keep (those the caller reports on). */
	wanted(item: IDataObject): boolean;
	/**
	 * Whether a listed (device, subject) pair must be read from its device; a device is read once,
	 * for all its subjects, when any of its pairs must. Default: every pair.
	 */
	mustRead?(deviceId: number, subject: S): boolean;
	/** Asked before each device read after the first few (a deadline, a sample's size). Default: always. */
	mayReadMore?(sofar: FleetFindings): boolean;
}

/** What a scan found. Device reads start as soon as a listing page names the device. */
export interface FleetFindings {
	/** How the engine found the failing devices: UEM's per-subject listings, or (a tenant without them) every device. */
	mode: 'listings' | 'everyDevice';
	/** Per subject key, the devices in scope its listing names as not installed (listings only). */
	listed: Map<string, number[]>;
	/** Per device read, its wanted status items. */
	read: Map<number, IDataObject[]>;
	/** Devices listed but gone (404) when read: deleted or unenrolled during the scan. */
	vanished: number[];
	/** Everything but the listings and the device-id search: requests of the device reads, retries included. */
	deviceCalls: number;
	/** The status that said the tenant lacks the per-subject listing (everyDevice only). */
	missingListingStatus?: number;
}

/**
 * Which devices fail which subjects, for Get Fleet Status (profiles, apps) and the trigger alike:
 * the first subject's listing goes alone and tells whether the tenant has UEM's per-subject device
 * listing (one call per 500 devices); with it, the other listings and a read of each listed device
 * share one pool; without it, every device in scope is read.
 */
export async function scanFleet<S>(api: UemApi, scan: FleetScan<S>): Promise<FleetFindings> {
	const { source } = scan;
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
			const answer = await source.readDevice(api, deviceId);
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
	const onListed = (subject: S) => (deviceIds: number[]) => {
		const inScope = scan.scope ? deviceIds.filter((id) => scan.scope?.has(id)) : deviceIds;
		const key = source.keyOf(subject);
		const listed = findings.listed.get(key);
		if (listed) listed.push(...inScope);
		else findings.listed.set(key, inScope);
		for (const deviceId of inScope) if (scan.mustRead?.(deviceId, subject) ?? true) readDevice(deviceId);
	};

	const [first, ...others] = scan.subjects;
	const probe = await source.listNotInstalled(api, first, true, onListed(first));
	if (probe !== undefined) {
		findings.mode = 'everyDevice';
		findings.missingListingStatus = probe;
		const deviceIds = scan.scope
			? [...scan.scope].sort((a, b) => a - b)
			: ((await source.devicesToRead?.(api, scan.subjects)) ?? (await allDeviceIds(api, {}, source.version)));
		for (const deviceId of deviceIds) readDevice(deviceId);
	} else {
		for (const subject of others) pool.add(async () => void (await source.listNotInstalled(api, subject, false, onListed(subject))));
	}
	await pool.drained();
	return findings;
}

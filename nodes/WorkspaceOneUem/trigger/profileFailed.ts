import type { IDataObject } from 'n8n-workflow';

import { allDeviceIds, listNotInstalled, profileItemsOf, type FleetCallContext } from '../actions/profile/fleetDevices';
import { chooseProfiles, type FleetProfile } from '../actions/profile/fleetProfiles';
import { mapBounded } from '../helpers/boundedParallel';
import { isRecord } from '../transport/responseBody';
import { devicesInScope } from './deviceSearch';
import { decodeIds, encodeIds } from './idSet';
import type { EventWatcher, TriggerRun, TriggerState } from './state';

/** Calls in flight at once within one poll (listings, per-device checks). */
const PARALLEL_CALLS = 8;
/** Devices a manual sample checks at most while looking for failures that pass Only Statuses. */
const SAMPLE_DEVICE_CHECKS = 50;

/** A failing (device, profile) pair, with the Get Status item that describes it. */
interface Failure {
	deviceId: number;
	profile: FleetProfile;
	item: IDataObject;
}

/** Per device id, the watched profiles whose status is to be read from that device. */
type Candidates = Map<number, FleetProfile[]>;

function fleetCallsOf(run: TriggerRun): FleetCallContext {
	return { context: run.context, session: run.session, version: 1, itemIndex: 0 };
}

async function watchedProfiles(run: TriggerRun, at: FleetCallContext): Promise<FleetProfile[]> {
	const names = run.watch.profileNames;
	const selection = names.length > 0 ? { choice: 'byName' as const, names } : { choice: 'all' as const };
	return await chooseProfiles(at.context, at.session, selection, at.version, 0);
}

/** Whether a Get Status item is about this profile: by UUID, or by id should the device's list lack UUIDs. */
function isAbout(profile: FleetProfile, item: IDataObject): boolean {
	return item.profileUuid === undefined || item.profileUuid === null
		? String(item.profileId) === String(profile.id)
		: String(item.profileUuid).toLowerCase() === profile.uuid.toLowerCase();
}

function isReportable(run: TriggerRun, item: IDataObject): boolean {
	return item.installed !== true && (run.watch.statuses.size === 0 || run.watch.statuses.has(String(item.status)));
}

/**
 * Per profile UUID, the devices in scope on which it is not installed now (the per-profile
 * listing), or undefined on a tenant without that listing.
 */
async function listingsOf(
	at: FleetCallContext,
	profiles: FleetProfile[],
	scope: Set<number> | undefined,
): Promise<Map<string, number[]> | undefined> {
	const first = await listNotInstalled(at, profiles[0], true);
	if (first.kind === 'endpointMissing') return undefined;
	const rest = await mapBounded(profiles.length - 1, PARALLEL_CALLS, async (index) => await listNotInstalled(at, profiles[index + 1], false));
	const listings = new Map<string, number[]>();
	[first, ...rest].forEach((listing, index) => {
		const ids = listing.kind === 'listed' ? listing.deviceIds : [];
		listings.set(profiles[index].uuid, scope ? ids.filter((id) => scope.has(id)) : ids);
	});
	return listings;
}

/**
 * Reads the profiles of each candidate device (one call each, a few at a time) and keeps the
 * watched pairs that are still not installed and pass Only Statuses. Past the run's deadline (after
 * the first few) or once `limit` failures are found it starts no more calls: devices left unread
 * are simply not known yet, and come up again at the next poll.
 */
async function confirmFailures(run: TriggerRun, at: FleetCallContext, candidates: Candidates, limit = Number.POSITIVE_INFINITY): Promise<Failure[]> {
	const deviceIds = [...candidates.keys()].sort((a, b) => a - b);
	let found = 0;
	const perDevice = await mapBounded(deviceIds.length, PARALLEL_CALLS, async (index): Promise<Failure[]> => {
		// The first few go ahead whatever the time, so that every poll makes progress.
		if (found >= limit || (index >= PARALLEL_CALLS && Date.now() >= run.deadline)) return [];
		const deviceId = deviceIds[index];
		const items = await profileItemsOf(at, deviceId, (item) => isReportable(run, item));
		const failures = (candidates.get(deviceId) ?? []).flatMap((profile) => {
			const item = items.find((candidate) => isAbout(profile, candidate));
			return item ? [{ deviceId, profile, item }] : [];
		});
		found += failures.length;
		return failures;
	});
	return perDevice.flat().slice(0, limit);
}

function byProfileThenDevice(a: Failure, b: Failure): number {
	return a.profile.name.localeCompare(b.profile.name) || a.profile.uuid.localeCompare(b.profile.uuid) || a.deviceId - b.deviceId;
}

function addTo(candidates: Candidates, deviceId: number, profile: FleetProfile): void {
	const profiles = candidates.get(deviceId);
	if (profiles) profiles.push(profile);
	else candidates.set(deviceId, [profile]);
}

/** The state to keep: per profile UUID, the encoded ids of its failing devices (profiles without any are left out). */
function encodeFailing(recorded: Map<string, number[]>): Record<string, string> {
	const failing: Record<string, string> = {};
	for (const [uuid, ids] of recorded) if (ids.length > 0) failing[uuid] = encodeIds(ids);
	return failing;
}

/** Every device in scope with every watched profile: the candidates on a tenant without per-profile listings. */
async function everyDevice(at: FleetCallContext, profiles: FleetProfile[], scope: Set<number> | undefined): Promise<Candidates> {
	const ids = scope ? [...scope] : await allDeviceIds(at);
	return new Map(ids.map((id) => [id, profiles]));
}

/** Per profile UUID, the ids of devices whose failure is known; undefined on the first poll. */
type KnownFailures = Map<string, Set<number>> | undefined;

function knownFailuresOf(previous: TriggerState | undefined): KnownFailures {
	const failing = previous?.failing;
	if (!isRecord(failing)) return undefined;
	return new Map(Object.entries(failing).map(([uuid, encoded]) => [uuid, new Set(decodeIds(encoded))]));
}

/** What a poll found: per profile UUID the failing devices to remember, and the failures that are new. */
interface Findings {
	recorded: Map<string, number[]>;
	fresh: Failure[];
}

function findingsOf(profiles: FleetProfile[], failures: Failure[], known: KnownFailures, alreadyRecorded?: Map<string, number[]>): Findings {
	const recorded = alreadyRecorded ?? new Map(profiles.map((profile) => [profile.uuid, []]));
	for (const failure of failures) recorded.get(failure.profile.uuid)?.push(failure.deviceId);
	const fresh = failures.filter((failure) => !known?.get(failure.profile.uuid)?.has(failure.deviceId));
	return { recorded, fresh };
}

/**
 * With per-profile listings: pairs known at the last poll and still listed stay known without a
 * call; only the others are read from their device. The silent first poll without Only
 * Statuses records the listings as they are, without any per-device call.
 */
async function findFromListings(
	run: TriggerRun,
	at: FleetCallContext,
	profiles: FleetProfile[],
	listings: Map<string, number[]>,
	known: KnownFailures,
): Promise<Findings> {
	const recorded = new Map<string, number[]>(profiles.map((profile) => [profile.uuid, []]));
	const candidates: Candidates = new Map();
	for (const profile of profiles) {
		for (const deviceId of listings.get(profile.uuid) ?? []) {
			if (known?.get(profile.uuid)?.has(deviceId)) recorded.get(profile.uuid)?.push(deviceId);
			else addTo(candidates, deviceId, profile);
		}
	}
	const silent = known === undefined && !run.watch.emitExisting;
	if (silent && run.watch.statuses.size === 0) {
		for (const [deviceId, candidateProfiles] of candidates) {
			for (const profile of candidateProfiles) recorded.get(profile.uuid)?.push(deviceId);
		}
		return { recorded, fresh: [] };
	}
	return findingsOf(profiles, await confirmFailures(run, at, candidates), known, recorded);
}

/** Without per-profile listings: every device in scope is read on every poll, deadline or not, to know what still fails. */
async function findFromEveryDevice(
	run: TriggerRun,
	at: FleetCallContext,
	profiles: FleetProfile[],
	scope: Set<number> | undefined,
	known: KnownFailures,
): Promise<Findings> {
	const failures = await confirmFailures({ ...run, deadline: Number.POSITIVE_INFINITY }, at, await everyDevice(at, profiles, scope));
	return findingsOf(profiles, failures, known);
}

/**
 * Profile failed or not installed. A pair is reported when it appears among the profile's
 * not-installed devices (and passes Only Statuses) while it was not known at the last poll; it
 * stays known while it keeps failing, and is forgotten once installed, so a later failure is new.
 */
export const profileFailed: EventWatcher = {
	async poll(run, previous) {
		const known = knownFailuresOf(previous);
		const at = fleetCallsOf(run);
		const profiles = await watchedProfiles(run, at);
		if (profiles.length === 0) return { state: { failing: {} }, items: [] };
		const scope = await devicesInScope(run);
		const listings = await listingsOf(at, profiles, scope);
		const { recorded, fresh } = listings
			? await findFromListings(run, at, profiles, listings, known)
			: await findFromEveryDevice(run, at, profiles, scope, known);
		const emitting = known !== undefined || run.watch.emitExisting;
		return {
			state: { failing: encodeFailing(recorded) },
			items: emitting ? fresh.sort(byProfileThenDevice).map((failure) => failure.item) : [],
		};
	},

	async sample(run, limit) {
		const at = fleetCallsOf(run);
		const profiles = await watchedProfiles(run, at);
		if (profiles.length === 0) return [];
		const scope = await devicesInScope(run);
		const listings = await listingsOf(at, profiles, scope);
		let candidates: Candidates = new Map();
		if (listings) {
			for (const profile of profiles) for (const deviceId of listings.get(profile.uuid) ?? []) addTo(candidates, deviceId, profile);
		} else {
			candidates = await everyDevice(at, profiles, scope);
		}
		const firstDevices = new Map([...candidates].sort(([a], [b]) => a - b).slice(0, SAMPLE_DEVICE_CHECKS));
		const failures = await confirmFailures(run, at, firstDevices, limit);
		return failures.sort(byProfileThenDevice).map((failure) => failure.item);
	},
};

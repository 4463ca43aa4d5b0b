import type { IDataObject } from 'n8n-workflow';

import { isRecord } from '../transport/responseBody';
import { scanFleet, type FleetFindings, type FleetScan } from '../uem/fleet';
import { profileFleet } from '../uem/profileFleet';
import { chooseProfiles, profileMatcher, type FleetProfile } from '../uem/profiles';
import { devicesInScope } from './deviceSearch';
import { decodeIds, encodeIds } from './idSet';
import type { EventWatcher, TriggerRun, TriggerState } from './state';

/** Devices a manual sample reads at most while looking for failures that pass Only Statuses. */
const SAMPLE_DEVICE_READS = 50;

/** A failing (device, profile) pair, with the Get Status item that describes it. */
interface Failure {
	deviceId: number;
	profile: FleetProfile;
	item: IDataObject;
}

async function watchedProfiles(run: TriggerRun): Promise<FleetProfile[]> {
	const names = run.watch.profileNames;
	return await chooseProfiles(run.api, names.length > 0 ? { choice: 'byName', names } : { choice: 'all' }, 1);
}

/** The watched profiles' failures in the watch's scope, keeping the items Only Statuses reports. */
async function scanProfiles(run: TriggerRun, profiles: FleetProfile[], limits: Pick<FleetScan<FleetProfile>, 'mustRead' | 'mayReadMore'>) {
	const { statuses } = run.watch;
	return await scanFleet(run.api, {
		source: profileFleet(1),
		subjects: profiles,
		scope: await devicesInScope(run),
		wanted: (item) => item.installed !== true && (statuses.size === 0 || statuses.has(String(item.status))),
		...limits,
	});
}

/** Per profile UUID, the ids of devices whose failure is known; undefined on the first poll. */
function knownFailuresOf(previous: TriggerState | undefined): Map<string, Set<number>> | undefined {
	const failing = previous?.failing;
	if (!isRecord(failing)) return undefined;
	return new Map(Object.entries(failing).map(([uuid, encoded]) => [uuid, new Set(decodeIds(encoded))]));
}

/** The pairs a scan confirmed by reading their device: listed for that profile, or (every device read) any watched one. */
function confirmed(profiles: FleetProfile[], findings: FleetFindings): Failure[] {
	const about = profileMatcher(profiles);
	const listed = new Map([...findings.listed].map(([uuid, ids]) => [uuid, new Set(ids)]));
	const failures: Failure[] = [];
	for (const [deviceId, items] of findings.read) {
		for (const item of items) {
			const profile = about(item);
			if (profile && (findings.mode === 'everyDevice' || listed.get(profile.uuid)?.has(deviceId))) failures.push({ deviceId, profile, item });
		}
	}
	return failures;
}

function byProfileThenDevice(a: Failure, b: Failure): number {
	return a.profile.name.localeCompare(b.profile.name) || a.profile.uuid.localeCompare(b.profile.uuid) || a.deviceId - b.deviceId;
}

/**
 * Profile failed or not installed. A pair is reported when it appears among the profile's
 * not-installed devices (and passes Only Statuses) while it was not known at the last poll; it
 * stays known while it keeps failing, and is forgotten once installed, so a later failure is new.
 * Known pairs still listed stay known without a call; only the others are read from their device
 * (past the poll's deadline no more are: they come up at the next poll). The silent first poll
 * without Only Statuses records the listings as they are, without any per-device call. A tenant
 * without per-profile listings has every device in scope read on every poll, to know what still fails.
 */
export const profileFailed: EventWatcher = {
	async poll(run, previous) {
		const known = knownFailuresOf(previous);
		const profiles = await watchedProfiles(run);
		if (profiles.length === 0) return { state: { failing: {} }, items: [] };
		const recordOnly = known === undefined && !run.watch.emitExisting && run.watch.statuses.size === 0;
		const isKnown = (deviceId: number, profile: FleetProfile) => known?.get(profile.uuid)?.has(deviceId) === true;
		const findings = await scanProfiles(run, profiles, {
			mustRead: (deviceId, profile) => !recordOnly && !isKnown(deviceId, profile),
			mayReadMore: (sofar) => sofar.mode === 'everyDevice' || Date.now() < run.deadline,
		});

		const failures = confirmed(profiles, findings);
		const recorded = new Map<string, number[]>(profiles.map((profile) => [profile.uuid, []]));
		for (const failure of failures) recorded.get(failure.profile.uuid)?.push(failure.deviceId);
		if (findings.mode === 'listings') {
			for (const profile of profiles) {
				const keep = recordOnly ? () => true : (deviceId: number) => isKnown(deviceId, profile);
				for (const deviceId of findings.listed.get(profile.uuid) ?? []) if (keep(deviceId)) recorded.get(profile.uuid)?.push(deviceId);
			}
		}
		const failing: Record<string, string> = {};
		for (const [uuid, ids] of recorded) if (ids.length > 0) failing[uuid] = encodeIds(ids);

		const emitting = known !== undefined || run.watch.emitExisting;
		const fresh = failures.filter((failure) => !isKnown(failure.deviceId, failure.profile));
		return { state: { failing }, items: emitting ? fresh.sort(byProfileThenDevice).map((failure) => failure.item) : [] };
	},

	async sample(run, limit) {
		const profiles = await watchedProfiles(run);
		if (profiles.length === 0) return [];
		const findings = await scanProfiles(run, profiles, {
			mayReadMore: (sofar) => sofar.read.size < SAMPLE_DEVICE_READS && confirmed(profiles, sofar).length < limit,
		});
		return confirmed(profiles, findings).sort(byProfileThenDevice).slice(0, limit).map((failure) => failure.item);
	},
};

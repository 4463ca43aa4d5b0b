// What the trigger keeps in the node's static data: small enough for 50,000 devices (read from a
// fake tenant through the trigger's own code), about the event, filters and tenant it was recorded
// for, and carried over a restart as n8n saves it (through n8n's poll context and the simulator).
import { deviceEnrolled } from '../../nodes/WorkspaceOneUem/trigger/deviceEnrolled';
import { deviceNonCompliant } from '../../nodes/WorkspaceOneUem/trigger/deviceNonCompliant';
import { decodeIds } from '../../nodes/WorkspaceOneUem/trigger/idSet';
import { profileFailed } from '../../nodes/WorkspaceOneUem/trigger/profileFailed';
import type { TriggerState } from '../../nodes/WorkspaceOneUem/trigger/state';
import { startSimulator } from '../../simulator';
import { empty, FakeApi, ok } from '../harness/fakes';
import { Poller } from '../harness/poll';
import { simulatorCredentials } from '../harness/workflow';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

const CORRUPTED = 9;

/**
 * A fake tenant of 50,000 devices (ids 1001…51000) behind the client's interface: the trigger's
 * own code reads it, pages and all, in milliseconds. `failing` gives, per profile UUID, the
 * devices where it is not installed (status 1, pending); `nonCompliant`, the non-compliant devices.
 */
function fakeTenant(failing: Record<string, number[]>, nonCompliant: number[] = []) {
	const ids = Array.from({ length: 50_000 }, (_v, index) => 1001 + index);
	const profiles = Object.keys(failing).map((uuid, index) => ({ ProfileId: index + 1, ProfileUuid: uuid, ProfileName: `Profile ${uuid}` }));
	const failingSets = new Map(Object.entries(failing).map(([uuid, devices]) => [uuid, new Set(devices)]));
	const pageOf = <T>(all: T[], query: URLSearchParams) => {
		const page = Number(query.get('page') ?? 0);
		const size = Number(query.get('pagesize') ?? 500);
		return all.slice(page * size, (page + 1) * size);
	};
	const calls = { listings: 0, devices: 0 };
	const api = new FakeApi((path) => {
		const [route, search] = path.split('?');
		const query = new URLSearchParams(search);
		if (route === '/api/mdm/profiles/search') return ok({ ProfileList: profiles, Page: 0, PageSize: 500, Total: profiles.length });
		const listing = /^\/api\/mdm\/profiles\/([^/]+)\/devices$/.exec(route);
		if (listing) {
			calls.listings++;
			const all = failing[decodeURIComponent(listing[1])] ?? [];
			return ok({ profileAssignedDevices: pageOf(all, query).map((id) => ({ id })), TotalResults: all.length });
		}
		const device = /^\/api\/mdm\/devices\/(\d+)\/profiles$/.exec(route);
		if (device) {
			calls.devices++;
			const id = Number(device[1]);
			const statuses = profiles.map((profile) => ({ Id: { Value: profile.ProfileId }, Uuid: profile.ProfileUuid, Name: profile.ProfileName, Status: failingSets.get(profile.ProfileUuid)?.has(id) ? 1 : 3 }));
			return ok({ DeviceId: { Id: { Value: id } }, DeviceProfiles: statuses, Page: 0, PageSize: 500, Total: statuses.length });
		}
		if (route === '/api/mdm/devices/search') {
			const sorted = query.get('sortorder') === 'DESC' ? [...ids].reverse() : ids;
			const matching = query.get('compliantstatus') === 'NonCompliant' ? nonCompliant : sorted;
			const devices = pageOf(matching, query).map((id) => ({ Id: { Value: id }, ComplianceStatus: query.get('compliantstatus') ?? 'Compliant' }));
			return devices.length === 0 ? empty() : ok({ Devices: devices, Page: Number(query.get('page')), PageSize: Number(query.get('pagesize')), Total: matching.length });
		}
		throw new Error(`unexpected call ${path}`);
	}, 8);
	return { api, calls, ids };
}

/** One poll of an event against a fake tenant, as the trigger's watcher does it; the state as n8n saves it. */
async function pollOnce(api: FakeApi, event: keyof typeof WATCHERS, previous?: TriggerState) {
	const watch = { event, organizationGroupId: 0, platform: '', profileNames: [], statuses: new Set<string>(), emitExisting: false, transport: { timeoutMs: 60_000, requestsPerMinute: 0, concurrency: 8 } };
	const outcome = await WATCHERS[event].poll({ context: {} as never, api, watch, deadline: Number.POSITIVE_INFINITY }, previous);
	const state = { v: 1 as const, fingerprint: 'f'.repeat(16), ...outcome.state };
	return { state, items: outcome.items, bytes: Buffer.byteLength(JSON.stringify({ workspaceOneUemTrigger: state })) };
}

const WATCHERS = { profileFailed, deviceNonCompliant, deviceEnrolled };

/** A scattered subset: every device whose id passes a fixed pseudo-random draw. */
function scattered(ids: number[], share: number, seed: number): number[] {
	return ids.filter((id) => ((id * 2654435761 + seed) % 1000) / 1000 < share);
}

describe('trigger state for 50,000 devices', () => {
	it('stays under 200 bytes when a profile fails on all of 50,000 devices, and under 70 KB when on a scattered 45 %, and is exact', async () => {
		const ids = Array.from({ length: 50_000 }, (_v, index) => 1001 + index);
		const everyDevice = fakeTenant({ 'p-all': ids });
		const recorded = await pollOnce(everyDevice.api, 'profileFailed');
		expect(recorded.bytes).toBeLessThanOrEqual(200);
		// 100 pages of the profile's listing, and not one call per device (the silent first poll).
		expect(everyDevice.calls).toEqual({ listings: 100, devices: 0 });
		expect(decodeIds(recorded.state.failing?.['p-all'])).toEqual(ids);

		const some = scattered(ids, 0.45, 7);
		const scatteredTenant = fakeTenant({ 'p-some': some });
		const scatteredState = await pollOnce(scatteredTenant.api, 'profileFailed');
		expect(some.length).toBeGreaterThan(20_000);
		expect(scatteredState.bytes).toBeLessThanOrEqual(70_000);
		expect(decodeIds(scatteredState.state.failing?.['p-some'])).toEqual(some);

		// One more failing device is reported, once.
		const grown = fakeTenant({ 'p-some': [...some, ids.find((id) => !some.includes(id)) as number].sort((a, b) => a - b) });
		const next = await pollOnce(grown.api, 'profileFailed', scatteredState.state);
		expect(next.items).toHaveLength(1);
		expect(grown.calls.devices).toBe(1);
	});

	it('stays under 120 KB when six profiles fail on every device of 50,000, and under 6 KB for a typical fleet', async () => {
		const ids = Array.from({ length: 50_000 }, (_v, index) => 1001 + index);
		const six = Object.fromEntries(Array.from({ length: 6 }, (_v, index) => [`p-${index}`, ids]));
		expect((await pollOnce(fakeTenant(six).api, 'profileFailed')).bytes).toBeLessThanOrEqual(120_000);
		// About 0.6 % of the installs of six profiles not confirmed (some 1,900 pairs), as the demo tenant has.
		const typical = Object.fromEntries(Array.from({ length: 6 }, (_v, index) => [`p-${index}`, scattered(ids, 0.0064, index)]));
		expect(Object.values(typical).flat().length).toBeGreaterThan(1_500);
		expect((await pollOnce(fakeTenant(typical).api, 'profileFailed')).bytes).toBeLessThanOrEqual(6_000);
	});

	it('keeps half of 50,000 devices non-compliant in under 70 KB, and a device enrolment cursor as one number', async () => {
		const ids = Array.from({ length: 50_000 }, (_v, index) => 1001 + index);
		// Every other device: no runs of consecutive ids to shorten the set.
		const half = ids.filter((_id, index) => index % 2 === 0);
		const compliance = await pollOnce(fakeTenant({}, half).api, 'deviceNonCompliant');
		expect(compliance.bytes).toBeLessThanOrEqual(70_000);
		expect(decodeIds(compliance.state.nonCompliant)).toEqual(half);

		const enrolments = await pollOnce(fakeTenant({}).api, 'deviceEnrolled');
		expect(enrolments.state).toMatchObject({ lastDeviceId: 51_000 });
		expect(enrolments.bytes).toBeLessThan(100);
	});
});

describe('trigger state: what it is about, and across restarts', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ devices: 600, seed: 7 });
	});
	afterAll(async () => await sim.close());

	const installedPair = (profileName: string) => {
		for (const device of sim.fleet.devices) {
			const assignment = device.assignments.find((a) => a.profile.name === profileName && a.status === 3);
			if (assignment) return { deviceId: device.id, profileId: assignment.profile.id };
		}
		throw new Error(`nothing installed for ${profileName}`);
	};

	it('starts afresh, silently, when the filters change, instead of reporting the difference as new', async () => {
		const poller = new Poller({ parameters: { event: 'profileFailed', filters: { platform: 'Apple' } }, credentials: simulatorCredentials(sim) });
		await poller.poll();
		const before = poller.nodeState().workspaceOneUemTrigger as { fingerprint: string };

		// The same node with a wider filter: every Android failure would otherwise look new.
		poller.node.parameters = { ...poller.node.parameters, filters: {} };
		expect(await poller.poll()).toBeNull();
		const after = poller.nodeState().workspaceOneUemTrigger as { fingerprint: string };
		expect(after.fingerprint).not.toBe(before.fingerprint);

		const pair = installedPair('Passcode Policy');
		sim.fleet.setProfileStatus(pair.deviceId, pair.profileId, CORRUPTED);
		expect((await poller.poll())?.map((item) => item.deviceId)).toEqual([pair.deviceId]);
	});

	it('starts afresh when the event changes', async () => {
		const poller = new Poller({ parameters: { event: 'profileFailed' }, credentials: simulatorCredentials(sim) });
		await poller.poll();
		poller.node.parameters = { ...poller.node.parameters, event: 'deviceNonCompliant' };
		expect(await poller.poll()).toBeNull();
		expect(Object.keys(poller.nodeState().workspaceOneUemTrigger as object)).toEqual(['v', 'fingerprint', 'nonCompliant']);
	});

	it('after a restart from the static data n8n saved with the last emitted run, reports nothing twice', async () => {
		const first = new Poller({ parameters: { event: 'profileFailed' }, credentials: simulatorCredentials(sim) });
		await first.poll();
		const pair = installedPair('Root CA Certificate');
		sim.fleet.setProfileStatus(pair.deviceId, pair.profileId, CORRUPTED);
		expect(await first.poll()).toHaveLength(1);

		const restarted = new Poller({ parameters: { event: 'profileFailed' }, credentials: simulatorCredentials(sim), staticData: first.savedStaticData() });
		expect(await restarted.poll()).toBeNull();
		const next = installedPair('Root CA Certificate');
		sim.fleet.setProfileStatus(next.deviceId, next.profileId, CORRUPTED);
		expect((await restarted.poll())?.map((item) => item.deviceId)).toEqual([next.deviceId]);
	});

	it('keeps a poll that failed from changing the state: the failure is reported once the tenant answers again', async () => {
		const poller = new Poller({ parameters: { event: 'profileFailed' }, credentials: simulatorCredentials(sim) });
		await poller.poll();
		const saved = JSON.stringify(poller.nodeState());
		const pair = installedPair('Wi-Fi - Corporate');
		sim.fleet.setProfileStatus(pair.deviceId, pair.profileId, CORRUPTED);
		sim.settings.forced.deviceProfiles = { status: 403, body: { errorCode: 1011, message: 'Insufficient permissions.' } };
		try {
			await expect(poller.poll()).rejects.toMatchObject({ message: expect.stringContaining('not allowed') });
		} finally {
			delete sim.settings.forced.deviceProfiles;
		}
		expect(JSON.stringify(poller.nodeState())).toBe(saved);
		expect((await poller.poll())?.map((item) => item.deviceId)).toEqual([pair.deviceId]);
	});
});

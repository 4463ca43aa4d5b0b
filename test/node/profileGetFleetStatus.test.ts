// Profile → Get Fleet Status through n8n's engine: per-profile listings instead of one call per
// device, the same items as Get Status, profile choice, filters, and the per-device fallback.
import type { IDataObject } from 'n8n-workflow';

import { startSimulator } from '../../simulator';
import { runWorkflow, simulatorCredentials, type WorkflowRun } from '../harness/workflow';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

/** What identifies an output item: device, profile and status code. */
const keysOf = (items: WorkflowRun['items']) => items.map((item) => `${item.json.deviceId}/${item.json.profileId}/${item.json.statusCode}`);

describe('Profile → Get Fleet Status', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ devices: 1200, seed: 5 });
	});
	afterAll(async () => await sim.close());
	beforeEach(() => {
		sim.resetCounters();
		sim.settings.profileEndpoints = true;
	});

	// No client-side rate limit: these runs are about what comes out (the limit has tests of its own).
	const fleetStatus = async (parameters: IDataObject = {}, continueOnFail = false) =>
		await runWorkflow({
			steps: [
				{
					parameters: { resource: 'profile', operation: 'getFleetStatus', ...parameters, options: { requestsPerMinute: 0, ...(parameters.options as object) } },
					continueOnFail,
				},
			],
			credentials: simulatorCredentials(sim),
		});

	const expectedPairs = (keep: (pair: ReturnType<Simulator['fleet']['notInstalled']>[number]) => boolean = () => true) =>
		sim.fleet
			.notInstalled()
			.filter(keep)
			.map((pair) => `${pair.deviceId}/${pair.profileId}/${pair.statusCode}`);

	it('outputs every (device, profile) not installed across the fleet, with calls per failure, not per device', async () => {
		const result = await fleetStatus();
		expect(result.error).toBeUndefined();
		const expected = expectedPairs();
		expect(expected.length).toBeGreaterThan(50);
		expect(keysOf(result.items)).toEqual(expected);

		const failingDevices = new Set(sim.fleet.notInstalled().map((pair) => pair.deviceId)).size;
		const { byRoute } = sim.snapshot();
		expect(byRoute.profileSearch).toBe(1);
		// One page of at most 500 per profile here; then one status call per failing device.
		const pages = sim.fleet.profiles.reduce((sum, p) => sum + Math.max(1, Math.ceil(sim.fleet.devicesForProfile(p, false).length / 500)), 0);
		expect(byRoute.profileDevices).toBe(pages);
		expect(byRoute.deviceProfiles).toBe(failingDevices);
		expect(byRoute.deviceProfiles).toBeLessThan(sim.fleet.devices.length / 2);
	});

	it('gives each item the fields of Get Status', async () => {
		const [pair] = sim.fleet.notInstalled();
		const fleet = await fleetStatus();
		const perDevice = await runWorkflow({
			steps: [{ parameters: { resource: 'profile', operation: 'getStatus', options: { onlyNotInstalled: true } } }],
			credentials: simulatorCredentials(sim),
			input: [{ Id: { Value: pair.deviceId } }],
		});
		const fromFleet = fleet.items.filter((item) => item.json.deviceId === pair.deviceId).map((item) => item.json);
		expect(fromFleet).toEqual(perDevice.items.map((item) => item.json));
		expect(fromFleet[0]).toMatchObject({ deviceId: pair.deviceId, profileUuid: pair.profileUuid, installed: false });
	});

	it('reports on profiles chosen by name (any case, one per line) or by UUID (separated by commas)', async () => {
		const [wifi, vpn] = [sim.fleet.profiles[0], sim.fleet.profiles[3]];
		const byName = await fleetStatus({ profiles: 'byName', profileNames: `${wifi.name.toUpperCase()}\n\n ${vpn.name} \n` });
		const byUuid = await fleetStatus({ profiles: 'byUuid', profileUuids: `${wifi.uuid}, ${vpn.uuid.toUpperCase()}` });
		const expected = expectedPairs((pair) => pair.profileId === wifi.id || pair.profileId === vpn.id);
		expect(expected.length).toBeGreaterThan(0);
		expect(keysOf(byName.items)).toEqual(expected);
		expect(keysOf(byUuid.items)).toEqual(expected);
	});

	it('applies the status and profile-name filters', async () => {
		const result = await fleetStatus({ options: { statuses: ['PendingInstall'], profileName: 'wi-fi' } });
		const wifi = sim.fleet.profiles.find((p) => p.name === 'Wi-Fi - Corporate')!;
		expect(keysOf(result.items)).toEqual(expectedPairs((pair) => pair.profileId === wifi.id && pair.statusCode === 1));
		// Only the chosen profile was listed.
		expect(sim.snapshot().byRoute.profileDevices).toBe(1);
	});

	it('names unknown profiles and lists the known ones, per item under Continue On Fail', async () => {
		const stopped = await fleetStatus({ profiles: 'byName', profileNames: 'Wi-Fi - Corporate\nWiFi Corp' });
		expect(stopped.error?.message).toBe('No profile with the name "WiFi Corp"');
		expect(stopped.error?.description).toContain('"Wi-Fi - Corporate"');
		const continued = await fleetStatus({ profiles: 'byUuid', profileUuids: ' , ' }, true);
		expect(continued.items.map((item) => item.json.error)).toEqual(['Profile UUIDs is empty']);
	});

	it('says which choices Profiles has when a workflow holds another value, without a call', async () => {
		const run = await fleetStatus({ profiles: '{{ $json.which }}', profileNames: 'Wi-Fi - Corporate' });
		expect(run.error?.message).toBe('Profiles must be All Profiles, By Name or By UUID, got "{{ $json.which }}"');
		expect(sim.snapshot().requests).toBe(0);
	});

	it('falls back to one call per device on a tenant without the per-profile listing, and says so', async () => {
		sim.settings.profileEndpoints = false;
		// No client-side limit: 1,200 calls at the default 4,000 a minute would take 18 s here.
		const result = await fleetStatus({ options: { requestsPerMinute: 0 } });
		expect(result.error).toBeUndefined();
		expect(keysOf(result.items)).toEqual(expectedPairs());
		expect(sim.snapshot().byRoute.deviceProfiles).toBe(sim.fleet.devices.length);
		const hints = result.run.data.resultData.runData['UEM 1'][0].hints ?? [];
		expect(hints.map((hint) => hint.message)).toEqual([
			expect.stringContaining(`answered HTTP 404), so Get Fleet Status checked every device instead: ${sim.fleet.devices.length} per-device calls were made.`),
		]);
	});

	it('tells a profile deleted during the run from a missing endpoint', async () => {
		const profile = sim.fleet.profiles[1];
		sim.settings.forced.profileDevices = { status: 404, body: { errorCode: 5061, message: 'Profile not found.', activityId: 'act-1' } };
		try {
			const result = await fleetStatus({ profiles: 'byUuid', profileUuids: profile.uuid });
			// The first profile is the probe: "profile not found" there is a deleted profile, not an old tenant.
			expect(result.error?.message).toBe(`UEM no longer finds the profile "${profile.name}" (${profile.uuid})`);
			expect(sim.snapshot().byRoute.deviceProfiles ?? 0).toBe(0);
		} finally {
			delete sim.settings.forced.profileDevices;
		}
	});

	it('keeps at most Concurrency calls open in the whole run, also when several fleet reports run together', async () => {
		sim.faults.config.latencyMs = 5;
		try {
			const result = await runWorkflow({
				steps: [{ parameters: { resource: 'profile', operation: 'getFleetStatus', options: { concurrency: 6, requestsPerMinute: 0 } } }],
				credentials: simulatorCredentials(sim),
				input: [{}, {}],
			});
			expect(result.error).toBeUndefined();
			expect(keysOf(result.items)).toEqual([...expectedPairs(), ...expectedPairs()]);
			// Two reports, each with a pool of reads, share the run's six open calls (up to 12 before).
			expect(sim.snapshot().maxInFlight).toBe(6);
		} finally {
			sim.faults.config.latencyMs = 0;
		}
	});
});

// What the trigger keeps in the node's static data: small enough for 50,000 devices, about the
// event, filters and tenant it was recorded for, and carried over a restart as n8n saves it.
import { startSimulator } from '../../simulator';
import { Poller } from '../harness/poll';
import { simulatorCredentials } from '../harness/workflow';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

const CORRUPTED = 9;

/** The trigger's state as n8n saves it with the workflow: bytes of JSON. */
const stateBytes = (poller: Poller) => Buffer.byteLength(JSON.stringify(poller.nodeState()));

describe('trigger state for 50,000 devices', () => {
	let sim: Simulator;
	afterEach(async () => await sim.close());

	it('stays under 70 KB when a profile fails on all of 50,000 devices, and is exact', async () => {
		sim = await startSimulator({ devices: 50_000, seed: 2, statusMix: { 1: 1 } });
		const watchOne = async (name: string) => {
			const poller = new Poller({
				parameters: { event: 'profileFailed', profileNames: name, options: { requestsPerMinute: 0 } },
				credentials: simulatorCredentials(sim),
			});
			sim.resetCounters();
			expect(await poller.poll()).toBeNull();
			return poller;
		};
		// On every device: one run of consecutive ids.
		const wifi = sim.fleet.profiles.find((p) => p.name === 'Wi-Fi - Corporate')!;
		expect(sim.fleet.devicesForProfile(wifi, false)).toHaveLength(50_000);
		const everyDevice = await watchOne(wifi.name);
		expect(stateBytes(everyDevice)).toBeLessThanOrEqual(200);
		// 100 pages of the profile's listing, and not one call per device.
		expect(sim.snapshot().byRoute.profileDevices).toBe(100);
		expect(sim.snapshot().byRoute.deviceProfiles ?? 0).toBe(0);
		// On every Apple device, scattered among the others: the costliest kind of set.
		const apple = sim.fleet.profiles.find((p) => p.name === 'iOS Restrictions')!;
		expect(sim.fleet.devicesForProfile(apple, false).length).toBeGreaterThan(20_000);
		const scattered = await watchOne(apple.name);
		expect(stateBytes(scattered)).toBeLessThanOrEqual(70_000);

		sim.fleet.setProfileStatus(1000 + 50_000, wifi.id, 3);
		expect(await everyDevice.poll()).toBeNull();
		sim.fleet.setProfileStatus(1000 + 50_000, wifi.id, CORRUPTED);
		expect(await everyDevice.poll()).toEqual([expect.objectContaining({ deviceId: 51_000, profileId: wifi.id, status: 'Corrupted' })]);
	});

	it('stays under 120 KB when every profile fails on every device of 50,000, and under 6 KB for a typical fleet', async () => {
		sim = await startSimulator({ devices: 50_000, seed: 2, statusMix: { 1: 1 } });
		const everything = new Poller({ parameters: { event: 'profileFailed', options: { requestsPerMinute: 0 } }, credentials: simulatorCredentials(sim) });
		await everything.poll();
		expect(sim.fleet.notInstalled().length).toBeGreaterThan(300_000);
		expect(stateBytes(everything)).toBeLessThanOrEqual(120_000);
		await sim.close();

		// About 0.6 % of profile installs not confirmed (some 1,900 pairs), as the demo tenant has.
		sim = await startSimulator({ devices: 50_000, seed: 2, statusMix: { 3: 9940, 1: 20, 2: 8, 7: 8, 9: 8, 8: 6, 0: 5, 4: 3, 6: 2 } });
		const typical = new Poller({ parameters: { event: 'profileFailed' }, credentials: simulatorCredentials(sim) });
		await typical.poll();
		expect(stateBytes(typical)).toBeLessThanOrEqual(6_000);
	});

	it('keeps half of 50,000 devices non-compliant in under 70 KB, and a device enrolment cursor as one number', async () => {
		sim = await startSimulator({ devices: 50_000, seed: 3 });
		// Every other device: no runs of consecutive ids to shorten the set.
		sim.fleet.devices.forEach((device, index) => (device.compliance = index % 2 === 0 ? 'NonCompliant' : 'Compliant'));
		const compliance = new Poller({ parameters: { event: 'deviceNonCompliant', options: { requestsPerMinute: 0 } }, credentials: simulatorCredentials(sim) });
		await compliance.poll();
		expect(stateBytes(compliance)).toBeLessThanOrEqual(70_000);

		const enrolments = new Poller({ parameters: { event: 'deviceEnrolled' }, credentials: simulatorCredentials(sim) });
		await enrolments.poll();
		expect(enrolments.nodeState().workspaceOneUemTrigger).toMatchObject({ lastDeviceId: 51_000 });
		expect(stateBytes(enrolments)).toBeLessThan(100);
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

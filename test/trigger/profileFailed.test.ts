// Trigger, event "Profile failed or not installed", polled through n8n-core's PollContext against
// the simulator: a silent first poll, each new failure reported once, a recovered pair reported
// again when it fails anew, Only Statuses, profile names, group and platform, and old tenants.
import { startSimulator } from '../../simulator';
import { Poller } from '../harness/poll';
import { simulatorCredentials } from '../harness/workflow';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;
type Device = Simulator['fleet']['devices'][number];

const CONFIRMED_INSTALL = 3;
const PENDING_INSTALL = 1;
const CORRUPTED = 9;

describe('trigger: profile failed or not installed', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ devices: 800, seed: 21 });
	});
	afterAll(async () => await sim.close());
	beforeEach(() => {
		sim.resetCounters();
		sim.settings.profileEndpoints = true;
	});

	const watch = (parameters: Record<string, unknown> = {}, options: { pollBudgetMs?: number } = {}) =>
		new Poller({ parameters: { event: 'profileFailed', ...parameters }, credentials: simulatorCredentials(sim), ...options });

	/** A device and one of its profiles that is installed now, optionally on a device that `where` accepts. */
	function installedPair(profileName: string, where: (device: Device) => boolean = () => true) {
		for (const device of sim.fleet.devices) {
			if (!where(device)) continue;
			const assignment = device.assignments.find((a) => a.profile.name === profileName && a.status === CONFIRMED_INSTALL);
			if (assignment) return { device, profile: assignment.profile };
		}
		throw new Error(`no device with "${profileName}" installed`);
	}

	const keysOf = (items: Array<Record<string, unknown>> | null) => (items ?? []).map((item) => `${item.deviceId}/${item.profileId}/${item.status}`);

	it('records the fleet silently at the first poll, without a call per device', async () => {
		const poller = watch();
		expect(sim.fleet.notInstalled().length).toBeGreaterThan(50);
		expect(await poller.poll()).toBeNull();
		const { byRoute } = sim.snapshot();
		expect(byRoute.profileSearch).toBe(1);
		expect(byRoute.profileDevices).toBe(sim.fleet.profiles.length);
		expect(byRoute.deviceProfiles ?? 0).toBe(0);
		expect(Object.keys(poller.nodeState().workspaceOneUemTrigger as object)).toEqual(['v', 'fingerprint', 'failing']);
	});

	it('reports a profile that flips to failed once across three polls, with the fields of Get Status', async () => {
		const poller = watch();
		await poller.poll();
		const { device, profile } = installedPair('Wi-Fi - Corporate');
		sim.fleet.setProfileStatus(device.id, profile.id, CORRUPTED);
		sim.resetCounters();

		const polls = [await poller.poll(), await poller.poll(), await poller.poll()];
		expect(polls[0]).toEqual([
			expect.objectContaining({
				event: 'profileFailed',
				deviceId: device.id,
				deviceUuid: device.uuid,
				profileId: profile.id,
				profileUuid: profile.uuid,
				name: profile.name,
				statusCode: CORRUPTED,
				status: 'Corrupted',
				installed: false,
			}),
		]);
		expect(polls.slice(1)).toEqual([null, null]);
		// Three polls: each lists the profiles; only the new failure costs a per-device call.
		const { byRoute } = sim.snapshot();
		expect(byRoute.profileSearch).toBe(3);
		expect(byRoute.deviceProfiles).toBe(1);
	});

	it('version 2: watches profiles picked by name, in an organization group picked From List', async () => {
		const emea = 571;
		const { device, profile } = installedPair('Wi-Fi - Corporate', (candidate) => candidate.groupId === emea);
		const poller = new Poller({
			typeVersion: 2,
			parameters: { event: 'profileFailed', profileNames: ['Wi-Fi - Corporate'], filters: { organizationGroup: { __rl: true, mode: 'list', value: String(emea) } } },
			credentials: simulatorCredentials(sim),
		});
		expect(await poller.poll()).toBeNull();
		sim.fleet.setProfileStatus(device.id, profile.id, CORRUPTED);
		const outside = installedPair('Wi-Fi - Corporate', (candidate) => candidate.groupId !== emea);
		sim.fleet.setProfileStatus(outside.device.id, outside.profile.id, CORRUPTED);
		expect(keysOf(await poller.poll())).toEqual([`${device.id}/${profile.id}/Corrupted`]);
	});

	it('reports a pair again when it recovers and then fails anew, and not while it stays failed', async () => {
		const poller = watch();
		await poller.poll();
		const { device, profile } = installedPair('Passcode Policy');

		sim.fleet.setProfileStatus(device.id, profile.id, PENDING_INSTALL);
		expect(keysOf(await poller.poll())).toEqual([`${device.id}/${profile.id}/PendingInstall`]);
		sim.fleet.setProfileStatus(device.id, profile.id, CORRUPTED);
		expect(await poller.poll()).toBeNull();
		sim.fleet.setProfileStatus(device.id, profile.id, CONFIRMED_INSTALL);
		expect(await poller.poll()).toBeNull();
		sim.fleet.setProfileStatus(device.id, profile.id, CORRUPTED);
		expect(keysOf(await poller.poll())).toEqual([`${device.id}/${profile.id}/Corrupted`]);
		expect(await poller.poll()).toBeNull();
	});

	it('reports several new failures of one poll sorted by profile and device', async () => {
		const poller = watch();
		await poller.poll();
		const vpn = installedPair('VPN - Always On');
		const wifiA = installedPair('Wi-Fi - Corporate', (d) => d.id > 1500);
		const wifiB = installedPair('Wi-Fi - Corporate', (d) => d.id < 1200);
		for (const pair of [vpn, wifiA, wifiB]) sim.fleet.setProfileStatus(pair.device.id, pair.profile.id, CORRUPTED);
		expect(keysOf(await poller.poll())).toEqual([
			`${vpn.device.id}/${vpn.profile.id}/Corrupted`,
			`${wifiB.device.id}/${wifiB.profile.id}/Corrupted`,
			`${wifiA.device.id}/${wifiA.profile.id}/Corrupted`,
		]);
	});

	it('with Emit Existing on First Poll, outputs every pair not installed at the first poll, then only new ones', async () => {
		const poller = watch({ options: { emitExisting: true, requestsPerMinute: 0 } });
		const expected = sim.fleet.notInstalled().map((pair) => `${pair.deviceId}/${pair.profileId}`);
		const first = await poller.poll();
		expect((first ?? []).map((item) => `${item.deviceId}/${item.profileId}`).sort()).toEqual([...expected].sort());
		expect(await poller.poll()).toBeNull();
	});

	it('with Only Statuses, reports a pending install when it turns into a failure, and not a new pending one', async () => {
		const poller = watch({ filters: { statuses: ['Corrupted', 'NotSupported'] }, options: { requestsPerMinute: 0 } });
		const pending = sim.fleet.notInstalled().find((pair) => pair.statusCode === PENDING_INSTALL)!;
		expect(await poller.poll()).toBeNull();

		const fresh = installedPair('Root CA Certificate');
		sim.fleet.setProfileStatus(fresh.device.id, fresh.profile.id, PENDING_INSTALL);
		sim.fleet.setProfileStatus(pending.deviceId, pending.profileId, CORRUPTED);
		expect(keysOf(await poller.poll())).toEqual([`${pending.deviceId}/${pending.profileId}/Corrupted`]);
		expect(await poller.poll()).toBeNull();
		sim.fleet.setProfileStatus(fresh.device.id, fresh.profile.id, 8);
		expect(keysOf(await poller.poll())).toEqual([`${fresh.device.id}/${fresh.profile.id}/NotSupported`]);
	});

	it('watches only the profiles named, and names an unknown one with the known ones', async () => {
		const poller = watch({ profileNames: 'vpn - always on\n' });
		await poller.poll();
		expect(sim.snapshot().byRoute.profileDevices).toBe(1);
		const wifi = installedPair('Wi-Fi - Corporate');
		const vpn = installedPair('VPN - Always On');
		sim.fleet.setProfileStatus(wifi.device.id, wifi.profile.id, CORRUPTED);
		sim.fleet.setProfileStatus(vpn.device.id, vpn.profile.id, CORRUPTED);
		expect(keysOf(await poller.poll())).toEqual([`${vpn.device.id}/${vpn.profile.id}/Corrupted`]);

		const typo = watch({ profileNames: 'VPN Always On' });
		await expect(typo.poll()).rejects.toMatchObject({
			message: 'No profile with the name "VPN Always On"',
			description: expect.stringContaining('"VPN - Always On"'),
		});
	});

	it('watches only devices of the organization group and platform', async () => {
		const poller = watch({ filters: { organizationGroupId: 572, platform: 'Android' } });
		await poller.poll();
		const inScope = installedPair('Passcode Policy', (d) => d.groupId === 572 && d.platform === 'Android');
		const otherGroup = installedPair('Passcode Policy', (d) => d.groupId === 571 && d.platform === 'Android');
		const otherPlatform = installedPair('Passcode Policy', (d) => d.groupId === 572 && d.platform === 'Apple');
		for (const pair of [inScope, otherGroup, otherPlatform]) sim.fleet.setProfileStatus(pair.device.id, pair.profile.id, CORRUPTED);
		expect(keysOf(await poller.poll())).toEqual([`${inScope.device.id}/${inScope.profile.id}/Corrupted`]);
	});

	it('on a tenant without the per-profile listing, reads every device each poll and still reports each failure once', async () => {
		sim.settings.profileEndpoints = false;
		const poller = watch({ profileNames: 'Wi-Fi - Corporate', options: { requestsPerMinute: 0 } });
		expect(await poller.poll()).toBeNull();
		expect(sim.snapshot().byRoute.deviceProfiles).toBe(sim.fleet.devices.length);
		const { device, profile } = installedPair('Wi-Fi - Corporate');
		sim.fleet.setProfileStatus(device.id, profile.id, CORRUPTED);
		expect(keysOf(await poller.poll())).toEqual([`${device.id}/${profile.id}/Corrupted`]);
		expect(await poller.poll()).toBeNull();
	});

	it("stops per-device calls once the engine's poll budget is spent, reports the rest at later polls, none twice", async () => {
		const poller = watch({ options: { emitExisting: true, requestsPerMinute: 0 } }, { pollBudgetMs: 1 });
		const failingDevices = [...new Set(sim.fleet.notInstalled().map((pair) => pair.deviceId))].sort((a, b) => a - b);
		const expected = sim.fleet.notInstalled().map((pair) => `${pair.deviceId}/${pair.profileId}`);
		const polls: string[][] = [];
		for (let poll = 0; poll < 40 && polls.flat().length < expected.length; poll++) {
			polls.push(((await poller.poll()) ?? []).map((item) => `${item.deviceId}/${item.profileId}`));
		}
		// Past the budget each poll still reads its first 8 devices (in the order the listings name
		// them), so it always makes progress.
		const firstPollDevices = new Set(polls[0].map((key) => Number(key.split('/')[0])));
		expect(firstPollDevices.size).toBe(8);
		expect([...firstPollDevices].every((id) => failingDevices.includes(id))).toBe(true);
		expect(polls).toHaveLength(Math.ceil(failingDevices.length / 8));
		expect(polls.flat().sort()).toEqual([...expected].sort());
	});
});

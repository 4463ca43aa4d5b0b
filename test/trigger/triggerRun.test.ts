// The trigger as n8n runs it: a real sample in the editor ("Fetch Test Event", mode manual) that
// leaves the state alone, the workflow's shared encrypted token cache, a clear error for a bad
// credential, and overlapping polls that must not report a failure twice.
import { STATIC_DATA_KEY } from '../../nodes/WorkspaceOneUem/transport/tokenCache';
import { startSimulator } from '../../simulator';
import { Poller } from '../harness/poll';
import { runWorkflow, simulatorCredentials } from '../harness/workflow';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

const CORRUPTED = 9;

describe('trigger runs', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ devices: 700, seed: 13 });
	});
	afterAll(async () => await sim.close());
	beforeEach(() => sim.resetCounters());

	const watch = (parameters: Record<string, unknown>, staticData?: Record<string, unknown>) =>
		new Poller({ parameters, credentials: simulatorCredentials(sim), staticData: staticData as never });

	const installedPair = () => {
		for (const device of sim.fleet.devices) {
			const assignment = device.assignments.find((a) => a.status === 3);
			if (assignment) return { deviceId: device.id, profileId: assignment.profile.id };
		}
		throw new Error('nothing installed');
	};

	describe('manual mode (Fetch Test Event)', () => {
		it('returns up to 10 real failures of the tenant and neither reads nor writes the state', async () => {
			const poller = watch({ event: 'profileFailed' });
			const sample = await poller.poll('manual');
			expect(sample).toHaveLength(10);
			const failing = new Set(sim.fleet.notInstalled().map((pair) => `${pair.deviceId}/${pair.profileId}/${pair.statusCode}`));
			for (const item of sample ?? []) {
				expect(item).toMatchObject({ event: 'profileFailed', installed: false });
				expect(failing.has(`${item.deviceId}/${item.profileId}/${item.statusCode}`)).toBe(true);
			}
			expect(poller.nodeState()).toEqual({});
		});

		it('samples the newest devices, and non-compliant devices', async () => {
			const newest = await watch({ event: 'deviceEnrolled' }).poll('manual');
			const ids = sim.fleet.devices.map((d) => d.id).sort((a, b) => b - a);
			expect(newest?.map((item) => (item.Id as { Value: number }).Value)).toEqual(ids.slice(0, 10));
			const nonCompliant = await watch({ event: 'deviceNonCompliant' }).poll('manual');
			expect(nonCompliant).toHaveLength(10);
			expect(nonCompliant?.every((item) => item.ComplianceStatus === 'NonCompliant' && item.event === 'deviceNonCompliant')).toBe(true);
		});

		it('does not disturb an active poller: a failure found between its polls is still reported by the next one', async () => {
			const poller = watch({ event: 'profileFailed' });
			await poller.poll();
			const saved = JSON.stringify(poller.nodeState());
			const pair = installedPair();
			sim.fleet.setProfileStatus(pair.deviceId, pair.profileId, CORRUPTED);
			expect(await poller.poll('manual')).toHaveLength(10);
			expect(JSON.stringify(poller.nodeState())).toBe(saved);
			expect((await poller.poll())?.map((item) => `${item.deviceId}/${item.profileId}`)).toEqual([`${pair.deviceId}/${pair.profileId}`]);
		});

		it('says so when nothing matches right now, instead of showing an empty sample', async () => {
			const healthy = await startSimulator({ devices: 50, statusMix: { 3: 1 } });
			try {
				const poller = new Poller({ parameters: { event: 'profileFailed' }, credentials: simulatorCredentials(healthy) });
				await expect(poller.poll('manual')).rejects.toMatchObject({
					message: 'No watched profile is failing on any device right now',
					description: expect.stringContaining('Once the workflow is active'),
				});
				// An active poller just records the healthy fleet.
				expect(await poller.poll()).toBeNull();
			} finally {
				await healthy.close();
			}
		});
	});

	describe('token cache', () => {
		// A tenant of their own: this process already holds a token for the shared one (the
		// per-process copy a queued run falls back on), and these count exchanges from none.
		let own: Simulator;
		beforeEach(async () => {
			own = await startSimulator({ devices: 50, seed: 13 });
		});
		afterEach(async () => await own.close());
		const watchOwn = (parameters: Record<string, unknown>, staticData?: Record<string, unknown>) =>
			new Poller({ parameters, credentials: simulatorCredentials(own), staticData: staticData as never });

		it('reuses one token across polls, kept sealed in the workflow static data', async () => {
			const poller = watchOwn({ event: 'deviceEnrolled' });
			for (let poll = 0; poll < 4; poll++) await poller.poll();
			expect(own.snapshot().tokenExchanges).toBe(1);
			const saved = JSON.stringify(poller.savedStaticData());
			expect(Object.keys((poller.savedStaticData().global ?? {}) as object)).toEqual([STATIC_DATA_KEY]);
			for (const token of own.tokenService.issuedTokens()) expect(saved).not.toContain(token);
			expect(saved).not.toContain(own.clients[0].clientSecret);
		});

		it('shares the token the action node of the same workflow cached, and keeps it across a restart', async () => {
			const action = await runWorkflow({
				steps: [{ parameters: { resource: 'device', operation: 'search', returnAll: false, limit: 1 } }],
				credentials: simulatorCredentials(own),
			});
			expect(own.snapshot().tokenExchanges).toBe(1);
			const poller = watchOwn({ event: 'deviceNonCompliant' }, action.staticData);
			await poller.poll();
			const restarted = watchOwn({ event: 'deviceNonCompliant' }, poller.savedStaticData());
			await restarted.poll();
			expect(own.snapshot().tokenExchanges).toBe(1);
			expect(own.snapshot().unauthorized).toBe(0);
		});
	});

	it('fails with the token service\'s reason for a wrong client secret, never echoing it, and keeps the state', async () => {
		const good = watch({ event: 'profileFailed' });
		await good.poll();
		const saved = JSON.stringify(good.nodeState());
		const secret = 'wrong-secret-for-the-trigger';
		const bad = new Poller({
			parameters: { event: 'profileFailed' },
			credentials: simulatorCredentials(sim, { clientSecret: secret }),
			staticData: { [`node:${good.node.name}`]: good.nodeState() },
		});
		for (const mode of ['trigger', 'manual'] as const) {
			const error = (await bad.poll(mode).catch((caught: unknown) => caught)) as Error & { description?: string };
			expect(error.message).toContain('rejected the client ID or client secret (HTTP 400');
			expect(`${error.message} ${error.description} ${JSON.stringify(error)}`).not.toContain(secret);
		}
		expect(JSON.stringify(bad.nodeState())).toBe(saved);
	});

	it('names a credential that cannot be used before any request', async () => {
		const poller = new Poller({ parameters: { event: 'deviceEnrolled' }, credentials: simulatorCredentials(sim, { apiUrl: 'not a url' }) });
		await expect(poller.poll()).rejects.toMatchObject({ message: expect.stringContaining('The Workspace ONE UEM credential is not usable') });
		expect(sim.snapshot().requests).toBe(0);
	});

	it('lets no poll overlap the previous one of the same node: a slow poll is skipped, the failure reported once', async () => {
		const poller = watch({ event: 'profileFailed' });
		await poller.poll();
		const pair = installedPair();
		sim.fleet.setProfileStatus(pair.deviceId, pair.profileId, CORRUPTED);
		const [first, second] = await Promise.all([poller.poll(), poller.poll()]);
		expect([first, second].filter((output) => output !== null)).toEqual([[expect.objectContaining({ deviceId: pair.deviceId, profileId: pair.profileId })]]);
		expect(await poller.poll()).toBeNull();
	});
});

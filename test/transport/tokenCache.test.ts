// The encrypted token cache in workflow static data, through full workflow runs in n8n's engine.
import type { IDataObject } from 'n8n-workflow';

import { renewalMarginMs, STATIC_DATA_KEY, TokenCache } from '../../nodes/WorkspaceOneUem/transport/tokenCache';
import { sealToken } from '../../nodes/WorkspaceOneUem/transport/tokenCrypto';
import { startSimulator } from '../../simulator';
import { runWorkflow, simulatorCredentials, type UemStep, type WorkflowRun } from '../harness/workflow';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

// No client-side rate limit: these runs are about tokens, and must outlast them quickly.
const getStatus = (options: Record<string, unknown> = {}): UemStep => ({
	parameters: { resource: 'profile', operation: 'getStatus', options: { requestsPerMinute: 0, ...options } },
});

const hintsOf = (result: WorkflowRun) => (result.run.data.resultData.runData['UEM 1'][0].hints ?? []).map((hint) => hint.message);

function deviceItems(sim: Simulator, count: number) {
	return sim.fleet.devices.slice(0, count).map((d) => ({ Id: { Value: d.id } }));
}

/** The cache entries in saved static data (n8n keeps the workflow's global static data under `global`). */
function tokensIn(staticData: IDataObject): Record<string, { expiresAt: number; data: string }> {
	const global = (staticData.global ?? {}) as IDataObject;
	return (global[STATIC_DATA_KEY] ?? {}) as Record<string, { expiresAt: number; data: string }>;
}

describe('token cache through workflow runs', () => {
	let sim: Simulator;
	afterEach(async () => await sim.close());

	it('keeps a run of 600 devices alive with 1-second tokens: renews during the run, no failed item', async () => {
		// 40 ms a call, 16 at a time: the run lasts some 1.5 s, more than a token lifetime. When the
		// renewal is due is pinned exactly by "renewal timing" below, on an injected clock; here, on a
		// real machine whose event loop may stall past a 0.1-s margin, a late renewal may meet a 401,
		// which must then be renewed once and cost no item.
		sim = await startSimulator({ devices: 600, tokenLifetimeSeconds: 1, faults: { latencyMs: 40 } });
		const started = Date.now();
		const result = await runWorkflow({ steps: [getStatus()], credentials: simulatorCredentials(sim), input: deviceItems(sim, 600) });
		const seconds = (Date.now() - started) / 1000;

		expect(result.error).toBeUndefined();
		expect(result.items.filter((item) => item.json.error !== undefined)).toEqual([]);
		expect(new Set(result.items.map((item) => item.json.deviceId)).size).toBe(600);
		const { tokenExchanges, unauthorized } = sim.snapshot();
		// One exchange to start, then one per renewal interval (lifetime minus a 10 % margin = 0.9 s),
		// and at most one more for each token a stall let expire (the calls in flight then each meet
		// a 401, up to 16, and share one renewal): never one per request.
		expect(tokenExchanges).toBeGreaterThanOrEqual(2);
		expect(tokenExchanges).toBeLessThanOrEqual(1 + Math.ceil(seconds / 0.9) + unauthorized);
		expect(tokenExchanges).toBeLessThan(60);
		const renewed = `The access token was renewed ${tokenExchanges - 1} ${tokenExchanges === 2 ? 'time' : 'times'} during this run`;
		expect(hintsOf(result)).toEqual([expect.stringContaining(renewed)]);
	});

	it('recovers when the tenant revokes the token mid-run: one shared renewal, no failed item', async () => {
		sim = await startSimulator({ devices: 600, faults: { latencyMs: 20 } });
		// Every token revoked when the 200th call arrives, some 250 ms into the run.
		sim.revokeTokensAtRequest(200);
		const result = await runWorkflow({ steps: [getStatus()], credentials: simulatorCredentials(sim), input: deviceItems(sim, 600) });

		expect(sim.tokenService.issuedTokens()).toHaveLength(2);
		expect(result.error).toBeUndefined();
		expect(result.items.some((item) => item.json.error !== undefined)).toBe(false);
		expect(new Set(result.items.map((item) => item.json.deviceId)).size).toBe(600);
		expect(sim.snapshot().unauthorized).toBeGreaterThanOrEqual(1);
		expect(sim.snapshot().tokenExchanges).toBe(2);
		expect(hintsOf(result)).toEqual([expect.stringContaining('renewed 1 time during this run, including after UEM refused the token it had (HTTP 401)')]);
	});

	it('starts a run of many concurrent items with a single exchange', async () => {
		sim = await startSimulator({ devices: 300, faults: { latencyMs: 10 } });
		const result = await runWorkflow({ steps: [getStatus({ concurrency: 32 })], credentials: simulatorCredentials(sim), input: deviceItems(sim, 300) });
		expect(result.error).toBeUndefined();
		expect(sim.snapshot().tokenExchanges).toBe(1);
		expect(sim.snapshot().maxInFlight).toBeLessThanOrEqual(32);
		expect(sim.snapshot().maxInFlight).toBeGreaterThan(8);
	});

	it('reuses the token from static data on the next execution: no new exchange', async () => {
		sim = await startSimulator({ devices: 50 });
		const first = await runWorkflow({ steps: [getStatus()], credentials: simulatorCredentials(sim), input: deviceItems(sim, 5) });
		const second = await runWorkflow({
			steps: [getStatus()],
			credentials: simulatorCredentials(sim),
			input: deviceItems(sim, 5),
			staticData: first.staticData,
		});
		expect(second.error).toBeUndefined();
		expect(second.items.length).toBeGreaterThan(0);
		expect(sim.snapshot().tokenExchanges).toBe(1);
	});

	it('keeps no token and no secret in clear text in static data', async () => {
		sim = await startSimulator({ devices: 50 });
		const result = await runWorkflow({ steps: [getStatus()], credentials: simulatorCredentials(sim), input: deviceItems(sim, 3) });
		const saved = JSON.stringify(result.staticData);
		const [token] = sim.tokenService.liveTokens();
		expect(Object.keys(tokensIn(result.staticData))).toHaveLength(1);
		expect(saved).not.toContain(token);
		expect(saved).not.toContain(Buffer.from(token).toString('base64'));
		expect(saved).not.toContain(sim.clients[0].clientSecret);
		expect(JSON.stringify(result.items)).not.toContain(token);
	});

	it('shares one token across nodes and API versions of a workflow', async () => {
		sim = await startSimulator({ devices: 50 });
		const device = sim.fleet.devices[4];
		const result = await runWorkflow({
			steps: [
				{ name: 'Get by UUID', parameters: { resource: 'device', operation: 'get', deviceIdType: 'uuid', deviceIdValue: device.uuid } },
				{ name: 'Profiles', parameters: { resource: 'profile', operation: 'getStatus' } },
			],
			credentials: simulatorCredentials(sim),
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.deviceId)).toEqual(device.assignments.map(() => device.id));
		expect(sim.snapshot().byVersion).toMatchObject({ device: { 2: 1 }, deviceProfiles: { 1: 1 } });
		expect(sim.snapshot().tokenExchanges).toBe(1);
	});

	it('replaces an entry sealed with an old secret after the secret changes', async () => {
		sim = await startSimulator({ devices: 20 });
		const first = await runWorkflow({ steps: [getStatus()], credentials: simulatorCredentials(sim), input: deviceItems(sim, 1) });
		sim.clients[0].clientSecret = `${sim.clients[0].clientSecret}-rotated`;
		const second = await runWorkflow({
			steps: [getStatus()],
			credentials: simulatorCredentials(sim),
			input: deviceItems(sim, 1),
			staticData: first.staticData,
		});
		expect(second.error).toBeUndefined();
		expect(sim.snapshot().tokenExchanges).toBe(2);
		const [key] = Object.keys(tokensIn(first.staticData));
		expect(tokensIn(second.staticData)[key].data).not.toBe(tokensIn(first.staticData)[key].data);
	});

	it('prunes expired entries and does not trust an entry whose expiry was edited', async () => {
		sim = await startSimulator({ devices: 20 });
		const first = await runWorkflow({ steps: [getStatus()], credentials: simulatorCredentials(sim), input: deviceItems(sim, 1) });
		const [key] = Object.keys(tokensIn(first.staticData));
		const tampered = structuredClone(first.staticData);
		const entries = tokensIn(tampered) as Record<string, Record<string, unknown>>;
		entries[key].expiresAt = Date.now() + 365 * 24 * 3600 * 1000;
		entries.otherTenantExpired = { ...entries[key], expiresAt: Date.now() - 1000 };
		entries.otherTenantAlive = { ...entries[key], expiresAt: Date.now() + 60_000 };

		const second = await runWorkflow({ steps: [getStatus()], credentials: simulatorCredentials(sim), input: deviceItems(sim, 1), staticData: tampered });

		expect(second.error).toBeUndefined();
		expect(sim.snapshot().tokenExchanges).toBe(2);
		expect(Object.keys(tokensIn(second.staticData)).sort()).toEqual([key, 'otherTenantAlive'].sort());
	});

	it('fails every item with one clear credential error for a wrong secret, after a single exchange', async () => {
		sim = await startSimulator({ devices: 50 });
		const credentials = simulatorCredentials(sim, { clientSecret: 'definitely-wrong-secret' });
		const result = await runWorkflow({
			steps: [{ ...getStatus(), continueOnFail: true }],
			credentials,
			input: deviceItems(sim, 20),
		});
		expect(result.items).toHaveLength(20);
		for (const item of result.items) {
			expect(item.json.error).toBe(`The token endpoint 127.0.0.1:${sim.port} rejected the client ID or client secret (HTTP 400, invalid_client).`);
		}
		expect(sim.snapshot()).toMatchObject({ tokenRejections: 1, requests: 0 });
		expect(JSON.stringify(result.items)).not.toContain('definitely-wrong-secret');

		const stopped = await runWorkflow({ steps: [getStatus()], credentials, input: deviceItems(sim, 3) });
		expect(stopped.error?.message).toContain('rejected the client ID or client secret');
		expect(stopped.error?.description).toContain('region');
	});
});

describe('renewal timing', () => {
	it('renews 10 % of the lifetime before expiry, and at most five minutes before', () => {
		expect(renewalMarginMs(2_000)).toBe(200);
		expect(renewalMarginMs(600_000)).toBe(60_000);
		expect(renewalMarginMs(3_600_000)).toBe(300_000);
	});

	it('uses a token until its renewal time and not a moment longer, reading expires_in each time', async () => {
		let now = 1_000_000;
		const lifetimes = [3600, 60];
		let issued = 0;
		const cache = new TokenCache({}, 'key', 'secret', async () => ({ accessToken: `t${++issued}`, expiresInSeconds: lifetimes[issued - 1] ?? 60 }), () => now);
		expect(await cache.current()).toBe('t1');
		now += 3_600_000 - 300_001;
		expect(await cache.current()).toBe('t1');
		now += 1;
		expect(await cache.current()).toBe('t2');
		now += 54_000 - 1;
		expect(await cache.current()).toBe('t2');
		now += 1;
		expect(await cache.current()).toBe('t3');
		expect(cache.stats).toMatchObject({ exchanges: 3 });
	});

	it("takes the token this process renewed over an older one in the static data a run read before the renewal", async () => {
		let now = 2_000_000;
		let issued = 0;
		const issue = async () => ({ accessToken: `race${++issued}`, expiresInSeconds: 60 });
		const saved: IDataObject = {};
		expect(await new TokenCache(saved, 'race-key', 'secret', issue, () => now).current()).toBe('race1');
		now += 55_000;
		// Two webhook requests load the saved static data; the first renews and saves, the second is late.
		const loadedByBoth = structuredClone(saved);
		expect(await new TokenCache(structuredClone(loadedByBoth), 'race-key', 'secret', issue, () => now).current()).toBe('race2');
		expect(await new TokenCache(structuredClone(loadedByBoth), 'race-key', 'secret', issue, () => now).current()).toBe('race2');
		expect(issued).toBe(2);
	});

	it("takes a newer token from static data over this process's copy (another process renewed since)", async () => {
		const now = 3_000_000;
		let issued = 0;
		const issue = async () => ({ accessToken: `mine${++issued}`, expiresInSeconds: 3600 });
		await new TokenCache({}, 'newer-key', 'secret', issue, () => now).current();
		// Another worker's entry, saved a minute later, as the cache seals one.
		const entry = { v: 1, expiresAt: now + 3_660_000, renewAt: now + 3_360_000 };
		const theirs = { [STATIC_DATA_KEY]: { 'newer-key': { ...entry, ...sealToken('theirs', 'secret', `newer-key|${entry.expiresAt}|${entry.renewAt}`) } } } as IDataObject;
		expect(await new TokenCache(theirs, 'newer-key', 'secret', issue, () => now + 61_000).current()).toBe('theirs');
		expect(issued).toBe(1);
	});
});

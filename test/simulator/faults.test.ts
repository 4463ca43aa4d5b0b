// The simulator's fault knobs: throttle, 429 bursts, 5xx, drops and malformed answers. Latency and
// slow answers are not timed here: the request-timeout and deadline tests, the benchmark and the
// soak rely on them and would fail without them.
import { startSimulator } from '../../simulator';
import { api, call, fetchToken } from '../harness/uemClient';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

describe('simulator faults', () => {
	let sim: Simulator;
	let token: string;
	beforeEach(async () => {
		sim = await startSimulator({ devices: 50 });
		token = (await fetchToken(sim)).json.access_token as string;
	});
	afterEach(async () => await sim.close());

	const info = async () => await api(sim, '/api/system/info', token);

	it('throttles past the per-window limit with 429, a UEM body and Retry-After in seconds', async () => {
		Object.assign(sim.faults.config, { throttleLimit: 3, throttleWindowMs: 60_000 });
		const answers = [];
		for (let i = 0; i < 5; i++) answers.push(await info());
		expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429, 429]);
		expect(Number(answers[3].headers['retry-after'])).toBeGreaterThanOrEqual(1);
		expect(answers[3].json).toMatchObject({ errorCode: 1020 });
		expect(sim.snapshot().faults.throttled).toBe(2);
	});

	it('sends Retry-After as an HTTP date, or not at all, when told to', async () => {
		Object.assign(sim.faults.config, { throttleLimit: 1, retryAfter: 'date' });
		await info();
		const dated = await info();
		sim.faults.config.retryAfter = 'none';
		const bare = await info();
		expect(Date.parse(String(dated.headers['retry-after']))).toBeGreaterThan(Date.now() - 1000);
		expect(bare.status).toBe(429);
		expect(bare.headers['retry-after']).toBeUndefined();
	});

	it('answers a burst of 429s then recovers', async () => {
		sim.faults.burst429(2, 'none');
		const statuses = [];
		for (let i = 0; i < 3; i++) statuses.push((await info()).status);
		expect(statuses).toEqual([429, 429, 200]);
	});

	it('fails a share of requests with 5xx and a UEM error body', async () => {
		sim.faults.config.serverErrorRate = 1;
		const answer = await info();
		expect([500, 503]).toContain(answer.status);
		expect(answer.json).toMatchObject({ errorCode: 1, activityId: expect.any(String) });
	});

	it('drops connections without an answer', async () => {
		sim.faults.config.dropRate = 1;
		await expect(info()).rejects.toThrow(/socket|closed|other side/i);
		expect(sim.snapshot().faults.drop).toBe(1);
	});

	it('cuts a share of JSON answers short', async () => {
		sim.faults.config.malformedRate = 1;
		const answer = await api(sim, '/api/mdm/devices/search', token);
		expect(answer.status).toBe(200);
		expect(() => JSON.parse(answer.text)).toThrow();
		expect(sim.snapshot().faults.malformed).toBe(1);
	});

	it('can force one route, or every route, to one answer (empty 200, 204)', async () => {
		sim.settings.forced.deviceSearch = { status: 200, raw: '' };
		const empty = await api(sim, '/api/mdm/devices/search', token);
		sim.settings.forced.any = { status: 204 };
		const noContent = await api(sim, '/api/mdm/devices/1001/profiles', token);
		expect(empty).toMatchObject({ status: 200, text: '' });
		expect(noContent.status).toBe(204);
	});

	it('can play a console login page (HTML) on every API path', async () => {
		sim.settings.apiAnswers = 'html';
		const answer = await call(`${sim.url}/api/mdm/devices/search`, { headers: { Accept: 'application/json' } });
		expect(answer.headers['content-type']).toMatch(/text\/html/);
		expect(answer.text).toMatch(/<html/i);
	});

	it('holds every API answer for its latency: requests sent together are in flight together', async () => {
		sim.faults.config.latencyMs = 100;
		await Promise.all(Array.from({ length: 6 }, async () => await info()));
		expect(sim.snapshot().maxInFlight).toBe(6);
	});
});

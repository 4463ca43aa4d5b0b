// The run's request gate: the requests-per-minute limit (on a clock the test moves), the shared
// throttle backoff, and the limit as the simulator sees it from a real run.
import { startSimulator } from '../../simulator';
import { DEFAULT_RETRY, RateLimit, RequestGate } from '../../nodes/WorkspaceOneUem/transport/retryPolicy';
import { runWorkflow, simulatorCredentials } from '../harness/workflow';

/** The most of `times` (sorted, ms) that fall within any span shorter than `windowMs`. */
function busiest(times: number[], windowMs: number): number {
	let most = 0;
	for (let end = 0, start = 0; end < times.length; end++) {
		while (times[end] - times[start] >= windowMs) start++;
		most = Math.max(most, end - start + 1);
	}
	return most;
}

/** When each of `arrivals` (ms, sorted) would be sent by a limit of `perMinute`. */
function sendTimes(perMinute: number, arrivals: number[]): number[] {
	let now = 0;
	const limit = new RateLimit(perMinute, () => now);
	return arrivals.map((arrival) => {
		now = arrival;
		return arrival + limit.reserve();
	});
}

describe('requests-per-minute limit', () => {
	it.each([60, 600, 4000, 50_000])('never lets more than %i requests into any one minute, however they arrive', (perMinute) => {
		const together = sendTimes(perMinute, Array.from({ length: perMinute * 3 }, () => 0));
		const spread = sendTimes(perMinute, Array.from({ length: perMinute * 3 }, (_v, i) => Math.floor(i * 7.3)));
		for (const sent of [together, spread]) {
			expect(busiest(sent, 60_000)).toBeLessThanOrEqual(perMinute);
			// Sends stay in arrival order: nobody is overtaken while waiting for a slot.
			expect(sent).toEqual([...sent].sort((a, b) => a - b));
		}
		// Not slower than it must be: three minutes' worth of requests arriving at once go out in
		// about three minutes, one slot (a minute less one request) apart.
		const spacing = 60_000 / (perMinute - 1);
		expect(together[together.length - 1]).toBeLessThanOrEqual(Math.ceil((perMinute * 3 - 1) * spacing));
	});

	it('spaces requests evenly, with no burst: twenty arriving together go out one slot apart', () => {
		const sent = sendTimes(4000, Array.from({ length: 20 }, () => 0));
		const spacing = 60_000 / 3999;
		expect(sent.filter((time) => time === 0)).toHaveLength(1);
		sent.forEach((time, i) => expect(time).toBe(Math.ceil(i * spacing)));
		// After a quiet spell the next request goes at once, and the one after it a slot later.
		expect(sendTimes(4000, [0, 120_000, 120_000])).toEqual([0, 120_000, 120_000 + Math.ceil(spacing)]);
	});
});

describe('throttle backoff shared by the run', () => {
	const noJitter = { ...DEFAULT_RETRY, baseDelayMs: 1000 };

	it('backs off once for 429s that arrive together, and longer only if the next try is throttled too', async () => {
		let now = 0;
		const gate = new RequestGate(0, () => now);
		const pausedFor = () => (gate as unknown as { pausedUntil: number }).pausedUntil - now;

		for (let i = 0; i < 16; i++) gate.throttled(undefined, noJitter);
		const first = pausedFor();
		expect(first).toBeGreaterThanOrEqual(500);
		expect(first).toBeLessThanOrEqual(1000);

		now += first;
		gate.throttled(undefined, noJitter);
		const second = pausedFor();
		expect(second).toBeGreaterThanOrEqual(1000);
		expect(second).toBeLessThanOrEqual(2000);

		now += second;
		gate.answered();
		gate.throttled(undefined, noJitter);
		expect(pausedFor()).toBeLessThanOrEqual(1000);
	});

	it('waits exactly as long as UEM asks when it sends Retry-After, extending but never shortening a pause', () => {
		let now = 0;
		const gate = new RequestGate(0, () => now);
		const pausedUntil = () => (gate as unknown as { pausedUntil: number }).pausedUntil;
		gate.throttled(3000, noJitter);
		gate.throttled(1000, noJitter);
		expect(pausedUntil()).toBe(3000);
		now = 2000;
		gate.throttled(4000, noJitter);
		expect(pausedUntil()).toBe(6000);
	});

	it('backs off when a Retry-After date is already past, instead of retrying at once', () => {
		const now = 10_000;
		const gate = new RequestGate(0, () => now);
		gate.throttled(0, noJitter);
		expect((gate as unknown as { pausedUntil: number }).pausedUntil - now).toBeGreaterThanOrEqual(500);
	});
});

describe('the limit in a real run', () => {
	it('spaces a run of 60 calls as the limit says, as the tenant sees them arrive', async () => {
		const sim = await startSimulator({ devices: 60 });
		try {
			const perMinute = 1200;
			const result = await runWorkflow({
				steps: [{ parameters: { resource: 'profile', operation: 'getStatus', options: { requestsPerMinute: perMinute } } }],
				credentials: simulatorCredentials(sim),
				input: sim.fleet.devices.map((d) => ({ Id: { Value: d.id } })),
			});
			expect(result.error).toBeUndefined();
			expect(new Set(result.items.map((item) => item.json.deviceId)).size).toBe(60);
			// One second holds a second's worth of slots, plus one for the slot at its very start.
			// Timers that fire late on a busy machine send their requests late, and late sends can
			// bunch: a third of a second's worth is allowed for that. Unlimited, all 60 would arrive
			// within a few milliseconds.
			const perSecond = Math.ceil((perMinute - 1) / 60);
			expect(sim.busiestWindow(1000)).toBeLessThanOrEqual(perSecond + 1 + Math.ceil(perSecond / 3));
			expect(sim.snapshot().requests).toBe(60);
		} finally {
			await sim.close();
		}
	});
});

// The run's request gate: the requests-per-minute limit (on a clock the test moves), the shared
// throttle backoff, and the limit as the simulator sees it from a real run.
import { sleep } from 'n8n-workflow';

import { startSimulator } from '../../simulator';
import { RateLimit, RequestGate } from '../../nodes/WorkspaceOneUem/transport/requestGate';
import { DEFAULT_RETRY } from '../../nodes/WorkspaceOneUem/transport/retryPolicy';
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

/** When each of `arrivals` (ms, sorted) would be sent by a limit of `perMinute`, first come first served. */
function sendTimes(perMinute: number, arrivals: number[]): number[] {
	const limit = new RateLimit(perMinute);
	let previous = Number.NEGATIVE_INFINITY;
	return arrivals.map((arrival) => {
		const ready = Math.max(arrival, previous);
		const wait = limit.waitMs(ready);
		limit.take(ready + wait);
		previous = ready + wait;
		return previous;
	});
}

describe('requests-per-minute limit', () => {
	it.each([60, 600, 4000, 50_000])('never lets more than %i requests into any one minute, however they arrive', (perMinute) => {
		const together = sendTimes(perMinute, Array.from({ length: perMinute * 3 }, () => 0));
		const spread = sendTimes(perMinute, Array.from({ length: perMinute * 3 }, (_v, i) => Math.floor(i * 7.3)));
		for (const sent of [together, spread]) {
			expect(busiest(sent, 60_000)).toBeLessThanOrEqual(perMinute);
			// Sends stay in arrival order: nobody is overtaken while waiting for a slot. (Checked pair
			// by pair: comparing with a sorted copy deeply costs a second at 150,000 sends.)
			expect(sent.findIndex((time, i) => i > 0 && time < sent[i - 1])).toBe(-1);
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

	it('keeps its grid when a request comes a little after its slot, so the next one need not wait a whole slot', () => {
		const spacing = 60_000 / 3999;
		// The second request is ready 5 ms after its slot (15 ms) and takes it; the third, ready at
		// 25 ms, goes at the slot after (30 ms), not a whole slot after the second (35 ms).
		expect(sendTimes(4000, [0, 20, 25])).toEqual([0, 20, Math.ceil(2 * spacing)]);
		// Most of a slot late is a quiet spell: a new grid starts at the late request.
		expect(sendTimes(4000, [0, 29, 30])).toEqual([0, 29, Math.ceil(29 + spacing)]);
	});
});

describe('requests-per-minute limit, requests let go by a timer that fires late', () => {
	/** When each of `count` requests, all waiting, is sent when its timer fires `lateness(i)` ms after the slot it waited for. */
	function waitedSendTimes(perMinute: number, count: number, lateness: (index: number) => number): number[] {
		const limit = new RateLimit(perMinute);
		limit.take(0);
		const sent = [0];
		let now = 0;
		for (let i = 1; i < count; i++) {
			now += limit.waitMs(now) + lateness(i);
			limit.takeWaited(now);
			sent.push(now);
		}
		return sent;
	}

	it('moves its grid only by what a timer was later than 0.9 of a slot', () => {
		const spacing = 60_000 / 3999;
		const limit = new RateLimit(4000);
		limit.take(0);
		// The slot at 15 ms is let go at 40 ms: it counts as sent 0.9 of a slot after its slot, so
		// the request after it waits a tenth of a slot, not a whole slot.
		limit.takeWaited(40);
		expect(limit.waitMs(40)).toBe(Math.ceil(0.1 * spacing));
		// Less late than that, the grid stays where it was: the next slot is a slot after this one.
		const slot = 40 - 0.9 * spacing + spacing;
		limit.takeWaited(slot + 5);
		expect(limit.waitMs(slot + 5)).toBe(Math.ceil(spacing - 5));
	});

	it.each([60, 4000, 19_000])('never lets more than %i requests into any one minute, however late the timers fire', (perMinute) => {
		const spacing = 60_000 / (perMinute - 1);
		let seed = 7;
		const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
		for (const maxLate of [0.5, 1, 3]) {
			const sent = waitedSendTimes(perMinute, perMinute * 3, () => random() * maxLate * spacing);
			expect(busiest(sent, 60_000)).toBeLessThanOrEqual(perMinute);
		}
		// Every timer late by 0.95 of a slot: after the first, each request waits what is left of its
		// slot (a tenth of a slot, in whole milliseconds), not a whole slot after the one before.
		const late = waitedSendTimes(perMinute, perMinute * 3, () => 0.95 * spacing);
		expect(busiest(late, 60_000)).toBeLessThanOrEqual(perMinute);
		expect(late[late.length - 1]).toBeLessThanOrEqual(spacing + (perMinute * 3 - 1) * (1.05 * spacing + 1));
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

	it('stops retrying once the run has met nothing but 429s for five minutes, until UEM lets something through', () => {
		let now = 0;
		const gate = new RequestGate(0, () => now);
		const pausedUntil = () => (gate as unknown as { pausedUntil: number }).pausedUntil;
		for (let round = 0; now < noJitter.maxThrottledMs; round++) {
			expect(gate.throttled(round % 2 === 0 ? 20_000 : undefined, noJitter)).toBe(true);
			// The others of the round, sent before the pause began, belong to the same round.
			for (let i = 0; i < 7; i++) expect(gate.throttled(undefined, noJitter)).toBe(true);
			now = pausedUntil();
		}
		expect(gate.throttled(undefined, noJitter)).toBe(false);
		expect(gate.throttled(1000, noJitter)).toBe(false);
		expect(pausedUntil()).toBeLessThanOrEqual(now);
		gate.answered();
		expect(gate.throttled(undefined, noJitter)).toBe(true);
	});

	it('backs off when a Retry-After date is already past, instead of retrying at once', () => {
		const now = 10_000;
		const gate = new RequestGate(0, () => now);
		gate.throttled(0, noJitter);
		expect((gate as unknown as { pausedUntil: number }).pausedUntil - now).toBeGreaterThanOrEqual(500);
	});
});

describe('a run through bursts of 429s (simulated clock)', () => {
	beforeEach(() => jest.useFakeTimers({ now: 0 }));
	afterEach(() => jest.useRealTimers());

	/**
	 * `workers` requests at a time through one gate, each answered `latencyMs` later; `afterMs`
	 * after the run starts or the burst before is over, the next `count` answers are 429s, as the
	 * simulator's bursts are. With `stallMs`, the clock now and then jumps ahead by up to that
	 * much, as when the event loop is busy and timers fire late.
	 */
	async function runThroughBursts(options: {
		perMinute: number;
		workers: number;
		items: number;
		latencyMs: number;
		bursts: Array<{ afterMs: number; count: number; retryAfterMs?: number }>;
		stallMs?: number;
	}) {
		let stalled = 0;
		const clock = () => Date.now() + stalled;
		const gate = new RequestGate(options.perMinute, clock);
		const sends: number[] = [];
		const throttledPerItem = new Array<number>(options.items).fill(0);
		const failed: number[] = [];
		let burst = { remaining: 0, retryAfterMs: undefined as number | undefined };
		let done = false;
		void (async () => {
			for (const { afterMs, count, retryAfterMs } of options.bursts) {
				await sleep(afterMs);
				burst = { remaining: count, retryAfterMs };
				while (burst.remaining > 0 && !done) await sleep(10);
			}
		})();
		let next = 0;
		const worker = async () => {
			for (let item = next++; item < options.items; item = next++) {
				for (;;) {
					await gate.pass();
					sends.push(clock());
					await sleep(options.latencyMs);
					if (options.stallMs !== undefined && Math.random() < 0.05) stalled += Math.random() * options.stallMs;
					if (burst.remaining === 0) {
						gate.answered();
						break;
					}
					burst.remaining--;
					throttledPerItem[item]++;
					if (!gate.throttled(burst.retryAfterMs, DEFAULT_RETRY)) {
						failed.push(item);
						break;
					}
				}
			}
		};
		const running = Promise.all(Array.from({ length: options.workers }, worker)).then(() => (done = true));
		// A tenth of a second per step: the timers within a step still fire one at a time, in order,
		// with the promises they settle run in between; only the check for the end is less frequent
		// (each step costs a turn of the real event loop). At most 1,000 s of simulated time, as before.
		for (let step = 0; !done && step < 10_000; step++) await jest.advanceTimersByTimeAsync(100);
		await running;
		return { sends, throttledPerItem, failed };
	}

	it('lets requests go in the order they came, a throttled one behind those already waiting', async () => {
		const gate = new RequestGate(600);
		const order: string[] = [];
		const through = (name: string) => Promise.resolve(gate.pass()).then(() => void order.push(name));
		const first = through('a');
		const others = ['b', 'c', 'd'].map(through);
		await first;
		// "a" is throttled: the pause holds the others, and its retry queues behind them.
		expect(gate.throttled(2000, DEFAULT_RETRY)).toBe(true);
		const retry = through('a again');
		await jest.advanceTimersByTimeAsync(1999);
		expect(order).toEqual(['a']);
		await jest.advanceTimersByTimeAsync(1);
		await Promise.all([...others, retry]);
		expect(order).toEqual(['a', 'b', 'c', 'd', 'a again']);
	});

	const alternating = (count: number, afterMs: number) =>
		Array.from({ length: count }, (_v, i) => ({ afterMs, count: 20, retryAfterMs: i % 2 === 0 ? 1000 : undefined }));

	it.each([600, 4000])(
		'at %i a minute, lets the requests held by a pause go together: no item fails, no minute exceeds the limit',
		async (perMinute) => {
			const workers = 8;
			const result = await runThroughBursts({ perMinute, workers, items: perMinute, latencyMs: 50, bursts: alternating(4, 2000) });
			expect(result.failed).toEqual([]);
			expect(result.throttledPerItem.reduce((a, b) => a + b)).toBe(80);
			expect(busiest(result.sends, 60_000)).toBeLessThanOrEqual(perMinute);
			// The 429s fell on whole rounds of waiting requests, not on the one or two first in line.
			expect(result.throttledPerItem.filter((count) => count > 0).length).toBeGreaterThanOrEqual(2 * workers);
		},
	);

	it.each([60, 4000, 50_000])('keeps %i a minute when timers fire late and pauses come and go', async (perMinute) => {
		const spacing = 60_000 / (perMinute - 1);
		const result = await runThroughBursts({
			perMinute,
			workers: 16,
			items: perMinute * 4,
			latencyMs: 20,
			bursts: alternating(5, 15_000),
			stallMs: 3 * spacing,
		});
		expect(result.failed).toEqual([]);
		expect(result.throttledPerItem.reduce((a, b) => a + b)).toBe(100);
		expect(busiest(result.sends, 60_000)).toBeLessThanOrEqual(perMinute);
	});
});

describe('the limit in a real run', () => {
	it('spaces a run of 60 calls as the limit says, as the tenant sees them arrive', async () => {
		const sim = await startSimulator({ devices: 60 });
		try {
			const perMinute = 2400;
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

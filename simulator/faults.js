'use strict';
// Fault injection for API requests: latency, a per-window throttle (429), bursts of 429, 5xx,
// dropped connections, slow responses and malformed JSON. Decisions come from a seeded
// generator so that a failing run can be replayed.

const { createRandom } = require('./random');

/**
 * @typedef {object} FaultConfig
 * @property {number} latencyMs          added to every API response
 * @property {number} tokenLatencyMs     added to every token response
 * @property {number} throttleLimit      requests allowed per window before 429 (0 = no throttle)
 * @property {number} throttleWindowMs   length of the throttle window (UEM: one minute)
 * @property {'seconds'|'date'|'none'} retryAfter  how 429s carry Retry-After
 * @property {number} serverErrorRate    share of requests answered 500/503
 * @property {number} dropRate           share of connections closed without an answer
 * @property {number} slowRate           share of responses delayed by slowMs
 * @property {number} slowMs
 * @property {number} malformedRate      share of 200s whose JSON is cut short
 * @property {number} dropAfterWriteRate share of writes carried out whose connection then drops
 * @property {number} bulkValueFaultRate share of the values of a bulk command answered with a fault
 */

/** @param {Partial<FaultConfig>} options @param {number} seed */
function createFaults(options, seed) {
	const random = createRandom(seed ^ 0x5eed);
	/** @type {FaultConfig} */
	const config = {
		latencyMs: 0,
		tokenLatencyMs: 0,
		throttleLimit: 0,
		throttleWindowMs: 60_000,
		retryAfter: 'seconds',
		serverErrorRate: 0,
		dropRate: 0,
		slowRate: 0,
		slowMs: 0,
		malformedRate: 0,
		dropAfterWriteRate: 0,
		bulkValueFaultRate: 0,
		...options,
	};
	let windowStart = Date.now();
	let windowCount = 0;
	/** Forced 429s still to answer, whatever the throttle says, and the Retry-After (seconds) they ask for. */
	let burst = { remaining: 0, retryAfter: 'seconds', seconds: 1 };
	/** Bursts still to come: each starts `gap` requests after the one before it ended. */
	let plan = { kinds: [], gap: 0, countdown: 0, size: 0, seconds: 1 };

	function retryAfterHeader(kind, seconds) {
		if (kind === 'none') return undefined;
		if (kind === 'date') return new Date(Date.now() + seconds * 1000).toUTCString();
		return String(seconds);
	}

	return {
		config,

		/** Make the next `count` API requests answer 429. */
		burst429(count, retryAfter = 'seconds') {
			burst = { remaining: count, retryAfter, seconds: 1 };
		},

		/**
		 * Bursts of `size` 429s, one per entry of `kinds` (how each carries Retry-After): the first
		 * `gap` requests from now, each next one `gap` requests after the one before has ended.
		 * `retryAfterSeconds` is what a burst's Retry-After asks for: UEM's whole second by default;
		 * a fraction (which clients read as well) lets a test ride out bursts without waiting seconds.
		 */
		planBursts(kinds, { size = 20, gap = 50, retryAfterSeconds = 1 } = {}) {
			plan = { kinds: [...kinds], gap, countdown: gap, size, seconds: retryAfterSeconds };
		},

		/**
		 * What to do with one API request, decided before it is handled.
		 * @returns {{kind: 'drop'|'slow'|'serverError'|'throttle'|null, status?: number, retryAfter?: string}}
		 */
		beforeRequest() {
			if (burst.remaining === 0 && plan.kinds.length > 0 && --plan.countdown < 0) {
				burst = { remaining: plan.size, retryAfter: plan.kinds.shift(), seconds: plan.seconds };
				plan.countdown = plan.gap;
			}
			if (burst.remaining > 0) {
				burst.remaining--;
				return { kind: 'throttle', status: 429, retryAfter: retryAfterHeader(burst.retryAfter, burst.seconds) };
			}
			if (config.throttleLimit > 0) {
				const now = Date.now();
				if (now - windowStart >= config.throttleWindowMs) {
					windowStart = now;
					windowCount = 0;
				}
				windowCount++;
				if (windowCount > config.throttleLimit) {
					// Whole seconds as UEM sends them for its minute-long window; a test's window under a
					// second asks for what is left of it, as a fraction (which clients read as well).
					const left = windowStart + config.throttleWindowMs - now;
					const seconds = config.throttleWindowMs >= 1000 ? Math.max(1, Math.ceil(left / 1000)) : Math.max(10, left) / 1000;
					return { kind: 'throttle', status: 429, retryAfter: retryAfterHeader(config.retryAfter, seconds) };
				}
			}
			if (config.dropRate > 0 && random.next() < config.dropRate) return { kind: 'drop' };
			if (config.slowRate > 0 && random.next() < config.slowRate) return { kind: 'slow' };
			if (config.serverErrorRate > 0 && random.next() < config.serverErrorRate) {
				return { kind: 'serverError', status: random.next() < 0.5 ? 500 : 503 };
			}
			return { kind: null };
		},

		/** Whether to drop the connection of a write that was just carried out. */
		dropAfterWrite() {
			return config.dropAfterWriteRate > 0 && random.next() < config.dropAfterWriteRate;
		},

		/** Whether this value of a bulk command fails on its own. */
		bulkValueFault() {
			return config.bulkValueFaultRate > 0 && random.next() < config.bulkValueFaultRate;
		},

		/** Whether this successful JSON answer should be cut short. */
		malformNext() {
			return config.malformedRate > 0 && random.next() < config.malformedRate;
		},
	};
}

module.exports = { createFaults };

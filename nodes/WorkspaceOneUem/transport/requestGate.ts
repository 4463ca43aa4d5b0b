import { sleep } from 'n8n-workflow';

import { backoffDelayMs, type RetrySettings } from './retryPolicy';

const LATE_BY_LESS_THAN_A_SLOT = 0.9;

/**
 * Evenly spaced send times: a steady rate of one request less than the limit per minute (that one
 * slot absorbs sends a little after their slot), so no window of one minute ever holds more than
 * `requestsPerMinute` sends. No burst on purpose: n8n opens a new connection per request, so
 * requests sent together come back together and are handled one after another; evenly spaced,
 * each is handled while the others are still on the wire.
 */
export class RateLimit {
	private readonly spacingMs: number;
	private nextSlot = Number.NEGATIVE_INFINITY;

	constructor(requestsPerMinute: number) {
		this.spacingMs = 60_000 / Math.max(1, requestsPerMinute - 1);
	}

	/** Milliseconds until the next slot (0: now). */
	waitMs(now: number): number {
		return Math.max(0, Math.ceil(this.nextSlot - now));
	}

	/**
	 * Takes the next slot for a request sent `now`: the slot that is due, or a slot still to come
	 * when it goes early in a release after a pause (see `quietSlots`). A request sent less than a
	 * slot after its slot (a timer that fired late, or a request that became ready just after
	 * its slot) still takes that slot, so the slots stay on their grid: the slot of headroom in the
	 * spacing holds that one late send, and a request ready a moment later need not wait a
	 * whole slot behind it. After a quiet spell a new grid starts at the request.
	 */
	take(now: number): void {
		const slot = now - this.nextSlot < this.spacingMs * LATE_BY_LESS_THAN_A_SLOT ? this.nextSlot : now;
		this.nextSlot = slot + this.spacingMs;
	}

	/**
	 * Takes the slot of a request that waited for it, let go by a timer that fired `now`. A timer
	 * late by most of a slot (a busy event loop, a busy machine) is not a quiet spell: the request
	 * was waiting all along. It takes the latest slot it may still be sent in (at most 0.9 of a
	 * slot after it), so the grid moves only by what the timer was later than that, not by all of
	 * it; otherwise every such timer would lose its lateness for good, and a run held by the limit
	 * would go slower than the limit.
	 */
	takeWaited(now: number): void {
		this.nextSlot = Math.max(this.nextSlot, now - this.spacingMs * LATE_BY_LESS_THAN_A_SLOT) + this.spacingMs;
	}

	/**
	 * Slots left unused since the last one taken. That many requests may go at once and take the
	 * slots that follow: each then goes no later than its slot, and the quiet spell before them
	 * keeps every minute that holds them within the limit.
	 */
	quietSlots(now: number): number {
		return Math.max(0, Math.floor((now - (this.nextSlot - this.spacingMs)) / this.spacingMs));
	}
}

/**
 * What every request of a run passes before it goes out: the client-side rate limit (requests per
 * minute, 0 for none) and, after a 429, the pause the tenant asked for, so concurrent items do
 * not each hit the throttle again. Requests go in the order they arrive at the gate, so a request
 * throttled again goes behind those already waiting.
 */
export class RequestGate {
	private pausedUntil = 0;
	/**
	 * Pauses in a row without an answer other than 429 between them, and when the first of them
	 * began. They belong to the run, not to a request: sixteen requests throttled together back
	 * off once, not sixteen times with sixteen growing delays, and the run decides when to stop.
	 */
	private throttleRounds = 0;
	private throttledSince = 0;
	private readonly rateLimit: RateLimit | undefined;
	private readonly waiting: Array<() => void> = [];
	private dispatching = false;
	private openCalls = 0;
	private readonly waitingToOpen: Array<() => void> = [];

	constructor(
		requestsPerMinute = 0,
		private readonly now: () => number = Date.now,
		/** Calls of the run open at once, whatever the items and pools that make them. */
		private readonly maxOpenCalls = Number.POSITIVE_INFINITY,
	) {
		this.rateLimit = requestsPerMinute > 0 ? new RateLimit(requestsPerMinute) : undefined;
	}

	/**
	 * Resolves once fewer than the run's Concurrency calls are open, first come first served; a call
	 * then holds its place until `close`. So Concurrency bounds the calls of the whole run, also
	 * when several items each run calls in parallel (a fleet report per item).
	 */
	open(): Promise<void> | undefined {
		if (this.openCalls < this.maxOpenCalls && this.waitingToOpen.length === 0) {
			this.openCalls++;
			// Nothing to wait for: no promise, so the call goes out in this turn of the event loop.
			return undefined;
		}
		return new Promise<void>((resolve) => this.waitingToOpen.push(resolve));
	}

	/** A call is over: its place goes to the next waiting one. */
	close(): void {
		const next = this.waitingToOpen.shift();
		if (next) next();
		else this.openCalls--;
	}

	/**
	 * After a 429: pause as long as UEM asked, or else back off by the run's rounds of throttling.
	 * A 429 that arrives while already paused was sent before the pause began: it belongs to the
	 * same round and does not lengthen a backoff (a Retry-After is still honoured). False, and no
	 * pause, when UEM asks for more than `maxThrottledMs` or the run has met nothing but 429s for
	 * that long.
	 */
	throttled(askedMs: number | undefined, retry: RetrySettings): boolean {
		if (askedMs !== undefined && askedMs > retry.maxThrottledMs) return false;
		const now = this.now();
		const newRound = this.pausedUntil <= now;
		if (this.throttleRounds === 0) this.throttledSince = now;
		else if (newRound && now - this.throttledSince >= retry.maxThrottledMs) return false;
		// A Retry-After date has whole seconds, so "retry at" can already be past when it arrives:
		// that asks for no particular wait, and gets the backoff instead of an immediate retry.
		if (askedMs !== undefined && askedMs > 0) this.pause(askedMs);
		else if (newRound) this.pause(backoffDelayMs(this.throttleRounds, retry));
		if (newRound) this.throttleRounds++;
		return true;
	}

	/** UEM answered with something other than a 429: the throttling is over. */
	answered(): void {
		this.throttleRounds = 0;
	}

	/** Undefined when this request may go out now, else a promise that resolves when it may. */
	pass(): Promise<void> | undefined {
		const now = this.now();
		if (this.waiting.length === 0 && this.pausedUntil <= now && (this.rateLimit?.waitMs(now) ?? 0) === 0) {
			this.rateLimit?.take(now);
			return undefined;
		}
		return new Promise<void>((resolve) => {
			this.waiting.push(resolve);
			if (!this.dispatching) void this.dispatch();
		});
	}

	private pause(ms: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
	}

	/**
	 * Lets the waiting requests go one slot apart, none during a pause. When a pause ends, the
	 * requests it held go together, as many as the slots it left unused: a round of retries as
	 * large as the run's concurrency, not only the one or two requests a slot apart that go out
	 * before the first 429 comes back (the same few would then meet every 429 of a long burst).
	 */
	private async dispatch(): Promise<void> {
		this.dispatching = true;
		let pauseEnded = false;
		while (this.waiting.length > 0) {
			const now = this.now();
			if (this.pausedUntil > now) {
				pauseEnded = true;
				await sleep(this.pausedUntil - now);
				continue;
			}
			if (pauseEnded) {
				pauseEnded = false;
				const together = Math.min(this.waiting.length, this.rateLimit?.quietSlots(now) ?? Number.POSITIVE_INFINITY);
				for (let i = 0; i < together; i++) {
					this.rateLimit?.take(now);
					this.waiting.shift()?.();
				}
				continue;
			}
			const wait = this.rateLimit?.waitMs(now) ?? 0;
			if (wait > 0) {
				await sleep(wait);
				continue;
			}
			this.rateLimit?.takeWaited(now);
			this.waiting.shift()?.();
		}
		this.dispatching = false;
	}
}

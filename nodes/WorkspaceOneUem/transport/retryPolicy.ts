import { sleep } from 'n8n-workflow';

export interface RetrySettings {
	/** Retries of one request after a 5xx, a dropped connection, a timeout or cut-short JSON. */
	maxRetries: number;
	/** Retries of one request after 429s (waiting as UEM asks, so they cost little). */
	maxThrottleRetries: number;
	/** Retries of a token exchange the token service could not answer (outage, throttle). */
	maxTokenRetries: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** A Retry-After longer than this is not waited out: it means the daily quota, not a burst. */
	maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetrySettings = {
	maxRetries: 4,
	maxThrottleRetries: 8,
	// 0.5 s doubling to the 30 s cap: at least 45 s of retrying, so a token service that is down for
	// a minute does not end a run of hours (a renewal is one request for the whole run, not a herd).
	maxTokenRetries: 8,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
	maxRetryAfterMs: 5 * 60_000,
};

/** Exponential backoff with jitter (half to all of the step), so retries of many items spread out. */
export function backoffDelayMs(retry: number, settings: RetrySettings): number {
	const step = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** retry);
	return Math.round(step * (0.5 + Math.random() * 0.5));
}

/** Retry-After as seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterDelayMs(header: unknown, now = Date.now()): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const at = Date.parse(text);
	return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Default of the "Requests Per Minute" option: under the 5,000 a minute reported as UEM's default throttle. */
export const DEFAULT_REQUESTS_PER_MINUTE = 4000;

/**
 * Hands out send times evenly spaced, in the order asked: a steady rate of one request less than
 * the limit per minute (that one slot absorbs timers that fire a little late), so no window of one
 * minute ever holds more than `requestsPerMinute` sends. No burst on purpose: n8n opens a new
 * connection per request, so requests sent together come back together and are handled one after
 * another; evenly spaced, each is handled while the others are still on the wire.
 */
export class RateLimit {
	private readonly spacingMs: number;
	private nextSlot = Number.NEGATIVE_INFINITY;

	constructor(
		requestsPerMinute: number,
		private readonly now: () => number,
	) {
		this.spacingMs = 60_000 / Math.max(1, requestsPerMinute - 1);
	}

	/** Takes the next slot; returns how many milliseconds until it comes (0: now). */
	reserve(): number {
		const now = this.now();
		const slot = Math.max(now, this.nextSlot);
		this.nextSlot = slot + this.spacingMs;
		return Math.ceil(slot - now);
	}
}

/**
 * What every request of a run passes before it goes out: the client-side rate limit (requests per
 * minute, 0 for none) and, after a 429, the pause the tenant asked for, so concurrent items do
 * not each hit the throttle again.
 */
export class RequestGate {
	private pausedUntil = 0;
	/**
	 * Pauses in a row without an answer other than 429 between them: the backoff step when UEM
	 * sends no Retry-After. It belongs to the run, not to a request, so that sixteen requests
	 * throttled together back off once, not sixteen times with sixteen growing delays.
	 */
	private throttleStreak = 0;
	private readonly rateLimit: RateLimit | undefined;

	constructor(
		requestsPerMinute = 0,
		private readonly now: () => number = Date.now,
	) {
		this.rateLimit = requestsPerMinute > 0 ? new RateLimit(requestsPerMinute, now) : undefined;
	}

	pause(ms: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
	}

	/**
	 * After a 429: pause as long as UEM asked, or else back off by the run's throttle streak. A 429
	 * that arrives while already paused was sent before the pause began, so it does not lengthen it.
	 */
	throttled(askedMs: number | undefined, retry: RetrySettings): void {
		// A Retry-After date has whole seconds, so "retry at" can already be past when it arrives:
		// that asks for no particular wait, and gets the backoff instead of an immediate retry.
		if (askedMs !== undefined && askedMs > 0) return this.pause(askedMs);
		if (this.pausedUntil > this.now()) return;
		this.pause(backoffDelayMs(this.throttleStreak, retry));
		this.throttleStreak++;
	}

	/** UEM answered with something other than a 429: the throttling streak is over. */
	answered(): void {
		this.throttleStreak = 0;
	}

	async pass(): Promise<void> {
		for (;;) {
			await this.waitOutPause();
			const wait = this.rateLimit?.reserve() ?? 0;
			if (wait === 0) return;
			await sleep(wait);
			// A 429 may have come in while this request waited for its slot: the slot is given up
			// (which only slows the run) rather than sent into the pause.
			if (this.pausedUntil <= this.now()) return;
		}
	}

	private async waitOutPause(): Promise<void> {
		for (let wait = this.pausedUntil - this.now(); wait > 0; wait = this.pausedUntil - this.now()) {
			await sleep(wait);
		}
	}
}

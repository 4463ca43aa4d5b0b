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
	maxTokenRetries: 6,
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

/**
 * Holds back every request of a run while the tenant asked to wait (after a 429), so concurrent
 * items do not each hit the throttle again.
 */
export class RequestGate {
	private pausedUntil = 0;

	constructor(private readonly now: () => number = Date.now) {}

	pause(ms: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
	}

	async pass(): Promise<void> {
		for (let wait = this.pausedUntil - this.now(); wait > 0; wait = this.pausedUntil - this.now()) {
			await sleep(wait);
		}
	}
}

export interface RetrySettings {
	/** Retries of one request after a 5xx, a dropped connection, a timeout or cut-short JSON. */
	maxRetries: number;
	/**
	 * The longest the run waits out throttling: a tenant that lets nothing through (nothing but
	 * 429s since the first of them) for this long, or a Retry-After asking for longer, means the
	 * daily quota or a tenant in trouble, not a burst. Measured for the run, not per request:
	 * whether the tenant lets anything through is a fact about the run, and one request can meet
	 * several rounds of a single burst.
	 */
	maxThrottledMs: number;
	/**
	 * 429s one request may meet while the run gets other answers (a throttle on one endpoint): a
	 * bound for the request, loose, so the time above decides when the whole tenant throttles.
	 */
	maxThrottleRetries: number;
	/** Retries of a token exchange the token service could not answer (outage, throttle). */
	maxTokenRetries: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

export const DEFAULT_RETRY: RetrySettings = {
	maxRetries: 4,
	// A tenant's per-minute throttle is over within a minute.
	maxThrottledMs: 5 * 60_000,
	maxThrottleRetries: 16,
	// 0.5 s doubling to the 30 s cap: at least 45 s of retrying, so a token service that is down for
	// a minute does not end a run of hours (a renewal is one request for the whole run, not a herd).
	maxTokenRetries: 8,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
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

import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import { isRecord } from './responseBody';
import type { Secrets } from './secrets';
import { openToken, sealToken, type SealedToken } from './tokenCrypto';
import type { IssuedToken } from './tokenExchange';
import type { UemErrorBody } from './uemErrors';

/** Where the cache lives in the workflow's global static data. */
export const STATIC_DATA_KEY = 'workspaceOneUemTokens';

/** An entry as saved with the workflow: sealed token plus when to renew it and when it dies. */
interface StoredEntry extends SealedToken {
	v: 1;
	expiresAt: number;
	renewAt: number;
}

interface LiveToken {
	token: string;
	expiresAt: number;
	renewAt: number;
}

/**
 * Renewals in flight in this process. Concurrent requests (items of one run, nodes and runs of
 * the same process) wait for one exchange instead of each starting their own. Holds promises
 * only, never tokens: tokens live in static data (sealed) and in each run's memory.
 */
const renewalsInFlight = new Map<string, Promise<LiveToken>>();

/**
 * The last token of each connection in this process, sealed exactly as in static data. In queue
 * mode n8n starts every queued run with empty static data, so without it each execution on a
 * worker would exchange a token; with it, consecutive runs on one worker share one until it is due.
 * Keyed like the renewals (connection and secret), so another credential never overwrites it.
 */
const processCopies = new Map<string, StoredEntry>();

/** Renew this long before expiry: 10 % of the lifetime, at most five minutes. */
export function renewalMarginMs(lifetimeMs: number): number {
	return Math.min(5 * 60_000, lifetimeMs * 0.1);
}

export interface TokenCacheStats {
	/** Exchanges this cache started (shared renewals count once, for the one that started it). */
	exchanges: number;
	/** Tokens read from static data instead of exchanged. */
	reused: number;
}

/**
 * The token of one tenant connection for one run: read from the workflow's static data when a
 * valid one is there, otherwise obtained through `issue` (the client-credentials exchange) and
 * written back sealed, so later nodes and later production runs reuse it.
 */
export class TokenCache {
	readonly stats: TokenCacheStats = { exchanges: 0, reused: 0 };

	private live: LiveToken | undefined;

	/**
	 * Why the last renewal failed. The exchange already retried what was worth retrying, so the
	 * rest of the run fails fast instead of sending one more token request per item.
	 */
	private failure: unknown;

	private readonly flightKey: string;

	/**
	 * What UEM said, set by the client once UEM refused tokens freshly issued to it. From then on
	 * the run asks for no more tokens: 10,000 items would otherwise send 10,000 token requests and
	 * get the OAuth client throttled for every integration using it.
	 */
	refusal: UemErrorBody | undefined;

	/** Tokens this run got from an exchange, and those UEM answered with anything but a 401. */
	private readonly issuedThisRun = new Set<string>();
	private readonly acceptedTokens = new Set<string>();
	private lastAccepted: string | undefined;
	/** Fresh tokens UEM refused that were replaced anyway: one, in case it was a passing glitch. */
	private freshRefusalsReplaced = 0;

	constructor(
		private readonly staticData: IDataObject,
		private readonly key: string,
		private readonly secret: string,
		private readonly issue: () => Promise<IssuedToken>,
		private readonly now: () => number = Date.now,
		/** Every token this cache holds is added, so errors quoting a server never show it. */
		private readonly secrets?: Secrets,
	) {
		// Two credentials that differ only in their secret must not share a renewal.
		this.flightKey = `${key}:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
	}

	/** A token that is not due for renewal, renewing first when needed. */
	async current(): Promise<string> {
		if (this.live && this.now() < this.live.renewAt) return this.live.token;
		const stored = this.readStored();
		if (stored && this.now() < stored.renewAt && stored.token !== this.live?.token) {
			this.hold(stored);
			this.stats.reused++;
			return stored.token;
		}
		return await this.renew();
	}

	/** UEM answered a request made with this token (not with a 401): the token works. */
	accepted(token: string): void {
		if (token === this.lastAccepted) return;
		this.lastAccepted = token;
		this.acceptedTokens.add(token);
	}

	/**
	 * Whether a token UEM refused (401) is worth replacing. Yes for one that worked before (it
	 * expired or was revoked) or that came from static data; for one freshly issued and never
	 * accepted, once per run. No once the run has given up (see `refusal`).
	 */
	mayReplace(rejected: string): boolean {
		if (this.refusal !== undefined) return false;
		if (!this.issuedThisRun.has(rejected) || this.acceptedTokens.has(rejected)) return true;
		// Already replaced by another request: taking its replacement costs no exchange.
		if (this.live?.token !== rejected) return true;
		return this.freshRefusalsReplaced++ < 1;
	}

	/**
	 * Replaces a token the API refused (401), once `mayReplace` said so. When another request
	 * already replaced it, that token is used without a new exchange.
	 */
	async replaceRejected(rejected: string): Promise<void> {
		if (this.live && this.live.token !== rejected && this.now() < this.live.renewAt) return;
		const stored = this.readStored();
		if (stored && stored.token !== rejected && this.now() < stored.renewAt) this.hold(stored);
		else await this.renew();
	}

	private hold(live: LiveToken): void {
		this.live = live;
		this.secrets?.add(live.token);
	}

	private async renew(): Promise<string> {
		if (this.failure !== undefined) throw this.failure;
		let pending = renewalsInFlight.get(this.flightKey);
		if (!pending) {
			this.stats.exchanges++;
			pending = this.exchange();
			renewalsInFlight.set(this.flightKey, pending);
			const forget = () => renewalsInFlight.delete(this.flightKey);
			pending.then(forget, forget);
		}
		const live = await pending.catch((error: unknown) => {
			this.failure = error;
			throw error;
		});
		this.issuedThisRun.add(live.token);
		this.hold(live);
		this.store(live);
		return live.token;
	}

	private async exchange(): Promise<LiveToken> {
		const requestedAt = this.now();
		const issued = await this.issue();
		const lifetimeMs = issued.expiresInSeconds * 1000;
		// Count the lifetime from when the request left: the token was issued no earlier.
		const expiresAt = requestedAt + lifetimeMs;
		return { token: issued.accessToken, expiresAt, renewAt: expiresAt - renewalMarginMs(lifetimeMs) };
	}

	private entries(): Record<string, unknown> {
		const entries = this.staticData[STATIC_DATA_KEY];
		return isRecord(entries) ? entries : {};
	}

	/**
	 * The stored token for this connection, when there is one this secret can open and it is alive.
	 * Static data decides when it holds an entry; the process copy stands in where it holds none (a
	 * queued run starts with empty static data), and where this process has renewed since the run
	 * read its static data (a later expiry): requests that arrive together each load static data
	 * before any of them saves, and would otherwise each renew a token another already renewed.
	 */
	private readStored(): LiveToken | undefined {
		const entry = this.entries()[this.key];
		const copy = processCopies.get(this.flightKey);
		const copyIsNewer = copy !== undefined && isStoredEntry(entry) && copy.expiresAt > entry.expiresAt;
		const chosen = entry === undefined || copyIsNewer ? copy : entry;
		if (!isStoredEntry(chosen) || this.now() >= chosen.expiresAt) return undefined;
		const token = openToken(chosen, this.secret, associatedData(this.key, chosen));
		return token === undefined ? undefined : { token, expiresAt: chosen.expiresAt, renewAt: chosen.renewAt };
	}

	/** Seals the token into static data and drops every expired or unreadable entry. */
	private store(live: LiveToken): void {
		const now = this.now();
		const kept: Record<string, StoredEntry> = {};
		for (const [key, entry] of Object.entries(this.entries())) {
			if (key !== this.key && isStoredEntry(entry) && entry.expiresAt > now) kept[key] = entry;
		}
		const entry = { v: 1 as const, expiresAt: live.expiresAt, renewAt: live.renewAt };
		kept[this.key] = { ...entry, ...sealToken(live.token, this.secret, associatedData(this.key, entry)) };
		// Assign the whole map: n8n notices a changed top-level key and saves the static data.
		this.staticData[STATIC_DATA_KEY] = kept as unknown as IDataObject;
		for (const [key, copy] of processCopies) if (copy.expiresAt <= now) processCopies.delete(key);
		processCopies.set(this.flightKey, kept[this.key]);
	}
}

function associatedData(key: string, entry: { expiresAt: number; renewAt: number }): string {
	return `${key}|${entry.expiresAt}|${entry.renewAt}`;
}

function isStoredEntry(value: unknown): value is StoredEntry {
	if (value === null || typeof value !== 'object') return false;
	const entry = value as Record<string, unknown>;
	return (
		entry.v === 1 &&
		typeof entry.expiresAt === 'number' &&
		typeof entry.renewAt === 'number' &&
		['salt', 'iv', 'tag', 'data'].every((field) => typeof entry[field] === 'string')
	);
}

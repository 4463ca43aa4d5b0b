import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import { openToken, sealToken, type SealedToken } from './tokenCrypto';
import type { IssuedToken } from './tokenExchange';

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

/** Renew this long before expiry: 10 % of the lifetime, at most five minutes. */
export function renewalMarginMs(lifetimeMs: number): number {
	return Math.min(5 * 60_000, lifetimeMs * 0.1);
}

export interface TokenCacheStats {
	/** Exchanges this cache started (shared renewals count once, for the one that started it). */
	exchanges: number;
	/** Times this cache needed a new token (ahead of expiry or after a 401), shared or not. */
	renewals: number;
	/** Tokens read from static data instead of exchanged. */
	reused: number;
}

/**
 * The token of one tenant connection for one run: read from the workflow's static data when a
 * valid one is there, otherwise obtained through `issue` (the client-credentials exchange) and
 * written back sealed, so later nodes and later production runs reuse it.
 */
export class TokenCache {
	readonly stats: TokenCacheStats = { exchanges: 0, renewals: 0, reused: 0 };

	private live: LiveToken | undefined;

	/**
	 * Why the last renewal failed. The exchange already retried what was worth retrying, so the
	 * rest of the run fails fast instead of sending one more token request per item.
	 */
	private failure: unknown;

	private readonly flightKey: string;

	constructor(
		private readonly staticData: IDataObject,
		private readonly key: string,
		private readonly secret: string,
		private readonly issue: () => Promise<IssuedToken>,
		private readonly now: () => number = Date.now,
	) {
		// Two credentials that differ only in their secret must not share a renewal.
		this.flightKey = `${key}:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
	}

	/** A token that is not due for renewal, renewing first when needed. */
	async current(): Promise<string> {
		if (this.live && this.now() < this.live.renewAt) return this.live.token;
		const stored = this.readStored();
		if (stored && this.now() < stored.renewAt && stored.token !== this.live?.token) {
			this.live = stored;
			this.stats.reused++;
			return stored.token;
		}
		return await this.renew();
	}

	/**
	 * A replacement for a token the API refused (401). When another request already replaced it,
	 * that token is used without a new exchange.
	 */
	async replaceRejected(rejected: string): Promise<string> {
		if (this.live && this.live.token !== rejected && this.now() < this.live.renewAt) return this.live.token;
		const stored = this.readStored();
		if (stored && stored.token !== rejected && this.now() < stored.renewAt) {
			this.live = stored;
			return stored.token;
		}
		return await this.renew();
	}

	private async renew(): Promise<string> {
		if (this.failure !== undefined) throw this.failure;
		this.stats.renewals++;
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
		this.live = live;
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
		return entries !== null && typeof entries === 'object' && !Array.isArray(entries)
			? (entries as Record<string, unknown>)
			: {};
	}

	/** The stored token for this connection, when there is one this secret can open and it is alive. */
	private readStored(): LiveToken | undefined {
		const entry = this.entries()[this.key];
		if (!isStoredEntry(entry) || this.now() >= entry.expiresAt) return undefined;
		const token = openToken(entry, this.secret, associatedData(this.key, entry));
		return token === undefined ? undefined : { token, expiresAt: entry.expiresAt, renewAt: entry.renewAt };
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
	}
}

function associatedData(key: string, entry: { expiresAt: number; renewAt: number }): string {
	return `${key}|${entry.expiresAt}|${entry.renewAt}`;
}

function isStoredEntry(value: unknown): value is StoredEntry {
	if (value === null || typeof value !== 'object') return false;
	const entry = value as Partial<StoredEntry>;
	return (
		entry.v === 1 &&
		typeof entry.expiresAt === 'number' &&
		typeof entry.renewAt === 'number' &&
		typeof entry.salt === 'string' &&
		typeof entry.iv === 'string' &&
		typeof entry.tag === 'string' &&
		typeof entry.data === 'string'
	);
}

import { sleep, type IHttpRequestMethods, type IHttpRequestOptions } from 'n8n-workflow';

import { isTimeout } from './networkErrors';

/** The one HTTP capability the transport needs: n8n's `helpers.httpRequest`. */
export type HttpRequester = (options: IHttpRequestOptions) => Promise<unknown>;

/**
 * Largest token endpoint answer read: a token answer is a few kilobytes; anything far larger is
 * not a token service, and reading it whole would let a server fill n8n's memory.
 */
export const TOKEN_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Largest API answer read. UEM's biggest pages (500 device records, or a device's 500 profiles)
 * are 1–3 MB; 16 MiB leaves ample room and still bounds what one call can hold (at Concurrency
 * 64, at most 1 GiB in flight in the worst case, 50 MB at the default).
 */
export const API_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

export interface WireRequest {
	method: IHttpRequestMethods;
	url: string;
	qs?: Record<string, string | number | boolean>;
	headers: Record<string, string>;
	body?: string;
	/**
	 * The whole exchange ends by then, headers and body, whatever the server does (one byte at a
	 * time included): the socket is closed and the answer is a timeout.
	 */
	timeoutMs: number;
	maxBodyBytes: number;
	skipSslCertificateValidation: boolean;
}

/**
 * How one HTTP exchange ended. Never a redirect followed: a 3xx is reported with where it
 * pointed, so that nothing (a client secret, a bearer token) reaches a host the user did not enter.
 */
export type WireOutcome =
	| { kind: 'answer'; status: number; headers: Record<string, unknown>; text: string }
	| { kind: 'redirect'; status: number; location: string | undefined }
	| { kind: 'tooLarge'; status: number; limitBytes: number }
	| { kind: 'timeout' }
	| { kind: 'failed'; error: unknown };

interface RawResponse {
	statusCode: number;
	headers?: Record<string, unknown>;
	body: unknown;
}

/** What n8n hands back for `encoding: 'stream'`: a Node readable; older versions may give text. */
interface BodyStream extends AsyncIterable<unknown> {
	destroy(error?: Error): void;
}

function isStream(body: unknown): body is BodyStream {
	return (
		body !== null &&
		typeof body === 'object' &&
		typeof (body as BodyStream).destroy === 'function' &&
		typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function'
	);
}

function discard(body: unknown): void {
	if (isStream(body)) body.destroy();
}

function asBytes(chunk: unknown): Buffer {
	if (chunk instanceof Uint8Array) return Buffer.from(chunk);
	return Buffer.from(typeof chunk === 'string' ? chunk : JSON.stringify(chunk), 'utf8');
}

/** The body as text, or undefined once it passes `limit` bytes (the rest is not read). */
async function readCapped(body: unknown, limit: number, abort: AbortSignal): Promise<string | undefined> {
	if (!isStream(body)) {
		const bytes = body === undefined || body === null ? Buffer.alloc(0) : asBytes(body);
		return bytes.length > limit ? undefined : bytes.toString('utf8');
	}
	// Versions whose HTTP helper ignores the abort signal: closing the stream closes the socket.
	const stop = () => body.destroy(new Error('deadline'));
	abort.addEventListener('abort', stop, { once: true });
	try {
		const chunks: Buffer[] = [];
		let size = 0;
		for await (const chunk of body) {
			const bytes = asBytes(chunk);
			size += bytes.length;
			if (size > limit) {
				body.destroy();
				return undefined;
			}
			chunks.push(bytes);
		}
		return Buffer.concat(chunks).toString('utf8');
	} finally {
		abort.removeEventListener('abort', stop);
	}
}

async function exchange(httpRequest: HttpRequester, request: WireRequest, abort: AbortSignal): Promise<WireOutcome> {
	let response: RawResponse;
	try {
		response = (await httpRequest({
			method: request.method,
			url: request.url,
			qs: request.qs,
			headers: request.headers,
			body: request.body,
			encoding: 'stream',
			json: false,
			// n8n's own timeout only bounds the wait for the first byte; the deadline bounds the rest.
			timeout: request.timeoutMs,
			abortSignal: abort,
			disableFollowRedirect: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			skipSslCertificateValidation: request.skipSslCertificateValidation,
		})) as RawResponse;
	} catch (error) {
		return abort.aborted || isTimeout(error) ? { kind: 'timeout' } : { kind: 'failed', error };
	}
	const status = Number(response.statusCode);
	const headers = response.headers ?? {};
	if (abort.aborted) {
		discard(response.body);
		return { kind: 'timeout' };
	}
	if (status >= 300 && status < 400) {
		discard(response.body);
		const location = headers.location;
		return { kind: 'redirect', status, location: typeof location === 'string' ? location : undefined };
	}
	try {
		const text = await readCapped(response.body, request.maxBodyBytes, abort);
		if (text === undefined) return { kind: 'tooLarge', status, limitBytes: request.maxBodyBytes };
		return { kind: 'answer', status, headers, text };
	} catch (error) {
		return abort.aborted || isTimeout(error) ? { kind: 'timeout' } : { kind: 'failed', error };
	}
}

const DEADLINE: unique symbol = Symbol('deadline');

/**
 * One HTTP exchange under the transport's rules: no redirect followed, a hard deadline for the
 * whole exchange, a cap on the body read. Never throws for what the server or the network did.
 */
export async function send(httpRequest: HttpRequester, request: WireRequest): Promise<WireOutcome> {
	const abort = new AbortController();
	const timer = new AbortController();
	const deadline = sleep(request.timeoutMs, timer.signal).then(
		(): typeof DEADLINE => {
			abort.abort();
			return DEADLINE;
		},
		// The exchange ended first and cancelled the timer.
		(): typeof DEADLINE => DEADLINE,
	);
	try {
		const outcome = await Promise.race([exchange(httpRequest, request, abort.signal), deadline]);
		return outcome === DEADLINE ? { kind: 'timeout' } : outcome;
	} finally {
		timer.abort();
	}
}

/** Where a redirect pointed, as `scheme://host` only: its path or query may hold anything. */
export function redirectTarget(location: string | undefined, from: string): string {
	if (location === undefined || location.trim() === '') return 'no Location given';
	try {
		const target = new URL(location, from);
		return `${target.protocol}//${target.host}`;
	} catch {
		return 'an unreadable Location';
	}
}

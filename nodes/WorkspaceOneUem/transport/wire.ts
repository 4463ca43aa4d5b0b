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
interface BodyStream {
	on(event: string, listener: (value?: unknown) => void): unknown;
	removeListener(event: string, listener: (value?: unknown) => void): unknown;
	destroy(error?: Error): void;
}

function isStream(body: unknown): body is BodyStream {
	return body !== null && typeof body === 'object' && typeof (body as BodyStream).destroy === 'function' && typeof (body as BodyStream).on === 'function';
}

function discard(body: unknown): void {
	if (isStream(body)) body.destroy();
}

function asBytes(chunk: unknown): Buffer {
	if (Buffer.isBuffer(chunk)) return chunk;
	if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
	return Buffer.from(typeof chunk === 'string' ? chunk : JSON.stringify(chunk), 'utf8');
}

/**
 * The body as text, or undefined once it passes `limit` bytes (the rest is not read). Listens to
 * the stream's events rather than iterating it: most answers are one or two chunks, and an async
 * iterator costs a promise per chunk on every call of the run.
 */
async function readCapped(body: unknown, limit: number, abort: AbortSignal): Promise<string | undefined> {
	if (!isStream(body)) {
		const bytes = body === undefined || body === null ? Buffer.alloc(0) : asBytes(body);
		return bytes.length > limit ? undefined : bytes.toString('utf8');
	}
	const stream: BodyStream = body;
	return await new Promise<string | undefined>((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const listeners: Record<string, (value?: unknown) => void> = {
			data: (chunk) => {
				const bytes = asBytes(chunk);
				size += bytes.length;
				if (size <= limit) chunks.push(bytes);
				else finish(() => resolve(undefined), true);
			},
			end: () => finish(() => resolve(Buffer.concat(chunks, size).toString('utf8'))),
			error: (error) => finish(() => reject(error), true),
			close: () => finish(() => reject(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))),
		};
		// Versions whose HTTP helper ignores the abort signal: closing the stream closes the socket.
		const onAbort = () => finish(() => reject(new Error('deadline')), true);
		function finish(settle: () => void, close = false) {
			for (const [event, listener] of Object.entries(listeners)) stream.removeListener(event, listener);
			abort.removeEventListener('abort', onAbort);
			if (close) stream.destroy();
			settle();
		}
		for (const [event, listener] of Object.entries(listeners)) stream.on(event, listener);
		abort.addEventListener('abort', onAbort, { once: true });
	});
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

/** How often the deadlines of the requests in flight are checked: a request ends at most this much past its own. */
const DEADLINE_TICK_MS = 100;

/**
 * The deadlines of every request in flight in this process, checked by one timer rather than one
 * timer each (a run makes thousands of calls a minute, and the main thread's time per call is what
 * limits its pace). Measured with performance.now: a clock nothing else moves.
 */
const deadlines = new Map<AbortController, number>();
let watchingDeadlines = false;

async function watchDeadlines(): Promise<void> {
	watchingDeadlines = true;
	while (deadlines.size > 0) {
		await sleep(DEADLINE_TICK_MS);
		const now = performance.now();
		for (const [abort, at] of deadlines) {
			if (now < at) continue;
			deadlines.delete(abort);
			abort.abort();
		}
	}
	watchingDeadlines = false;
}

/**
 * One HTTP exchange under the transport's rules: no redirect followed, a hard deadline for the
 * whole exchange (n8n's own timeout bounds the wait for the headers; past the deadline the request
 * is aborted and its stream closed), a cap on the body read. Never throws for what the server or
 * the network did.
 */
export async function send(httpRequest: HttpRequester, request: WireRequest): Promise<WireOutcome> {
	const abort = new AbortController();
	deadlines.set(abort, performance.now() + request.timeoutMs);
	if (!watchingDeadlines) void watchDeadlines();
	try {
		return await exchange(httpRequest, request, abort.signal);
	} finally {
		deadlines.delete(abort);
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

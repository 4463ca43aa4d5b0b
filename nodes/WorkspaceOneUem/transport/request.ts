import { sleep } from 'n8n-workflow';

import { hostOf } from './connection';
import { isTlsProblem, networkErrorCode } from './networkErrors';
import { bodyText, parseBody } from './responseBody';
import { backoffDelayMs, retryAfterDelayMs } from './retryPolicy';
import type { UemContext, UemSession } from './session';
import {
	networkError,
	readUemError,
	uemHttpError,
	unexpectedBodyError,
	type FailedCall,
	type UemErrorBody,
} from './uemErrors';

export type QueryValue = string | number | boolean | undefined;

export interface UemCall {
	/** Path under the API server, e.g. `/api/mdm/devices/search`. */
	path: string;
	qs?: Record<string, QueryValue>;
	/** Sent as `Accept: application/json;version=N`. */
	version: number;
	/**
	 * Statuses that mean "not here" for this call besides 404, answered like a 404 instead of
	 * thrown: a 406 from a tenant too old for the endpoint, when the caller has another way.
	 */
	missingStatuses?: readonly number[];
}

/** What a call can end in besides an error: data, nothing (204), or not found (404 or a missingStatus). */
export type UemAnswer =
	| { status: 200; body: unknown }
	| { status: 204 }
	| { status: 404; error: UemErrorBody; httpCode: number };

interface RawResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

/** Network failures that retrying cannot fix. */
const PERMANENT_NETWORK_CODES = new Set(['ENOTFOUND', 'ERR_INVALID_URL', 'ERR_TLS_CERT_ALTNAME_INVALID']);

/**
 * GET one UEM endpoint with the run's token, within the run's requests-per-minute limit. Renews
 * the token once on a 401 and retries; waits out 429s as UEM asks (all requests of the run wait
 * together); retries 5xx, dropped
 * connections, timeouts and cut-short JSON a bounded number of times. Any other failure becomes
 * a NodeApiError carrying UEM's errorCode, message and activityId.
 */
export async function uemGet(
	context: UemContext,
	session: UemSession,
	call: UemCall,
	itemIndex?: number,
): Promise<UemAnswer> {
	const { connection, settings, stats } = session;
	const qs = cleanQuery(call.qs);
	const failed: FailedCall = {
		method: 'GET',
		path: pathWithQuery(call.path, qs),
		host: hostOf(connection.apiUrl),
		attempts: 0,
		itemIndex,
	};
	const node = context.getNode();
	let retries = 0;
	let throttleRetries = 0;
	let renewed = false;

	const retryLater = async (): Promise<boolean> => {
		if (retries >= settings.retry.maxRetries) return false;
		await sleep(backoffDelayMs(retries, settings.retry));
		retries++;
		stats.retries++;
		return true;
	};

	for (;;) {
		await session.gate.pass();
		const token = await session.tokens.current();
		failed.attempts++;
		stats.requests++;

		let response: RawResponse;
		try {
			response = (await context.helpers.httpRequest({
				method: 'GET',
				url: `${connection.apiUrl}${call.path}`,
				qs,
				headers: headersFor(token, call.version, connection.tenantCode),
				encoding: 'text',
				json: false,
				timeout: settings.timeoutMs,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				skipSslCertificateValidation: connection.allowUnauthorizedCerts,
			})) as RawResponse;
		} catch (error) {
			const permanent = isTlsProblem(error) || PERMANENT_NETWORK_CODES.has(networkErrorCode(error) ?? '');
			if (!permanent && (await retryLater())) continue;
			throw networkError(node, failed, error, settings.timeoutMs);
		}

		const status = Number(response.statusCode);
		if (status !== 429) session.gate.answered();
		if (status === 204) return { status: 204 };

		const parsed = parseBody(bodyText(response.body));
		if (status >= 200 && status < 300) {
			if (parsed.kind === 'json') return { status: 200, body: parsed.value };
			if (parsed.kind === 'malformed' && (await retryLater())) continue;
			throw unexpectedBodyError(node, failed, status, parsed);
		}
		if (status === 404 || call.missingStatuses?.includes(status)) {
			return { status: 404, error: readUemError(parsed), httpCode: status };
		}
		if (status === 401 && !renewed) {
			renewed = true;
			stats.renewalsAfter401++;
			await session.tokens.replaceRejected(token);
			continue;
		}
		if (status === 429 && pauseForThrottle(session, response, throttleRetries)) {
			throttleRetries++;
			continue;
		}
		if ((status >= 500 || status === 408) && (await retryLater())) continue;
		if (status === 429) failed.runCalls = stats.requests;
		throw uemHttpError(node, failed, status, parsed);
	}
}

/**
 * Pauses the run's gate as a 429 asks (Retry-After in seconds or as a date, else a backoff that
 * grows with the run's rounds of throttling), so the run's other requests hold back too; the retry
 * then waits at the gate like any request. False when UEM asks for longer than is sensible to wait
 * (the daily quota, not a burst), when the run has met nothing but 429s for too long, or when
 * this request alone has met its bound of 429s.
 */
function pauseForThrottle(session: UemSession, response: RawResponse, throttleRetries: number): boolean {
	const { retry } = session.settings;
	if (throttleRetries >= retry.maxThrottleRetries) return false;
	if (!session.gate.throttled(retryAfterDelayMs(response.headers['retry-after']), retry)) return false;
	session.stats.throttled++;
	return true;
}

function headersFor(token: string, version: number, tenantCode: string): Record<string, string> {
	const headers: Record<string, string> = {
		Authorization: `Bearer ${token}`,
		Accept: `application/json;version=${version}`,
	};
	if (tenantCode !== '') headers['aw-tenant-code'] = tenantCode;
	return headers;
}

function cleanQuery(qs: Record<string, QueryValue> | undefined): Record<string, string | number | boolean> {
	const clean: Record<string, string | number | boolean> = {};
	for (const [key, value] of Object.entries(qs ?? {})) {
		if (value !== undefined && value !== '') clean[key] = value;
	}
	return clean;
}

function pathWithQuery(path: string, qs: Record<string, string | number | boolean>): string {
	const query = new URLSearchParams(Object.entries(qs).map(([k, v]): [string, string] => [k, String(v)])).toString();
	return query === '' ? path : `${path}?${query}`;
}


import { sleep } from 'n8n-workflow';

import { apiRedirectProblem } from './apiReachability';
import { hostOf } from './connection';
import { isTlsProblem, networkErrorCode } from './networkErrors';
import { parseBody, type ParsedBody } from './responseBody';
import { backoffDelayMs, retryAfterDelayMs } from './retryPolicy';
import type { UemContext, UemSession } from './session';
import {
	networkError,
	readUemError,
	redirectError,
	refusedTokenError,
	tooLargeError,
	uemHttpError,
	unexpectedBodyError,
	type FailedCall,
	type UemErrorBody,
} from './uemErrors';
import { API_BODY_LIMIT_BYTES, send } from './wire';

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

/** Network failures that retrying cannot fix. */
const PERMANENT_NETWORK_CODES = new Set(['ENOTFOUND', 'ERR_INVALID_URL', 'ERR_TLS_CERT_ALTNAME_INVALID']);

/**
 * GET one UEM endpoint with the run's token, within the run's requests-per-minute limit. Renews
 * the token once on a 401 and retries; waits out 429s as UEM asks (all requests of the run wait
 * together); retries 5xx, dropped connections, timeouts and cut-short JSON a bounded number of
 * times. Follows no redirect and reads no answer past its deadline or size cap. Any other failure
 * becomes a NodeApiError carrying UEM's errorCode, message and activityId, with every secret of
 * the run masked.
 */
export async function uemGet(
	context: UemContext,
	session: UemSession,
	call: UemCall,
	itemIndex?: number,
): Promise<UemAnswer> {
	const { connection, settings, stats } = session;
	const qs = cleanQuery(call.qs);
	const url = `${connection.apiUrl}${call.path}`;
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
		const refusal = session.tokens.refusal;
		if (refusal !== undefined) throw refusedTokenError(node, failed, refusal as ParsedBody);
		await session.gate.pass();
		const token = await session.tokens.current();
		failed.attempts++;
		stats.requests++;

		const outcome = await send(context.helpers.httpRequest, {
			method: 'GET',
			url,
			qs,
			headers: headersFor(token, call.version, connection.tenantCode),
			timeoutMs: settings.timeoutMs,
			maxBodyBytes: API_BODY_LIMIT_BYTES,
			skipSslCertificateValidation: connection.allowUnauthorizedCerts,
		});
		if (outcome.kind === 'timeout') {
			if (await retryLater()) continue;
			throw networkError(node, failed, 'timeout', settings.timeoutMs);
		}
		if (outcome.kind === 'failed') {
			const { error } = outcome;
			const permanent = isTlsProblem(error) || PERMANENT_NETWORK_CODES.has(networkErrorCode(error) ?? '');
			if (!permanent && (await retryLater())) continue;
			throw networkError(node, failed, error, settings.timeoutMs);
		}
		if (outcome.kind === 'redirect') {
			throw redirectError(node, failed, outcome.status, apiRedirectProblem(failed.host, outcome.status, outcome.location, url));
		}
		if (outcome.kind === 'tooLarge') throw tooLargeError(node, failed, outcome.status, outcome.limitBytes);

		const status = outcome.status;
		if (status !== 429) session.gate.answered();
		// What a token proves: an answer past authentication (not a 401, not a throttle or outage).
		if (status < 500 && status !== 401 && status !== 429) session.tokens.accepted(token);
		if (status === 204) return { status: 204 };

		if (status >= 200 && status < 300) {
			const parsed = parseBody(outcome.text);
			if (parsed.kind === 'json') return { status: 200, body: parsed.value };
			if (parsed.kind === 'malformed' && (await retryLater())) continue;
			throw unexpectedBodyError(node, failed, status, maskedBody(session, outcome.text));
		}
		// An error answer may quote the request, the token among it: masked before anything reads it.
		const parsed = maskedBody(session, outcome.text);
		if (status === 404 || call.missingStatuses?.includes(status)) {
			return { status: 404, error: readUemError(parsed), httpCode: status };
		}
		if (status === 401) {
			if (!renewed && session.tokens.mayReplace(token)) {
				renewed = true;
				stats.renewalsAfter401++;
				await session.tokens.replaceRejected(token);
				continue;
			}
			// UEM refuses the tokens this client gets: every further item would only ask for another.
			session.tokens.refuse(parsed);
			throw uemHttpError(node, failed, status, parsed);
		}
		if (status === 429 && pauseForThrottle(session, outcome.headers, throttleRetries)) {
			throttleRetries++;
			continue;
		}
		if ((status >= 500 || status === 408) && (await retryLater())) continue;
		if (status === 429) failed.runCalls = stats.requests;
		throw uemHttpError(node, failed, status, parsed);
	}
}

function maskedBody(session: UemSession, text: string): ParsedBody {
	return parseBody(session.secrets.mask(text));
}

/**
 * Pauses the run's gate as a 429 asks (Retry-After in seconds or as a date, else a backoff that
 * grows with the run's rounds of throttling), so the run's other requests hold back too; the retry
 * then waits at the gate like any request. False when UEM asks for longer than is sensible to wait
 * (the daily quota, not a burst), when the run has met nothing but 429s for too long, or when
 * this request alone has met its bound of 429s.
 */
function pauseForThrottle(session: UemSession, headers: Record<string, unknown>, throttleRetries: number): boolean {
	const { retry } = session.settings;
	if (throttleRetries >= retry.maxThrottleRetries) return false;
	if (!session.gate.throttled(retryAfterDelayMs(headers['retry-after']), retry)) return false;
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


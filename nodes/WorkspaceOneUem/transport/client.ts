import { sleep, type INode } from 'n8n-workflow';

import { apiRedirectProblem } from './apiReachability';
import { cleanQuery, pathWithQuery, type CallRecord, type HttpMethod, type UemAnswer, type UemApi, type UemCall } from './calls';
import { headersFor, hostOf } from './connection';
import { deadlineSeconds, isTlsProblem, networkErrorCode } from './networkErrors';
import { parseBody } from './responseBody';
import { backoffDelayMs, DEFAULT_RETRY, retryAfterDelayMs } from './retryPolicy';
import { openSession, type TransportSettings, type UemContext, type UemSession } from './session';
import {
	networkError,
	outcomeUnknownError,
	readUemError,
	redirectError,
	refusedTokenError,
	tooLargeError,
	uemHttpError,
	unexpectedBodyError,
} from './uemErrors';
import { API_BODY_LIMIT_BYTES, send, type WireOutcome } from './wire';

/** Network failures that retrying cannot fix. */
const PERMANENT_NETWORK_CODES = new Set(['ENOTFOUND', 'ERR_INVALID_URL', 'ERR_TLS_CERT_ALTNAME_INVALID']);
/** Failures that happen before a request is written: a write that met one certainly did not reach UEM. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ERR_INVALID_URL']);

const { maxRetries } = DEFAULT_RETRY;

/** The run's client: reads the credential once and sets up the session every call shares. */
export async function openClient(context: UemContext, settings: TransportSettings): Promise<UemClient> {
	return new UemClient(context, await openSession(context, settings));
}

/**
 * The one way a run talks to UEM: every call of every item goes through here, with the run's
 * token, within its limits (open calls, requests per minute, UEM's 429 pauses), under the wire's
 * rules (no redirect followed, a deadline, a size cap, secrets masked in errors). A 401 renews the
 * token once; 429s are waited out; a GET is retried after a 5xx, a dropped connection, a timeout or
 * cut-short JSON. A write is retried only when it certainly did not reach UEM (refused connection,
 * DNS, 429, 503 with Retry-After): otherwise its outcome is unknown, and the error says so.
 */
export class UemClient implements UemApi {
	readonly node: INode;

	constructor(
		private readonly context: UemContext,
		readonly session: UemSession,
	) {
		this.node = context.getNode();
	}

	get concurrency(): number {
		return this.session.settings.concurrency;
	}

	async get(call: UemCall): Promise<UemAnswer> {
		return await this.call({ ...call, method: 'GET' }, call.idempotent ?? true);
	}

	async send(call: UemCall): Promise<UemAnswer> {
		return await this.call({ ...call, method: call.method ?? 'POST' }, call.idempotent ?? false);
	}

	private async call(call: UemCall & { method: HttpMethod }, idempotent: boolean): Promise<UemAnswer> {
		const { connection, gate, settings, stats, tokens } = this.session;
		const qs = cleanQuery(call.qs);
		const url = `${connection.apiUrl}${call.path}`;
		const record: CallRecord = { method: call.method, path: pathWithQuery(call.path, qs), host: hostOf(connection.apiUrl), attempts: 0, statuses: [] };
		const node = this.node;
		let retries = 0;
		let throttleRetries = 0;
		const retryLater = async (): Promise<boolean> => {
			if (retries >= maxRetries) return false;
			await sleep(backoffDelayMs(retries++, DEFAULT_RETRY));
			return true;
		};

		for (;;) {
			if (tokens.refusal !== undefined) throw refusedTokenError(node, record, tokens.refusal);
			const { outcome, token } = await this.sendOnce(call, url, qs);
			record.attempts++;
			stats.requests++;

			if (outcome.kind === 'timeout' || outcome.kind === 'failed') {
				const error = outcome.kind === 'timeout' ? 'timeout' : outcome.error;
				const code = outcome.kind === 'failed' ? (networkErrorCode(outcome.error) ?? '') : '';
				const tls = outcome.kind === 'failed' && isTlsProblem(outcome.error);
				const permanent = tls || PERMANENT_NETWORK_CODES.has(code);
				if (!idempotent && !tls && !NOT_SENT_CODES.has(code)) {
					throw outcomeUnknownError(node, record, outcome.kind === 'timeout' ? `no answer within ${deadlineSeconds(settings.timeoutMs)} s` : 'the connection dropped');
				}
				if (!permanent && (await retryLater())) continue;
				throw networkError(node, record, error, settings.timeoutMs);
			}
			if (outcome.kind === 'redirect') {
				throw redirectError(node, record, outcome.status, apiRedirectProblem(record.host, outcome.status, outcome.location, url));
			}
			if (outcome.kind === 'tooLarge') throw tooLargeError(node, record, outcome.status, outcome.limitBytes);

			const status = outcome.status;
			record.statuses.push(status);
			if (status !== 429) gate.answered();
			// What a token proves: an answer past authentication (not a 401, not a throttle or outage).
			if (status < 500 && status !== 401 && status !== 429) tokens.accepted(token);
			if (status >= 200 && status < 300) {
				if (status === 204) return { kind: 'empty', status, call: record };
				const parsed = parseBody(outcome.text);
				if (parsed.kind === 'json') return { kind: 'ok', status, body: parsed.value, call: record };
				// A write that UEM answered 2xx was carried out, whatever the body says.
				if (call.method !== 'GET') return parsed.kind === 'empty' ? { kind: 'empty', status, call: record } : { kind: 'ok', status, body: outcome.text, call: record };
				if (parsed.kind === 'malformed' && (await retryLater())) continue;
				throw unexpectedBodyError(node, record, status, parseBody(this.session.secrets.mask(outcome.text)));
			}
			// An error answer may quote the request, the token among it: masked before anything reads it.
			const uem = readUemError(parseBody(this.session.secrets.mask(outcome.text)));
			if (status === 404 || call.missingStatuses?.includes(status)) return { kind: 'missing', status, error: uem, call: record };
			if (status === 401) {
				// The token cache decides, for the whole run: a token that had worked is replaced (revoked
				// or expired since), a fresh one once per run. Not once per call: a call whose replacement
				// was revoked before its first answer (two revocations close together) would otherwise
				// end the run as if UEM refused every fresh token.
				if (tokens.mayReplace(token)) {
					stats.renewalsAfter401++;
					await tokens.replaceRejected(token);
					continue;
				}
				// UEM refuses the tokens this client gets: every further item would only ask for another.
				tokens.refusal ??= uem;
				throw uemHttpError(node, record, status, uem);
			}
			const retryAfter = retryAfterDelayMs(outcome.headers['retry-after']);
			// A 429 pauses the run's gate as it asks (Retry-After in seconds or as a date, else a backoff
			// that grows with the run's rounds of throttling), so the run's other requests hold back too;
			// the retry then waits at the gate like any request. Not when UEM asks for longer than is
			// sensible to wait (the daily quota, not a burst), when the run has met nothing but 429s for
			// too long, or when this call alone has met its bound of 429s.
			if (status === 429 && throttleRetries < DEFAULT_RETRY.maxThrottleRetries && gate.throttled(retryAfter, DEFAULT_RETRY)) {
				throttleRetries++;
				stats.throttled++;
				continue;
			}
			const mayRetry = idempotent ? status >= 500 || status === 408 : status === 503 && retryAfter !== undefined;
			if (mayRetry && (await retryLater())) continue;
			// A server error may come after the write was carried out (a gateway's 502 or 504 surely can).
			if (!idempotent && status >= 500) throw outcomeUnknownError(node, record, `HTTP ${status}${uem.message ? `: ${uem.message}` : ''}`, { status, uem });
			throw uemHttpError(node, record, status, uem, status === 429 ? stats.requests : undefined);
		}
	}

	/**
	 * One request within the run's limits: an open-call slot, then the rate limit and any 429 pause,
	 * then the token, taken last so that no request goes out with one that came due while it waited.
	 */
	private async sendOnce(
		call: UemCall & { method: HttpMethod },
		url: string,
		qs: Record<string, string | number | boolean>,
	): Promise<{ outcome: WireOutcome; token: string }> {
		const { connection, settings, gate, tokens } = this.session;
		const opening = gate.open();
		if (opening) await opening;
		try {
			const passing = gate.pass();
			if (passing) await passing;
			const token = await tokens.current();
			const outcome = await send(this.context.helpers.httpRequest, {
				method: call.method,
				url,
				qs,
				headers: headersFor(token, call.version, connection.tenantCode, call.body !== undefined),
				body: call.body === undefined ? undefined : JSON.stringify(call.body),
				timeoutMs: settings.timeoutMs,
				maxBodyBytes: API_BODY_LIMIT_BYTES,
				skipSslCertificateValidation: connection.allowUnauthorizedCerts,
			});
			return { outcome, token };
		} finally {
			gate.close();
		}
	}
}

import { hostOf } from './connection';
import { deadlineSeconds, describeNetworkError, isTlsProblem, networkErrorCode } from './networkErrors';
import { jsonObject, parseBody, snippet } from './responseBody';
import { Secrets } from './secrets';
import { redirectTarget, send, TOKEN_BODY_LIMIT_BYTES, type HttpRequester } from './wire';

export interface ClientCredentialsRequest {
	tokenUrl: string;
	clientId: string;
	clientSecret: string;
	/** Accept a self-signed certificate (custom on-premises token URLs only). */
	allowUnauthorizedCerts?: boolean;
	timeoutMs?: number;
}

export interface IssuedToken {
	accessToken: string;
	/** Lifetime from `expires_in`, capped at a day; UEM's documented hour when it is missing. */
	expiresInSeconds: number;
}

export type TokenFailureReason =
	| 'rejected'
	| 'not-found'
	| 'throttled'
	| 'server-error'
	| 'unreachable'
	| 'timeout'
	| 'redirected'
	| 'invalid-response';

export interface TokenFailure {
	reason: TokenFailureReason;
	/** One sentence for the user: which host, what went wrong. Never holds the secret or a token. */
	message: string;
	/** What to check or do next. */
	description: string;
	httpCode?: number;
	/** Worth trying again later (outage, throttle, timeout), as opposed to a wrong setting. */
	retryable: boolean;
}

export type TokenExchangeOutcome =
	| { ok: true; token: IssuedToken }
	| { ok: false; failure: TokenFailure };

/** UEM documents one-hour tokens; RFC 6749 allows omitting `expires_in`. */
export const ASSUMED_LIFETIME_SECONDS = 3600;
/** A lifetime beyond a day is treated as a day: revocation is then noticed at least daily. */
export const MAX_LIFETIME_SECONDS = 24 * 3600;
const DEFAULT_TIMEOUT_MS = 30_000;

const CHECK_TOKEN_URL = 'Check the token URL: it normally ends in /connect/token.';
const NOT_A_TOKEN_ENDPOINT = 'The URL answers, but not as an OAuth token endpoint. Check the token URL.';
const CHECK_CLIENT =
	'Check the client ID and secret, and that the token endpoint region is the data centre where the OAuth client was created (Groups & Settings › Configurations › OAuth Client Management).';

/**
 * Performs the OAuth 2.0 client-credentials exchange against a UEM token endpoint.
 *
 * Pure apart from the `httpRequest` it is given: the credential's `preAuthentication` passes
 * its helper, the node passes its own. Never throws for an HTTP or network failure; the caller
 * turns a failure into its own kind of error. No redirect is followed (the secret would be
 * posted again, or the token taken from another host), and what the server says is masked
 * before it is quoted.
 */
export async function exchangeClientCredentials(
	httpRequest: HttpRequester,
	request: ClientCredentialsRequest,
): Promise<TokenExchangeOutcome> {
	const host = hostOf(request.tokenUrl);
	const form = new URLSearchParams({
		grant_type: 'client_credentials',
		client_id: request.clientId,
		client_secret: request.clientSecret,
	});
	const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;

	const outcome = await send(httpRequest, {
		method: 'POST',
		url: request.tokenUrl,
		body: form.toString(),
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
		timeoutMs,
		maxBodyBytes: TOKEN_BODY_LIMIT_BYTES,
		skipSslCertificateValidation: request.allowUnauthorizedCerts === true,
	});
	if (outcome.kind === 'timeout') return { ok: false, failure: timeoutFailure(host, timeoutMs) };
	if (outcome.kind === 'failed') return { ok: false, failure: networkFailure(outcome.error, host) };
	if (outcome.kind === 'redirect') return { ok: false, failure: redirectFailure(outcome.status, outcome.location, request.tokenUrl) };
	if (outcome.kind === 'tooLarge') return { ok: false, failure: tooLargeFailure(host, outcome.status) };

	const parsed = jsonObject(parseBody(outcome.text));
	const secrets = new Secrets([request.clientSecret]);
	// A token the server sent along with something wrong is not quoted either.
	if (typeof parsed?.access_token === 'string') secrets.add(parsed.access_token);
	const quote = (value: string) => snippet(secrets.mask(value));

	if (outcome.status >= 200 && outcome.status < 300) return readTokenAnswer(parsed, outcome.text, host, quote);
	return { ok: false, failure: httpFailure(outcome.status, parsed, outcome.text, host, quote) };
}

function readTokenAnswer(
	parsed: Record<string, unknown> | undefined,
	text: string,
	host: string,
	quote: (value: string) => string,
): TokenExchangeOutcome {
	const invalid = (message: string, description: string): TokenExchangeOutcome => ({
		ok: false,
		failure: { reason: 'invalid-response', message, description, retryable: false },
	});
	if (!parsed) {
		const what = looksLikeHtml(text) ? 'with a web page instead of a token' : `with something that is not JSON: "${quote(text)}"`;
		return invalid(`The token endpoint ${host} answered ${what}.`, CHECK_TOKEN_URL);
	}
	const accessToken = parsed.access_token;
	if (typeof accessToken !== 'string' || accessToken === '') {
		return invalid(`The token endpoint ${host} answered without an access_token.`, NOT_A_TOKEN_ENDPOINT);
	}
	if (!/^[\x21-\x7e]+$/.test(accessToken)) {
		return invalid(
			`The token endpoint ${host} issued an access_token with spaces, line breaks or other characters a header cannot carry.`,
			NOT_A_TOKEN_ENDPOINT,
		);
	}
	if (typeof parsed.token_type === 'string' && parsed.token_type.toLowerCase() !== 'bearer') {
		return invalid(
			`The token endpoint ${host} issued a "${quote(parsed.token_type)}" token; UEM needs a Bearer token.`,
			'Check the token URL.',
		);
	}
	const lifetime = readLifetime(parsed.expires_in);
	if (lifetime === undefined) {
		return invalid(
			`The token endpoint ${host} gave an unusable expires_in (${quote(JSON.stringify(parsed.expires_in) ?? '')}); it must be a positive number of seconds.`,
			'Check the token URL.',
		);
	}
	return { ok: true, token: { accessToken, expiresInSeconds: lifetime } };
}

/**
 * Whole seconds, rounded up: a lifetime under a second (0.5, "0.9") counts as one second, so a
 * token is used for 0.9 s at least (see renewalMarginMs) instead of being renewed for every request.
 */
function readLifetime(value: unknown): number | undefined {
	if (value === undefined || value === null) return ASSUMED_LIFETIME_SECONDS;
	const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return undefined;
	return Math.min(Math.ceil(seconds), MAX_LIFETIME_SECONDS);
}

function httpFailure(
	status: number,
	parsed: Record<string, unknown> | undefined,
	text: string,
	host: string,
	quote: (value: string) => string,
): TokenFailure {
	const code = typeof parsed?.error === 'string' ? quote(parsed.error) : undefined;
	const detail = typeof parsed?.error_description === 'string' ? quote(parsed.error_description) : undefined;
	const said = [code, detail].filter(Boolean).join(': ') || (looksLikeHtml(text) ? 'a web page' : quote(text) || 'no details');

	if (status === 400 || status === 401 || status === 403) {
		const clientProblem = code === 'invalid_client' || code === 'unauthorized_client' || status === 401;
		return {
			reason: 'rejected',
			httpCode: status,
			message: clientProblem
				? `The token endpoint ${host} rejected the client ID or client secret (HTTP ${status}, ${said}).`
				: `The token endpoint ${host} refused the request (HTTP ${status}, ${said}).`,
			description: CHECK_CLIENT,
			retryable: false,
		};
	}
	if (status === 404 || status === 405) {
		return {
			reason: 'not-found',
			httpCode: status,
			message: `There is no token endpoint at ${host} (HTTP ${status}).`,
			description: 'Check the token endpoint region, or the custom token URL: it normally ends in /connect/token.',
			retryable: false,
		};
	}
	if (status === 429 || status === 408) {
		return {
			reason: 'throttled',
			httpCode: status,
			message: `The token endpoint ${host} is throttling requests (HTTP ${status}).`,
			description: 'Too many token requests: wait a minute and try again.',
			retryable: true,
		};
	}
	return {
		reason: 'server-error',
		httpCode: status,
		message: `The token endpoint ${host} failed (HTTP ${status}, ${said}).`,
		description: status >= 500 ? 'The token service is having trouble: try again in a few minutes.' : 'Check the token URL.',
		retryable: status >= 500,
	};
}

function timeoutFailure(host: string, timeoutMs: number): TokenFailure {
	return {
		reason: 'timeout',
		message: `The token endpoint ${host} did not answer within ${deadlineSeconds(timeoutMs)} s.`,
		description: 'Check the network path to the token endpoint, then try again.',
		retryable: true,
	};
}

function redirectFailure(status: number, location: string | undefined, tokenUrl: string): TokenFailure {
	const target = redirectTarget(location, tokenUrl);
	return {
		reason: 'redirected',
		httpCode: status,
		message: `The token endpoint ${hostOf(tokenUrl)} answered HTTP ${status}, a redirect to ${target}. Redirects are not followed, so the client secret was not sent there.`,
		description:
			'Enter the token URL of your data centre itself: pick its region, or under Custom URL the full URL of the token service (ending in /connect/token), not an address that forwards to it.',
		retryable: false,
	};
}

function tooLargeFailure(host: string, status: number): TokenFailure {
	return {
		reason: 'invalid-response',
		httpCode: status,
		message: `The token endpoint ${host} answered with more than ${TOKEN_BODY_LIMIT_BYTES / 1024} KiB; a token answer is a few kilobytes, so the rest was not read.`,
		description: CHECK_TOKEN_URL,
		retryable: false,
	};
}

function networkFailure(error: unknown, host: string): TokenFailure {
	const code = networkErrorCode(error);
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		return {
			reason: 'unreachable',
			message: `The token endpoint host ${host} could not be found (${describeNetworkError(error)}).`,
			description: 'Check the token endpoint region or the custom token URL.',
			retryable: code === 'EAI_AGAIN',
		};
	}
	if (isTlsProblem(error)) {
		return {
			reason: 'unreachable',
			message: `The token endpoint ${host} was not trusted: ${describeNetworkError(error)}.`,
			description: 'SaaS token endpoints have public certificates; for an on-premises token URL with a self-signed certificate, turn on "Ignore SSL Issues".',
			retryable: false,
		};
	}
	return {
		reason: 'unreachable',
		message: `Could not reach the token endpoint ${host} (${describeNetworkError(error)}).`,
		description: 'Check the network path to the token endpoint, then try again.',
		retryable: true,
	};
}

function looksLikeHtml(text: string): boolean {
	return parseBody(text).kind === 'html';
}

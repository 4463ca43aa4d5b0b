import { headersFor, hostOf, type UemConnection } from './connection';
import { describeNetworkError } from './networkErrors';
import { redirectTarget, send, TOKEN_BODY_LIMIT_BYTES, type HttpRequester } from './wire';

const PROBE_TIMEOUT_MS = 15_000;

/**
 * Whether the API server answers at all with a fresh token: a problem to report when it cannot
 * be reached (refused, unknown host, TLS, timeout) or redirects elsewhere (the token would go with
 * it), undefined otherwise. Other HTTP statuses are not judged here; the credential test's rules
 * explain those.
 */
export async function apiServerProblem(
	httpRequest: HttpRequester,
	connection: UemConnection,
	accessToken: string,
): Promise<string | undefined> {
	const host = hostOf(connection.apiUrl);
	const url = `${connection.apiUrl}/api/system/info`;
	const outcome = await send(httpRequest, {
		method: 'GET',
		url,
		headers: headersFor(accessToken, 1, connection.tenantCode, false),
		timeoutMs: PROBE_TIMEOUT_MS,
		// Only whether it answers counts: a long answer is an answer.
		maxBodyBytes: TOKEN_BODY_LIMIT_BYTES,
		skipSslCertificateValidation: connection.allowUnauthorizedCerts,
	});
	if (outcome.kind === 'redirect') return apiRedirectProblem(host, outcome.status, outcome.location, url);
	if (outcome.kind !== 'timeout' && outcome.kind !== 'failed') return undefined;
	const why = outcome.kind === 'timeout' ? `no answer within ${PROBE_TIMEOUT_MS / 1000} s` : describeNetworkError(outcome.error);
	return `The token endpoint issued a token, but the API server ${host} could not be reached (${why}). Check the API server URL (the REST API URL of your tenant, e.g. https://as1506.awmdm.com).`;
}

/** What to say when the API server answers a redirect: the node never follows one, with the token or without. */
export function apiRedirectProblem(host: string, status: number, location: string | undefined, from: string): string {
	return `The API server ${host} answered HTTP ${status}, a redirect to ${redirectTarget(location, from)}. Redirects are not followed, so the access token was not sent there. Enter your tenant's REST API URL itself as the API Server URL (Groups & Settings › System › Advanced › Site URLs, e.g. https://as1506.awmdm.com), not an address that forwards to it.`;
}

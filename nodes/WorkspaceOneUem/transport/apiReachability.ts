import { hostOf, type UemConnection } from './connection';
import { describeNetworkError, isTimeout } from './networkErrors';
import type { HttpRequester } from './tokenExchange';

const PROBE_TIMEOUT_MS = 15_000;

/**
 * Whether the API server answers at all with a fresh token: a problem to report when it cannot
 * be reached (refused, unknown host, TLS, timeout), undefined otherwise. HTTP statuses are not
 * judged here; the credential test's rules explain those.
 */
export async function apiServerProblem(
	httpRequest: HttpRequester,
	connection: UemConnection,
	accessToken: string,
): Promise<string | undefined> {
	try {
		await httpRequest({
			method: 'GET',
			url: `${connection.apiUrl}/api/system/info`,
			headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json;version=1' },
			timeout: PROBE_TIMEOUT_MS,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			skipSslCertificateValidation: connection.allowUnauthorizedCerts,
		});
		return undefined;
	} catch (error) {
		const why = isTimeout(error) ? `no answer within ${PROBE_TIMEOUT_MS / 1000} s` : describeNetworkError(error);
		return `The token endpoint issued a token, but the API server ${hostOf(connection.apiUrl)} could not be reached (${why}). Check the API server URL (the REST API URL of your tenant, e.g. https://as1506.awmdm.com).`;
	}
}

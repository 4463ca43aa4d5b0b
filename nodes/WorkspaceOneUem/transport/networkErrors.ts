/** The `code` of a network error, looking through n8n's and axios' wrappers. */
export function networkErrorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && code !== '') return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/**
 * A deadline in seconds as messages name it: whole seconds, as the editor's option takes them; a
 * deadline under a second (set in a workflow's JSON, or by tests that must not wait whole seconds)
 * to a tenth, rather than as "0 s".
 */
export function deadlineSeconds(timeoutMs: number): number {
	return timeoutMs < 1000 ? Math.round(timeoutMs / 100) / 10 : Math.round(timeoutMs / 1000);
}

export function isTimeout(error: unknown): boolean {
	const code = networkErrorCode(error);
	return code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(messageOf(error));
}

/** A certificate or handshake problem: retrying cannot fix it. */
export function isTlsProblem(error: unknown): boolean {
	return /CERT|SSL|TLS|SELF_SIGNED|VERIFY|^EPROTO$/i.test(networkErrorCode(error) ?? '');
}

const CODE_WORDS = new Map([
	['ECONNREFUSED', 'connection refused'],
	['ECONNRESET', 'connection closed before an answer'],
	['EPIPE', 'connection closed before an answer'],
	['ENOTFOUND', 'host not found'],
	['EAI_AGAIN', 'DNS lookup failed'],
	['EHOSTUNREACH', 'host unreachable'],
	['ENETUNREACH', 'host unreachable'],
	['ETIMEDOUT', 'timed out'],
	['ECONNABORTED', 'timed out'],
	// An https:// URL pointing at a server that speaks plain HTTP, or the other way round.
	['EPROTO', 'TLS handshake failed: is the server really https?'],
]);

/**
 * What went wrong on the wire, in words. Deliberately not the raw code (ECONNREFUSED…):
 * n8n's NodeApiError replaces any message containing one with a generic sentence.
 */
export function describeNetworkError(error: unknown): string {
	const code = networkErrorCode(error);
	const words = CODE_WORDS.get(code ?? '');
	if (words !== undefined) return words;
	if (isTlsProblem(error)) return `TLS certificate not accepted (${(code ?? '').toLowerCase().replace(/_/g, ' ')})`;
	return /socket hang up/i.test(messageOf(error)) ? 'connection closed before an answer' : 'network error';
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { ClientCredentialsRequest } from './tokenExchange';

/** The OAuth token services of Workspace ONE UEM SaaS, per data centre, on both domains. */
export const TOKEN_REGIONS = {
	na: { name: 'North America (Omnissa)', url: 'https://na.uemauth.workspaceone.com/connect/token' },
	emea: { name: 'EMEA (Omnissa)', url: 'https://emea.uemauth.workspaceone.com/connect/token' },
	apac: { name: 'APAC (Omnissa)', url: 'https://apac.uemauth.workspaceone.com/connect/token' },
	uat: { name: 'UAT (Omnissa)', url: 'https://uat.uemauth.workspaceone.com/connect/token' },
	naVmware: { name: 'North America (legacy VMware domain)', url: 'https://na.uemauth.vmwservices.com/connect/token' },
	emeaVmware: { name: 'EMEA (legacy VMware domain)', url: 'https://emea.uemauth.vmwservices.com/connect/token' },
	apacVmware: { name: 'APAC (legacy VMware domain)', url: 'https://apac.uemauth.vmwservices.com/connect/token' },
	uatVmware: { name: 'UAT (legacy VMware domain)', url: 'https://uat.uemauth.vmwservices.com/connect/token' },
} as const;

/** Everything needed to reach one tenant, validated and normalised. */
export interface UemConnection {
	/** API server base URL without a trailing slash or `/api`, e.g. `https://as1506.awmdm.com`. */
	apiUrl: string;
	tokenUrl: string;
	clientId: string;
	clientSecret: string;
	/** Sent as `aw-tenant-code` only when filled. */
	tenantCode: string;
	/** Accept self-signed TLS on the API server and on a custom (on-premises) token URL. */
	allowUnauthorizedCerts: boolean;
}

export type Checked<T> = { value: T; problem?: undefined } | { value?: undefined; problem: string };

const API_URL_EXAMPLE = 'https://as1506.awmdm.com';

/**
 * Turns what an admin pasted as the API server URL into a base URL: adds a missing `https://`,
 * drops a trailing slash and a pasted `/api…` suffix. Rejects what cannot be a URL, before any
 * request is made.
 */
export function normaliseApiUrl(input: unknown): Checked<string> {
	const text = typeof input === 'string' ? input.trim() : '';
	if (text === '') {
		return { problem: `The API server URL is empty. Enter your tenant's API server, e.g. ${API_URL_EXAMPLE}.` };
	}
	const parsed = parseHttpUrl(text);
	if (parsed.problem !== undefined) {
		return { problem: `The API server URL ${quoted(text)} ${parsed.problem} Enter it like ${API_URL_EXAMPLE}.` };
	}
	const path = parsed.value.pathname.replace(/\/+$/, '').replace(/\/api(\/.*)?$/i, '');
	return { value: `${parsed.value.protocol}//${parsed.value.host}${path}` };
}

/** A custom token URL; a bare host gets UEM's `/connect/token` path. */
export function normaliseTokenUrl(input: unknown): Checked<string> {
	const text = typeof input === 'string' ? input.trim() : '';
	if (text === '') return { problem: 'The custom token URL is empty. Enter the full URL, ending in /connect/token.' };
	const parsed = parseHttpUrl(text);
	if (parsed.problem !== undefined) return { problem: `The token URL ${quoted(text)} ${parsed.problem}` };
	if (parsed.value.protocol !== 'https:' && isSaasTokenHost(parsed.value.href)) {
		return { problem: 'The token URL points at a Workspace ONE SaaS token service over http://; they answer https:// only.' };
	}
	const path = parsed.value.pathname.replace(/\/+$/, '');
	return { value: `${parsed.value.protocol}//${parsed.value.host}${path === '' ? '/connect/token' : path}` };
}

function parseHttpUrl(text: string): Checked<URL> {
	if (/\s/.test(text)) return { problem: 'contains spaces.' };
	const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
	let url: URL;
	try {
		url = new URL(withScheme);
	} catch {
		return { problem: 'is not a valid URL.' };
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return { problem: `uses ${url.protocol.replace(':', '')}, not https.` };
	}
	if (!url.hostname.includes('.') && url.hostname !== 'localhost' && !url.hostname.startsWith('[')) {
		return { problem: 'has no valid host name.' };
	}
	if (url.username !== '' || url.password !== '') return { problem: 'must not contain a user name or password.' };
	if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
		return {
			problem:
				'uses http://, which would send the client secret and every access token in clear text. Use https:// (plain http is accepted only for a server on this machine: localhost, 127.x.x.x or [::1]).',
		};
	}
	return { value: url };
}

/** A host name as URL parsing gives it, lower-cased, without the trailing dot DNS allows. */
function canonicalHost(hostname: string): string {
	return hostname.toLowerCase().replace(/\.+$/, '');
}

/** Loopback only: a request to it never leaves the machine, so plain http exposes nothing. */
export function isLoopbackHost(hostname: string): boolean {
	const host = canonicalHost(hostname);
	return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The domains of UEM's SaaS token services, Omnissa's and the legacy VMware one. */
const SAAS_TOKEN_DOMAINS = ['uemauth.workspaceone.com', 'uemauth.vmwservices.com'];

/** Whether a URL's host is one of UEM's SaaS token services, however its host is spelled. */
export function isSaasTokenHost(url: string): boolean {
	let host: string;
	try {
		host = canonicalHost(new URL(url).hostname);
	} catch {
		return false;
	}
	return SAAS_TOKEN_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/**
 * The URL as typed, for an error message, unless it holds an `@`: then it may hold a password,
 * in whatever form (after a space, with a slash, an @ in the password, no scheme), and is not repeated.
 */
function quoted(text: string): string {
	return text.includes('@') ? 'entered (not repeated here: it holds an @, perhaps a user name and password)' : `"${text}"`;
}

/** A field sent in a header or the token request: a control character would be stripped or split the header. */
function controlCharacterProblem(label: string, value: string): string | undefined {
	const hasControl = [...value].some((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f);
	return hasControl
		? `The ${label} contains a line break or another control character. Remove it: it was probably pasted along with the value.`
		: undefined;
}

/** Reads the credential's fields into a connection, or says which field is wrong. */
export function readConnection(credentials: ICredentialDataDecryptedObject): Checked<UemConnection> {
	const apiUrl = normaliseApiUrl(credentials.apiUrl);
	if (apiUrl.problem !== undefined) return { problem: apiUrl.problem };

	const region = (credentials.region ?? 'na') as keyof typeof TOKEN_REGIONS | 'custom';
	let tokenUrl: string;
	if (region === 'custom') {
		const custom = normaliseTokenUrl(credentials.tokenUrl);
		if (custom.problem !== undefined) return { problem: custom.problem };
		tokenUrl = custom.value;
	} else if (region in TOKEN_REGIONS) {
		tokenUrl = TOKEN_REGIONS[region].url;
	} else {
		return { problem: `Unknown token endpoint region "${String(region)}".` };
	}

	const clientId = typeof credentials.clientId === 'string' ? credentials.clientId.trim() : '';
	if (clientId === '') return { problem: 'The client ID is empty.' };
	const clientSecret = typeof credentials.clientSecret === 'string' ? credentials.clientSecret : '';
	if (clientSecret === '') return { problem: 'The client secret is empty.' };
	const tenantCode = typeof credentials.tenantApiKey === 'string' ? credentials.tenantApiKey.trim() : '';
	const badField = controlCharacterProblem('client ID', clientId) ?? controlCharacterProblem('tenant code (REST API key)', tenantCode);
	if (badField !== undefined) return { problem: badField };

	return {
		value: {
			apiUrl: apiUrl.value,
			tokenUrl,
			clientId,
			clientSecret,
			tenantCode,
			allowUnauthorizedCerts: credentials.ignoreSslIssues === true,
		},
	};
}

/**
 * Whether self-signed TLS is accepted for the token URL: only a custom, on-premises one, never a
 * SaaS token service, decided on the parsed host (a trailing dot, a doubled slash, another
 * spelling of the path or the case of the host make no difference).
 */
export function tokenUrlAcceptsSelfSigned(connection: UemConnection): boolean {
	return connection.allowUnauthorizedCerts && !isSaasTokenHost(connection.tokenUrl);
}

/** The client-credentials request of a connection, for the node and the credential test alike. */
export function tokenRequestOf(connection: UemConnection): ClientCredentialsRequest {
	const { tokenUrl, clientId, clientSecret } = connection;
	return { tokenUrl, clientId, clientSecret, allowUnauthorizedCerts: tokenUrlAcceptsSelfSigned(connection) };
}

/** `host[:port]` of a URL, for messages that must say which server answered. */
export function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}

export function headersFor(token: string, version: number, tenantCode: string, hasBody: boolean): Record<string, string> {
	const headers: Record<string, string> = {
		Authorization: `Bearer ${token}`,
		Accept: `application/json;version=${version}`,
	};
	if (hasBody) headers['Content-Type'] = `application/json;version=${version}`;
	if (tenantCode !== '') headers['aw-tenant-code'] = tenantCode;
	return headers;
}

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

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

export type TokenRegion = keyof typeof TOKEN_REGIONS | 'custom';

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
		return { problem: `The API server URL "${withoutUserInfo(text)}" ${parsed.problem} Enter it like ${API_URL_EXAMPLE}.` };
	}
	const path = parsed.value.pathname.replace(/\/+$/, '').replace(/\/api(\/.*)?$/i, '');
	return { value: `${parsed.value.protocol}//${parsed.value.host}${path}` };
}

/** A custom token URL; a bare host gets UEM's `/connect/token` path. */
export function normaliseTokenUrl(input: unknown): Checked<string> {
	const text = typeof input === 'string' ? input.trim() : '';
	if (text === '') return { problem: 'The custom token URL is empty. Enter the full URL, ending in /connect/token.' };
	const parsed = parseHttpUrl(text);
	if (parsed.problem !== undefined) return { problem: `The token URL "${withoutUserInfo(text)}" ${parsed.problem}` };
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
	return { value: url };
}

/** What the user typed, minus any `user:password@`: error messages must never echo a password. */
function withoutUserInfo(text: string): string {
	return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/@\s]*@/i, '$1');
}

/** Reads the credential's fields into a connection, or says which field is wrong. */
export function readConnection(credentials: ICredentialDataDecryptedObject): Checked<UemConnection> {
	const apiUrl = normaliseApiUrl(credentials.apiUrl);
	if (apiUrl.problem !== undefined) return { problem: apiUrl.problem };

	const region = (credentials.region ?? 'na') as TokenRegion;
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

	return {
		value: {
			apiUrl: apiUrl.value,
			tokenUrl,
			clientId,
			clientSecret,
			tenantCode: typeof credentials.tenantApiKey === 'string' ? credentials.tenantApiKey.trim() : '',
			allowUnauthorizedCerts: credentials.ignoreSslIssues === true,
		},
	};
}

/** Whether self-signed TLS is accepted for the token URL: only a custom one, never SaaS. */
export function tokenUrlAcceptsSelfSigned(connection: UemConnection): boolean {
	return (
		connection.allowUnauthorizedCerts &&
		!Object.values(TOKEN_REGIONS).some((region) => region.url === connection.tokenUrl)
	);
}

/** `host[:port]` of a URL, for messages that must say which server answered. */
export function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}

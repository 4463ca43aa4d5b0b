import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { apiServerProblem } from '../nodes/WorkspaceOneUem/transport/apiReachability';
import { readConnection, TOKEN_REGIONS, tokenRequestOf } from '../nodes/WorkspaceOneUem/transport/connection';
import { exchangeClientCredentials } from '../nodes/WorkspaceOneUem/transport/tokenExchange';

/**
 * The credential test's base URL, normalised in n8n's expression language the way
 * `normaliseApiUrl` does it (scheme added, trailing slash and pasted `/api` suffix dropped).
 */
const NORMALISED_API_URL_EXPRESSION =
	'={{ (/^[a-z][a-z0-9+.-]*:\\/\\//i.test(String($credentials.apiUrl).trim()) ? "" : "https://") + String($credentials.apiUrl).trim().replace(/\\/+$/, "").replace(/\\/api(\\/.*)?$/i, "") }}';

/** What the credential test says for an API server answer that is not a pass. */
const TEST_FAILURES: Array<[status: number, message: string]> = [
	// preAuthentication's probe of the same URL already names where a redirect points.
	...[301, 302, 303, 307, 308].map((status): [number, string] => [
		status,
		`The API server answered a redirect (HTTP ${status}), which is not followed: the token would go with it. Enter your tenant's REST API URL itself as the API Server URL, not an address that forwards to it.`,
	]),
	[
		401,
		'The token endpoint accepted the client, but the API server rejected its token (HTTP 401). Check that the API server URL and the token endpoint region belong to the same tenant.',
	],
	[
		403,
		'The API server accepted the token but refused access (HTTP 403). Give the OAuth client a role that can read devices and system info.',
	],
	[
		404,
		'The token is fine, but the API server URL has no UEM API (HTTP 404). Use the REST API URL (as….awmdm.com), not the console URL.',
	],
];

export class WorkspaceOneUemApi implements ICredentialType {
	name = 'workspaceOneUemApi';

	displayName = 'Workspace ONE UEM API';

	icon: Icon = {
		light: 'file:../nodes/WorkspaceOneUem/workspaceOneUem.svg',
		dark: 'file:../nodes/WorkspaceOneUem/workspaceOneUem.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-workspace-one-uem/n8n-nodes-workspace-one-uem#credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Server URL',
			name: 'apiUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://as1506.awmdm.com',
			description:
				'Your tenant\'s REST API server (Groups & Settings › System › Advanced › Site URLs › REST API URL). Not the console URL (cn…): the API server usually starts with "as".',
		},
		{
			displayName: 'Token Endpoint',
			name: 'region',
			type: 'options',
			default: 'na',
			description:
				'The OAuth token service of the data centre where your tenant and OAuth client live. Use Custom URL for on-premises or any other token service.',
			options: [
				...Object.entries(TOKEN_REGIONS).map(([value, region]) => ({
					name: region.name,
					value,
					description: region.url,
				})),
				{ name: 'Custom URL', value: 'custom', description: 'Type the token URL yourself' },
			],
		},
		{
			displayName: 'Token URL',
			name: 'tokenUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://uem.example.com/connect/token',
			description: 'Full URL of the OAuth token endpoint, normally ending in /connect/token',
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'From Groups & Settings › Configurations › OAuth Client Management',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Shown once, when the OAuth client is created',
		},
		{
			displayName: 'Tenant Code (REST API Key, Optional)',
			name: 'tenantApiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'REST API key, sent as the aw-tenant-code header only when filled. OAuth does not need it; some tenants and proxies still ask for it.',
		},
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSslIssues',
			type: 'boolean',
			default: false,
			description:
				'Whether to accept a self-signed TLS certificate on an on-premises API server (and custom token URL). Never applied to the SaaS token services (*.uemauth.workspaceone.com, *.uemauth.vmwservices.com), however their URL is written.',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/**
	 * Fetches a token with the client credentials; n8n runs this when the token is empty or
	 * refused, and on every credential test. Then makes sure the API server can be reached, so a
	 * test names the half that failed (n8n alone would only say "ECONNREFUSED").
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const connection = readConnection(credentials);
		if (connection.problem !== undefined) throw new Error(connection.problem);
		const outcome = await exchangeClientCredentials(this.helpers.httpRequest, tokenRequestOf(connection.value));
		if (!outcome.ok) throw new Error(`${outcome.failure.message} ${outcome.failure.description}`);
		const unreachable = await apiServerProblem(this.helpers.httpRequest, connection.value, outcome.token.accessToken);
		if (unreachable !== undefined) throw new Error(unreachable);
		return { accessToken: outcome.token.accessToken };
	}

	/** Bearer token on every request; tenant code and a JSON Accept header only where missing. */
	authenticate: IAuthenticate = async (credentials, requestOptions) => {
		const headers: Record<string, string> = { ...(requestOptions.headers as Record<string, string>) };
		headers.Authorization = `Bearer ${String(credentials.accessToken)}`;
		const tenantCode = typeof credentials.tenantApiKey === 'string' ? credentials.tenantApiKey.trim() : '';
		if (tenantCode !== '') headers['aw-tenant-code'] = tenantCode;
		// Without a JSON Accept header UEM may answer XML.
		if (!Object.keys(headers).some((name) => name.toLowerCase() === 'accept')) {
			headers.Accept = 'application/json';
		}
		return { ...requestOptions, headers };
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: NORMALISED_API_URL_EXPRESSION,
			url: '/api/system/info',
			method: 'GET',
			headers: { Accept: 'application/json;version=1' },
			skipSslCertificateValidation: '={{ $credentials.ignoreSslIssues }}',
			// The token goes with this request: a redirect must not take it to another host.
			disableFollowRedirect: true,
		},
		rules: TEST_FAILURES.map(([value, message]) => ({ type: 'responseCode' as const, properties: { value, message } })),
	};
}

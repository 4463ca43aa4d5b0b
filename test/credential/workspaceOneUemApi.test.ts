// The Workspace ONE UEM API credential: its fields, URL handling, preAuthentication (the token
// exchange), authenticate, and the dialog's test proving both the token and the API halves.
import { Workflow, type INode } from 'n8n-workflow';

import { WorkspaceOneUemApi } from '../../credentials/WorkspaceOneUemApi.credentials';
import { normaliseApiUrl, readConnection, TOKEN_REGIONS } from '../../nodes/WorkspaceOneUem/transport/connection';
import { startSimulator } from '../../simulator';
import { runCredentialTest } from '../harness/credentialTest';
import { n8nHttpRequest, nodeTypesOf } from '../harness/n8n';
import { simulatorCredentials } from '../harness/workflow';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

const credential = new WorkspaceOneUemApi();
const helpers = { helpers: { httpRequest: n8nHttpRequest() } };
const field = (name: string) => credential.properties.find((p) => p.name === name);

const dataFor = simulatorCredentials;

describe('credential definition', () => {
	it('has the fields an admin fills, secrets masked, and a hidden expirable token', () => {
		expect(credential.name).toBe('workspaceOneUemApi');
		expect(credential.displayName).toBe('Workspace ONE UEM API');
		expect(credential.properties.map((p) => p.name)).toEqual([
			'apiUrl',
			'region',
			'tokenUrl',
			'clientId',
			'clientSecret',
			'tenantApiKey',
			'ignoreSslIssues',
			'accessToken',
		]);
		expect(field('clientSecret')?.typeOptions?.password).toBe(true);
		expect(field('tenantApiKey')?.typeOptions?.password).toBe(true);
		expect(field('accessToken')).toMatchObject({ type: 'hidden', default: '', typeOptions: { expirable: true, password: true } });
		expect(field('tokenUrl')?.displayOptions).toEqual({ show: { region: ['custom'] } });
		expect(credential.documentationUrl).toMatch(/^https:\/\//);
		expect(credential.icon).toEqual({
			light: 'file:../nodes/WorkspaceOneUem/workspaceOneUem.svg',
			dark: 'file:../nodes/WorkspaceOneUem/workspaceOneUem.dark.svg',
		});
	});

	it('offers NA, EMEA, APAC and UAT on the Omnissa and the legacy VMware domains, and a custom URL', () => {
		const options = (field('region')?.options ?? []) as Array<{ value: string; description?: string }>;
		expect(options.map((o) => o.value)).toEqual([...Object.keys(TOKEN_REGIONS), 'custom']);
		const urls = options.map((o) => o.description).filter((d) => d?.startsWith('https://'));
		for (const region of ['na', 'emea', 'apac', 'uat']) {
			expect(urls).toContain(`https://${region}.uemauth.workspaceone.com/connect/token`);
			expect(urls).toContain(`https://${region}.uemauth.vmwservices.com/connect/token`);
		}
	});
});

describe('API server URL handling', () => {
	const cases: Array<[string, string]> = [
		['https://as1506.awmdm.com', 'https://as1506.awmdm.com'],
		['as1506.awmdm.com', 'https://as1506.awmdm.com'],
		['https://as1506.awmdm.com/', 'https://as1506.awmdm.com'],
		['https://as1506.awmdm.com/api', 'https://as1506.awmdm.com'],
		['https://as1506.awmdm.com/API/', 'https://as1506.awmdm.com'],
		['as1506.awmdm.com/api/mdm/devices/search', 'https://as1506.awmdm.com'],
		['  https://uem.corp.example/AirWatch/api  ', 'https://uem.corp.example/AirWatch'],
		['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
	];

	it.each(cases)('normalises %j to %j', (input, expected) => {
		expect(normaliseApiUrl(input)).toEqual({ value: expected });
	});

	it.each(cases)("gives the credential test's base URL for %j the same normal form", (input, expected) => {
		const node: INode = { id: 'n', name: 'N', type: 't', typeVersion: 1, position: [0, 0], parameters: {} };
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: nodeTypesOf({}) });
		const expression = credential.test.request.baseURL as string;
		const resolved = workflow.expression.getSimpleParameterValue(node, expression, 'internal', {
			$credentials: { apiUrl: input },
		});
		expect(resolved).toBe(expected);
	});

	it.each([
		['', /is empty/],
		['   ', /is empty/],
		['ftp://as1506.awmdm.com', /uses ftp, not https/],
		['https://as 1506.awmdm.com', /contains spaces/],
		['not a url', /contains spaces/],
		['https://', /not a valid URL/],
		['https://admin:hunter2@as1506.awmdm.com', /must not contain a user name or password/],
		['as1506', /no valid host name/],
	])('rejects %j with a clear message', (input, message) => {
		const checked = normaliseApiUrl(input);
		expect(checked.problem).toMatch(message);
		expect(checked.problem).toContain('https://as1506.awmdm.com');
		expect(checked.problem).not.toContain('hunter2');
	});

	it('picks the token URL from the region, or a custom one completed with /connect/token', () => {
		const base = { apiUrl: 'as1.awmdm.com', clientId: 'id', clientSecret: 'secret' };
		expect(readConnection({ ...base, region: 'emea' }).value?.tokenUrl).toBe(TOKEN_REGIONS.emea.url);
		expect(readConnection({ ...base, region: 'apacVmware' }).value?.tokenUrl).toBe(
			'https://apac.uemauth.vmwservices.com/connect/token',
		);
		expect(readConnection({ ...base, region: 'custom', tokenUrl: 'auth.corp.example' }).value?.tokenUrl).toBe(
			'https://auth.corp.example/connect/token',
		);
		expect(readConnection({ ...base, region: 'custom', tokenUrl: '' }).problem).toMatch(/custom token URL is empty/);
		expect(readConnection({ ...base, clientSecret: '' }).problem).toBe('The client secret is empty.');
	});
});

describe('credential against the simulator', () => {
	let sim: Simulator;
	beforeEach(async () => {
		sim = await startSimulator({ devices: 10 });
	});
	afterEach(async () => await sim.close());

	it('preAuthentication exchanges the client credentials for an access token and reaches the API server', async () => {
		const output = await credential.preAuthentication.call(helpers, dataFor(sim));
		expect(sim.tokenService.verify(output.accessToken)).toBe('valid');
		expect(sim.snapshot()).toMatchObject({ tokenExchanges: 1, byRoute: { systemInfo: 1 } });
	});

	it('preAuthentication fails with the token-endpoint message for a wrong secret, without the secret', async () => {
		const attempt = credential.preAuthentication.call(helpers, dataFor(sim, { clientSecret: 'bad-secret-123' }));
		await expect(attempt).rejects.toThrow(/rejected the client ID or client secret \(HTTP 400, invalid_client\)/);
		await expect(attempt).rejects.not.toThrow(/bad-secret-123/);
	});

	it('preAuthentication rejects an API server URL that cannot be a URL before any request', async () => {
		await expect(credential.preAuthentication.call(helpers, dataFor(sim, { apiUrl: 'ftp://x.example' }))).rejects.toThrow(
			'The API server URL "ftp://x.example" uses ftp, not https. Enter it like https://as1506.awmdm.com.',
		);
		expect(sim.snapshot()).toMatchObject({ tokenExchanges: 0, tokenRejections: 0, requests: 0 });
	});

	it('authenticate sends the Bearer token, the tenant code only when filled, and a JSON Accept header', async () => {
		const authenticate = credential.authenticate as (c: object, r: object) => Promise<{ headers: Record<string, string> }>;
		const plain = await authenticate({ accessToken: 'tok', tenantApiKey: '' }, { url: '/x', headers: {} });
		const withCode = await authenticate({ accessToken: 'tok', tenantApiKey: ' key ' }, { url: '/x', headers: { accept: 'text/csv' } });
		expect(plain.headers).toEqual({ Authorization: 'Bearer tok', Accept: 'application/json' });
		expect(withCode.headers).toEqual({ Authorization: 'Bearer tok', 'aw-tenant-code': 'key', accept: 'text/csv' });
	});

	it('the credential test succeeds when the token endpoint accepts the client and the API server its token', async () => {
		const result = await runCredentialTest(credential, dataFor(sim, { apiUrl: `${sim.url.replace('http://', 'http://')}/api/` }));
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(sim.snapshot().byRoute.systemInfo).toBe(2);
	});

	it('the credential test names the token half for a wrong secret', async () => {
		const result = await runCredentialTest(credential, dataFor(sim, { clientSecret: 'bad-secret-456' }));
		expect(result.status).toBe('Error');
		expect(result.message).toContain('rejected the client ID or client secret');
		expect(result.message).not.toContain('bad-secret-456');
	});

	it('the credential test names the API half when the API server belongs to another tenant', async () => {
		const otherTenant = await startSimulator({ devices: 1 });
		try {
			const result = await runCredentialTest(credential, dataFor(sim, { apiUrl: otherTenant.url }));
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/^The token endpoint accepted the client, but the API server rejected its token \(HTTP 401\)/);
		} finally {
			await otherTenant.close();
		}
	});

	it('the credential test says when the API URL has no UEM API (404)', async () => {
		const result = await runCredentialTest(credential, dataFor(sim, { apiUrl: `${sim.url}/console` }));
		expect(result.message).toMatch(/has no UEM API \(HTTP 404\)/);
	});

	it('the credential test names the API half when the API server cannot be reached', async () => {
		const gone = await startSimulator({ devices: 1 });
		await gone.close();
		const result = await runCredentialTest(credential, dataFor(sim, { apiUrl: gone.url }));
		expect(result).toEqual({
			status: 'Error',
			message: `The token endpoint issued a token, but the API server 127.0.0.1:${gone.port} could not be reached (connection refused). Check the API server URL (the REST API URL of your tenant, e.g. https://as1506.awmdm.com).`,
		});
		expect(sim.snapshot().tokenExchanges).toBe(1);
	});
});

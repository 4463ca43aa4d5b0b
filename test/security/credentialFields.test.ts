// What the credential's fields may hold before any request goes out: "Ignore SSL Issues" never
// reaches a SaaS token service however its URL is spelled; plain http only to this machine; a
// password typed into a URL is never echoed; a control character in a header field is refused.
import { readConnection, tokenUrlAcceptsSelfSigned } from '../../nodes/WorkspaceOneUem/transport/connection';
import { startServer, tokenAnswer } from '../harness/loopbackServers';
import { runWorkflow } from '../harness/workflow';

const base = {
	apiUrl: 'https://as1506.awmdm.com',
	region: 'custom',
	tokenUrl: 'https://uem.example.com/connect/token',
	clientId: 'client-id',
	clientSecret: 'client-secret',
	tenantApiKey: '',
	ignoreSslIssues: true,
};

function problemOf(fields: Record<string, unknown>): string {
	const checked = readConnection({ ...base, ...fields });
	if (checked.problem === undefined) throw new Error(`expected a problem for ${JSON.stringify(fields)}`);
	return checked.problem;
}

describe('Ignore SSL Issues and the SaaS token services', () => {
	it.each([
		'https://na.uemauth.workspaceone.com./connect/token',
		'https://NA.UEMAUTH.WORKSPACEONE.COM/connect/token',
		'https://na.uemauth.workspaceone.com//connect/token',
		'https://na.uemauth.workspaceone.com/Connect/Token',
		'https://na.uemauth.workspaceone.com/connect/%74oken',
		'https://na.uemauth.workspaceone.com:443/connect/token',
		'https://na.uemauth.workspaceone.com/connect/token?x=1',
		'https://emea.uemauth.vmwservices.com../connect/token',
		'na.uemauth.workspaceone.com',
		'https://apac.uemauth.workspaceone.com/',
	])('is not applied to %s', (tokenUrl) => {
		const checked = readConnection({ ...base, tokenUrl });
		expect(checked.problem).toBeUndefined();
		expect(tokenUrlAcceptsSelfSigned(checked.value!)).toBe(false);
	});

	it('is applied to an on-premises token URL, and never to a region', () => {
		expect(tokenUrlAcceptsSelfSigned(readConnection(base).value!)).toBe(true);
		expect(tokenUrlAcceptsSelfSigned(readConnection({ ...base, region: 'na' }).value!)).toBe(false);
		expect(tokenUrlAcceptsSelfSigned(readConnection({ ...base, region: 'uatVmware' }).value!)).toBe(false);
	});

	it('refuses http:// to a SaaS token service', () => {
		expect(problemOf({ tokenUrl: 'http://na.uemauth.workspaceone.com/connect/token' })).toContain('uses http://');
		expect(problemOf({ tokenUrl: 'http://na.uemauth.workspaceone.com./connect/token' })).toContain('uses http://');
	});
});

describe('plain http', () => {
	it.each([
		['apiUrl', 'http://as1506.awmdm.com'],
		['apiUrl', 'http://10.0.0.5:8080'],
		['tokenUrl', 'http://uem.example.com/connect/token'],
	])('refuses %s %s: the secret and tokens would cross the network in clear', (field, value) => {
		expect(problemOf({ [field]: value })).toContain(
			'uses http://, which would send the client secret and every access token in clear text. Use https://',
		);
	});

	it.each(['http://127.0.0.1:8080', 'http://localhost:8080', 'http://[::1]:8080', 'http://127.5.6.7'])('accepts %s: it never leaves the machine', (apiUrl) => {
		expect(readConnection({ ...base, apiUrl }).problem).toBeUndefined();
	});

	it('refuses before any request: the token endpoint on this machine is never asked', async () => {
		const tokens = await startServer((_req, res) => tokenAnswer(res));
		try {
			const result = await runWorkflow({
				steps: [{ parameters: { resource: 'device', operation: 'get', deviceIdType: 'deviceId', deviceIdValue: '7' } }],
				credentials: { ...base, apiUrl: 'http://as1506.awmdm.com', tokenUrl: `${tokens.origin}/connect/token`, accessToken: '' },
			});
			expect(result.error?.message).toContain('The Workspace ONE UEM credential is not usable: The API server URL "http://as1506.awmdm.com" uses http://');
			expect(tokens.received).toEqual([]);
		} finally {
			await tokens.close();
		}
	});
});

describe('a password typed into a URL is never echoed', () => {
	it.each([
		'https://admin:hunter2 @as1506.awmdm.com',
		'https://admin:hunter2\t@as1506.awmdm.com',
		'https://admin:hun/ter2@as1506.awmdm.com',
		'https://admin:hun@ter2@as1506.awmdm.com',
		'admin:hunter2@as1506.awmdm.com',
		'admin:hun@ter2 as1506.awmdm.com',
		'https://admin:hunter2@as1506.awmdm.com/api',
		'ftp://admin:hunter2@as1506.awmdm.com',
	])('API server URL %j', (apiUrl) => {
		const problem = problemOf({ apiUrl });
		expect(problem).toMatch(/^The API server URL /);
		expect(problem).not.toMatch(/hunter2|hun\/ter2|hun@ter2|ter2/);
	});

	it.each(['https://admin:hunter2 @uem.example.com/connect/token', 'admin:hun@ter2@uem.example.com'])('token URL %j', (tokenUrl) => {
		const problem = problemOf({ tokenUrl });
		expect(problem).toMatch(/^The token URL /);
		expect(problem).not.toContain('ter2');
	});
});

describe('header fields', () => {
	it.each([
		['tenantApiKey', 'tenant\r\nX-Injected: 1', 'tenant code (REST API key)'],
		['tenantApiKey', 'ten\nant', 'tenant code (REST API key)'],
		['clientId', 'client\r\nid', 'client ID'],
		['clientId', 'client\u0000id', 'client ID'],
	])('refuses %s with a control character inside, naming the field', (field, value, label) => {
		expect(problemOf({ [field]: value })).toBe(
			`The ${label} contains a line break or another control character. Remove it: it was probably pasted along with the value.`,
		);
	});

	it('still trims a line break pasted at the end', () => {
		expect(readConnection({ ...base, clientId: 'client-id\n', tenantApiKey: 'code\r\n' }).value).toMatchObject({ clientId: 'client-id', tenantCode: 'code' });
	});
});

// A token endpoint or API server that answers with a redirect to another origin (a broken proxy,
// a hostile server): the node follows none, says where it pointed and what to enter instead, and
// the other origin receives nothing, neither the client secret nor a bearer token.
import { WorkspaceOneUemApi } from '../../credentials/WorkspaceOneUemApi.credentials';
import { runCredentialTest } from '../harness/credentialTest';
import { json, startServer, tokenAnswer } from '../harness/loopbackServers';
import { loopbackCredentials, runWorkflow, type UemStep } from '../harness/workflow';

type Server = Awaited<ReturnType<typeof startServer>>;

const SECRET = 'client-secret-never-elsewhere';
const TENANT_CODE = 'tenant-code-never-elsewhere';
const deviceGet: UemStep = { parameters: { resource: 'device', operation: 'get', deviceIdType: 'deviceId', deviceIdValue: '7' } };

describe('redirects are never followed', () => {
	let other: Server;
	let tenant: Server | undefined;
	beforeEach(async () => {
		// The other origin answers like a tenant would, so that following it would "work".
		other = await startServer((req, res) => {
			if (req.url?.startsWith('/connect/token')) return tokenAnswer(res, { access_token: 'token-of-the-other-origin' });
			json(res, 200, { Id: { Value: 666 }, SerialNumber: 'NOT-YOUR-DEVICE' });
		});
	});
	afterEach(async () => {
		await other.close();
		await tenant?.close();
		tenant = undefined;
	});

	/** The tenant's credential: the secret and tenant code that must never reach the other origin. */
	const credentials = (server: Server, overrides: Record<string, unknown> = {}) =>
		loopbackCredentials(server, { clientSecret: SECRET, tenantApiKey: TENANT_CODE, ...overrides });

	it.each([301, 302, 303, 307, 308])('a token endpoint answering %i to another origin gets a clear error; nothing reaches it', async (status) => {
		tenant = await startServer((_req, res) => {
			res.writeHead(status, { Location: `${other.origin}/connect/token?from=tenant` });
			res.end();
		});
		const result = await runWorkflow({ steps: [deviceGet], credentials: credentials(tenant) });

		expect(result.error?.message).toBe(
			`The token endpoint ${tenant.host} answered HTTP ${status}, a redirect to ${other.origin}. Redirects are not followed, so the client secret was not sent there.`,
		);
		expect(result.error?.description).toContain('Enter the token URL of your data centre itself');
		expect(other.received).toEqual([]);
		// One exchange: a redirect is a wrong setting, not an outage to retry.
		expect(tenant.received.filter((r) => r.path.startsWith('/connect/token'))).toHaveLength(1);
	});

	it('an API server answering 302 to another origin: no bearer token or tenant code goes there, and no foreign device comes back', async () => {
		tenant = await startServer((req, res) => {
			if (req.url?.startsWith('/connect/token')) return tokenAnswer(res);
			res.writeHead(302, { Location: `${other.origin}${req.url}` });
			res.end();
		});
		const result = await runWorkflow({
			steps: [{ ...deviceGet, continueOnFail: true }],
			credentials: credentials(tenant),
		});

		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({
			error: `The API server ${tenant.host} answered HTTP 302, a redirect to ${other.origin}`,
			httpCode: 302,
			attempts: 1,
		});
		expect(String(result.items[0].json.description)).toContain("Enter your tenant's REST API URL itself as the API Server URL");
		expect(JSON.stringify(result.items)).not.toContain('NOT-YOUR-DEVICE');
		expect(other.received).toEqual([]);
	});

	it('an https API server redirecting to http:// is refused: nothing is sent in clear text', async () => {
		tenant = await startServer(
			(req, res) => {
				if (req.url?.startsWith('/connect/token')) return tokenAnswer(res);
				res.writeHead(301, { Location: `${other.origin}${req.url}` });
				res.end();
			},
			{ tls: true },
		);
		const result = await runWorkflow({
			steps: [deviceGet],
			credentials: credentials(tenant, { ignoreSslIssues: true }),
		});

		expect(result.error?.message).toBe(`The API server ${tenant.host} answered HTTP 301, a redirect to ${other.origin}`);
		expect(tenant.received.map((r) => r.method)).toEqual(['POST', 'GET']);
		expect(other.received).toEqual([]);
	});

	it('the credential test says where a redirecting token endpoint points, and is not "Connection successful!"', async () => {
		tenant = await startServer((_req, res) => {
			res.writeHead(307, { Location: `${other.origin}/connect/token` });
			res.end();
		});
		const result = await runCredentialTest(new WorkspaceOneUemApi(), credentials(tenant));

		expect(result.status).toBe('Error');
		expect(result.message).toContain(`The token endpoint ${tenant.host} answered HTTP 307, a redirect to ${other.origin}.`);
		expect(other.received).toEqual([]);
	});

	it('the credential test says where a redirecting API server points, and the token stays home', async () => {
		tenant = await startServer((req, res) => {
			if (req.url?.startsWith('/connect/token')) return tokenAnswer(res);
			res.writeHead(302, { Location: `${other.origin}/login?next=${encodeURIComponent(req.url ?? '')}` });
			res.end();
		});
		const result = await runCredentialTest(new WorkspaceOneUemApi(), credentials(tenant));

		expect(result).toEqual({
			status: 'Error',
			message: expect.stringContaining(`The API server ${tenant.host} answered HTTP 302, a redirect to ${other.origin}. Redirects are not followed`),
		});
		expect(other.received).toEqual([]);
	});
});

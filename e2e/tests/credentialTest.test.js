'use strict';
// The credential dialog's Test button, through n8n's own REST API (what the editor calls).

const { startSimulator } = require('../../simulator');
const { startServer } = require('../../test/harness/loopbackServers');
const { N8nInstance } = require('../lib/n8n');
const { CREDENTIAL_ID, simulatorCredential, stage } = require('../lib/stage');

describe('credential test in real n8n', () => {
	let sim;
	let otherTenant;
	let n8n;
	beforeAll(async () => {
		sim = await startSimulator({ devices: 20 });
		otherTenant = await startSimulator({ devices: 5 });
		n8n = await N8nInstance.create();
		await stage(n8n, sim);
		await n8n.start();
		await n8n.signIn();
	});
	afterAll(async () => {
		await n8n?.dispose();
		await sim?.close();
		await otherTenant?.close();
	});

	async function testWith(changes) {
		const stored = simulatorCredential(sim);
		return await n8n.rest('POST', '/credentials/test', {
			credentials: { id: CREDENTIAL_ID, name: stored.name, type: stored.type, data: { ...stored.data, ...changes } },
		});
	}

	it('succeeds for a good credential', async () => {
		expect(await testWith({})).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	it('says the token endpoint rejected the client for a wrong secret, without echoing it', async () => {
		const result = await testWith({ clientSecret: 'not-the-right-secret-123' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^The token endpoint 127\.0\.0\.1:\d+ rejected the client ID or client secret \(HTTP 400, invalid_client\)\./);
		expect(result.message).not.toContain('not-the-right-secret-123');
	});

	it("says the API server rejected the token for another tenant's API server URL", async () => {
		const result = await testWith({ apiUrl: otherTenant.url });
		expect(result).toEqual({
			status: 'Error',
			// n8n 1.123 (seen on 1.123.81; not on 1.85.3, 2.40.7 or 2.41.1) shows its own text for the
			// status instead of the credential test rule's message for it (docs/compatibility.md).
			message: n8n.version.startsWith('1.123.')
				? 'Authorization failed - please check your credentials'
				: 'The token endpoint accepted the client, but the API server rejected its token (HTTP 401). Check that the API server URL and the token endpoint region belong to the same tenant.',
		});
	});

	it('says the API server could not be reached for a wrong API server URL', async () => {
		const gone = await startSimulator({ devices: 1 });
		await gone.close();
		const result = await testWith({ apiUrl: gone.url });
		expect(result.status).toBe('Error');
		expect(result.message).toContain(`the API server 127.0.0.1:${gone.port} could not be reached (connection refused)`);
	});

	it('says where a redirecting API server points, and follows it with nothing', async () => {
		const other = await startServer((_req, res) => res.end('{}'));
		const redirecting = await startServer((req, res) => {
			res.writeHead(308, { Location: `${other.origin}${req.url}` });
			res.end();
		});
		try {
			const result = await testWith({ apiUrl: redirecting.origin });
			expect(result.status).toBe('Error');
			expect(result.message).toContain(
				`The API server ${redirecting.host} answered HTTP 308, a redirect to ${other.origin}. Redirects are not followed, so the access token was not sent there.`,
			);
			expect(result.message).not.toBe('Connection successful!');
			expect(redirecting.received.length).toBeGreaterThan(0);
			expect(other.received).toEqual([]);
		} finally {
			await redirecting.close();
			await other.close();
		}
	});

	it('refuses an API server URL over plain http to another machine before any request', async () => {
		const before = sim.snapshot().tokenExchanges;
		const result = await testWith({ apiUrl: 'http://as1506.awmdm.com' });
		expect(result.status).toBe('Error');
		expect(result.message).toContain('uses http://, which would send the client secret and every access token in clear text');
		expect(sim.snapshot().tokenExchanges).toBe(before);
	});

	it('refuses an API server URL that is not one before any request', async () => {
		const before = sim.snapshot().tokenExchanges;
		const result = await testWith({ apiUrl: 'ftp://as1506.awmdm.com' });
		expect(result).toEqual({
			status: 'Error',
			message: 'The API server URL "ftp://as1506.awmdm.com" uses ftp, not https. Enter it like https://as1506.awmdm.com.',
		});
		expect(sim.snapshot().tokenExchanges).toBe(before);
	});
});

// The simulator's OAuth token service and the API's bearer checks, as a UEM tenant behaves.

import { startSimulator } from '../../simulator';
import { api, call, fetchToken } from '../harness/uemClient';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

describe('simulator token service', () => {
	let sim: Simulator;
	beforeEach(async () => {
		sim = await startSimulator({ devices: 20, tokenLifetimeSeconds: 1 });
	});
	afterEach(async () => await sim.close());

	it('issues an opaque random Bearer token with the configured lifetime and counts the exchange', async () => {
		const first = await fetchToken(sim);
		const second = await fetchToken(sim);
		expect(first.status).toBe(200);
		expect(first.json.token_type).toBe('Bearer');
		expect(first.json.expires_in).toBe(1);
		expect(first.json.access_token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
		expect(second.json.access_token).not.toBe(first.json.access_token);
		expect(sim.snapshot().tokenExchanges).toBe(2);
	});

	it('rejects a wrong secret and an unknown client like an OAuth server (400 invalid_client)', async () => {
		const wrongSecret = await fetchToken(sim, 'not-the-secret');
		const unknownClient = await call(sim.tokenUrl, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: 'grant_type=client_credentials&client_id=someone-else&client_secret=x',
		});
		expect(wrongSecret.status).toBe(400);
		expect(wrongSecret.json).toEqual({ error: 'invalid_client' });
		expect(unknownClient.status).toBe(400);
		expect(sim.snapshot()).toMatchObject({ tokenExchanges: 0, tokenRejections: 2 });
	});

	it('refuses another grant type and accepts client authentication by HTTP Basic', async () => {
		const [client] = sim.clients;
		const password = await call(sim.tokenUrl, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: 'grant_type=password&username=a&password=b',
		});
		const basic = await call<{ access_token: string }>(sim.tokenUrl, {
			method: 'POST',
			headers: {
				'Content-Type': 'application/x-www-form-urlencoded',
				Authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
			},
			body: 'grant_type=client_credentials',
		});
		expect(password.json).toEqual({ error: 'unsupported_grant_type' });
		expect(basic.status).toBe(200);
		expect(basic.json.access_token).toBeTruthy();
	});

	it('answers 401 with a UEM error body for a missing, an unknown and an expired token', async () => {
		const token = (await fetchToken(sim)).json.access_token as string;
		const valid = await api(sim, '/api/system/info', token);
		const missing = await call(`${sim.url}/api/system/info`, { headers: { Accept: 'application/json' } });
		const unknown = await api(sim, '/api/system/info', 'made-up-token');
		// Two seconds later by the tenant's clock (the token lives one).
		const now = Date.now();
		const later = jest.spyOn(Date, 'now').mockImplementation(() => now + 2000);
		const expired = await api(sim, '/api/system/info', token);
		later.mockRestore();

		expect(valid.status).toBe(200);
		for (const answer of [missing as typeof unknown, unknown]) {
			expect(answer.status).toBe(401);
			expect(answer.json).toMatchObject({ errorCode: 6000, message: expect.stringContaining('token') });
			expect(answer.json.activityId).toMatch(/^[0-9a-f-]{36}$/);
		}
		expect(expired.status).toBe(401);
		expect(expired.json.errorCode).toBe(4207);
		expect(sim.snapshot().unauthorized).toBe(3);
	});

	it('revokes tokens on demand, one or all, through the API and the control endpoint', async () => {
		sim.tokenService.state.lifetimeSeconds = 3600;
		const a = (await fetchToken(sim)).json.access_token as string;
		const b = (await fetchToken(sim)).json.access_token as string;
		expect(sim.tokenService.revoke(a)).toBe(1);
		expect((await api(sim, '/api/system/info', a)).status).toBe(401);
		expect((await api(sim, '/api/system/info', b)).status).toBe(200);
		const revoked = await call<{ revoked: number }>(`${sim.url}/_simulator/revoke`, { method: 'POST' });
		expect(revoked.json.revoked).toBe(1);
		expect((await api(sim, '/api/system/info', b)).status).toBe(401);
		expect(sim.tokenService.liveTokens()).toEqual([]);
		expect(sim.tokenService.issuedTokens()).toEqual([a, b]);
	});

	it('can misbehave for the bad-input tests: outage, no access_token, odd expires_in', async () => {
		sim.tokenService.state.downUntil = Date.now() + 60_000;
		const down = await fetchToken(sim);
		sim.tokenService.state.downUntil = 0;
		sim.tokenService.state.response.omitAccessToken = true;
		const noToken = await fetchToken(sim);
		sim.tokenService.state.response.omitAccessToken = false;
		sim.tokenService.state.response.expiresIn = 'omit';
		const noLifetime = await fetchToken(sim);
		sim.tokenService.state.response.expiresIn = -5;
		const negative = await fetchToken(sim);

		expect(down.status).toBe(503);
		expect(sim.snapshot().tokenOutageRefusals).toBe(1);
		expect(noToken.status).toBe(200);
		expect(noToken.json.access_token).toBeUndefined();
		expect(noLifetime.json).not.toHaveProperty('expires_in');
		expect(negative.json.expires_in).toBe(-5);
	});
});

// The client-credentials exchange against the simulator's token service, through n8n's HTTP helper.
import {
	ASSUMED_LIFETIME_SECONDS,
	exchangeClientCredentials,
	MAX_LIFETIME_SECONDS,
	type ClientCredentialsRequest,
	type TokenExchangeOutcome,
} from '../../nodes/WorkspaceOneUem/transport/tokenExchange';
import { startSimulator } from '../../simulator';
import { n8nHttpRequest } from '../harness/n8n';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

const httpRequest = n8nHttpRequest();

function failureOf(outcome: TokenExchangeOutcome) {
	if (outcome.ok) throw new Error('expected the exchange to fail');
	return outcome.failure;
}

describe('exchangeClientCredentials', () => {
	let sim: Simulator;
	let client: ClientCredentialsRequest;
	beforeEach(async () => {
		sim = await startSimulator({ devices: 5, tokenLifetimeSeconds: 1234 });
		client = { tokenUrl: sim.tokenUrl, clientId: sim.clients[0].clientId, clientSecret: sim.clients[0].clientSecret };
	});
	afterEach(async () => await sim.close());

	it('exchanges the client for a token whose lifetime comes from expires_in', async () => {
		const outcome = await exchangeClientCredentials(httpRequest, client);
		expect(outcome).toEqual({ ok: true, token: { accessToken: expect.any(String), expiresInSeconds: 1234 } });
		if (outcome.ok) expect(sim.tokenService.verify(outcome.token.accessToken)).toBe('valid');
		expect(sim.snapshot().tokenExchanges).toBe(1);
	});

	it('says the client was rejected for a wrong secret, naming the host and never the secret', async () => {
		const failure = failureOf(await exchangeClientCredentials(httpRequest, { ...client, clientSecret: 'wrong-secret-value' }));
		expect(failure).toMatchObject({ reason: 'rejected', httpCode: 400, retryable: false });
		expect(failure.message).toBe(
			`The token endpoint 127.0.0.1:${sim.port} rejected the client ID or client secret (HTTP 400, invalid_client).`,
		);
		expect(failure.description).toMatch(/region/);
		expect(JSON.stringify(failure)).not.toContain('wrong-secret-value');
	});

	it('redacts the secret when a careless server echoes it back', async () => {
		sim.tokenService.state.echoSecretInErrors = true;
		const failure = failureOf(await exchangeClientCredentials(httpRequest, { ...client, clientSecret: 'echoed-secret-value' }));
		expect(failure.message).toContain("client_secret '***' is not valid");
		expect(JSON.stringify(failure)).not.toContain('echoed-secret-value');
	});

	it('rejects a client from another region: the other data centre does not know it', async () => {
		const otherRegion = await startSimulator({ devices: 1 });
		try {
			const failure = failureOf(await exchangeClientCredentials(httpRequest, { ...client, tokenUrl: otherRegion.tokenUrl }));
			expect(failure.reason).toBe('rejected');
			expect(failure.description).toContain('region');
		} finally {
			await otherRegion.close();
		}
	});

	it('says the token endpoint is unreachable when nothing listens there', async () => {
		const closed = await startSimulator({ devices: 1 });
		const url = closed.tokenUrl;
		await closed.close();
		const failure = failureOf(await exchangeClientCredentials(httpRequest, { ...client, tokenUrl: url }));
		expect(failure).toMatchObject({ reason: 'unreachable', retryable: true });
		expect(failure.message).toMatch(/^Could not reach the token endpoint 127\.0\.0\.1:\d+ \(connection refused\)\.$/);
	});

	it('gives up after its timeout when the token endpoint hangs', async () => {
		// How close to its deadline the exchange ends is test/security/deadlines.test.ts's to say; here, what it reports.
		sim.faults.config.tokenLatencyMs = 3000;
		const failure = failureOf(await exchangeClientCredentials(httpRequest, { ...client, timeoutMs: 300 }));
		expect(failure).toMatchObject({ reason: 'timeout', retryable: true });
		expect(failure.message).toContain('did not answer within');
	});

	it('reports an outage as a retryable server error', async () => {
		sim.tokenService.state.downUntil = Date.now() + 60_000;
		const failure = failureOf(await exchangeClientCredentials(httpRequest, client));
		expect(failure).toMatchObject({ reason: 'server-error', httpCode: 503, retryable: true });
		expect(failure.message).toContain('temporarily_unavailable');
	});

	it('says there is no token endpoint at a wrong path (404)', async () => {
		const failure = failureOf(await exchangeClientCredentials(httpRequest, { ...client, tokenUrl: `${sim.url}/oauth/wrong` }));
		expect(failure).toMatchObject({ reason: 'not-found', httpCode: 404 });
		expect(failure.description).toContain('/connect/token');
	});

	it('refuses a 200 without an access_token', async () => {
		sim.tokenService.state.response.omitAccessToken = true;
		const failure = failureOf(await exchangeClientCredentials(httpRequest, client));
		expect(failure).toMatchObject({ reason: 'invalid-response' });
		expect(failure.message).toContain('without an access_token');
	});

	it('refuses a web page where a token was expected', async () => {
		sim.settings.apiAnswers = 'html';
		const failure = failureOf(await exchangeClientCredentials(httpRequest, { ...client, tokenUrl: `${sim.url}/api/login` }));
		expect(failure.reason).toBe('invalid-response');
		expect(failure.message).toContain('web page');
	});

	it.each([
		['missing', 'omit', ASSUMED_LIFETIME_SECONDS],
		['a numeric string', '1800', 1800],
		['huge', 10 ** 9, MAX_LIFETIME_SECONDS],
	])('reads expires_in when it is %s', async (_case, expiresIn, expected) => {
		sim.tokenService.state.response.expiresIn = expiresIn;
		const outcome = await exchangeClientCredentials(httpRequest, client);
		expect(outcome.ok && outcome.token.expiresInSeconds).toBe(expected);
	});

	it.each([
		['zero', 0],
		['negative', -60],
		['not a number', 'soon'],
	])('refuses an expires_in that is %s', async (_case, expiresIn) => {
		sim.tokenService.state.response.expiresIn = expiresIn;
		const failure = failureOf(await exchangeClientCredentials(httpRequest, client));
		expect(failure.reason).toBe('invalid-response');
		expect(failure.message).toContain('unusable expires_in');
	});
});

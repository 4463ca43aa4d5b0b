// A server that echoes what it was sent: the client secret in a token error (raw, URL-encoded,
// form-encoded, where the message is cut short), the bearer token in UEM's JSON message (400, 403,
// 422, a 200 that is not JSON). Masked first, then cut: no piece of a secret reaches the output or
// the execution data, which people who cannot see the credential can read.
import { useFastRetries } from '../harness/fastRetries';
import { json, startServer } from '../harness/loopbackServers';
import { loopbackCredentials, runWorkflow, type UemStep } from '../harness/workflow';

type Server = Awaited<ReturnType<typeof startServer>>;

// Characters that URL and form encoding change, so that each echoed form differs from the raw one.
const SECRET = 'S3cr3t/with+sp ce&more=chars!~long-enough-to-be-cut';
// What the loopback token endpoint issues: a made-up, JWT-shaped value.
const ISSUED = ['eyJhbGciOiJSUzI1NiJ9', 'loopback-access-token-payload', 'signature'].join('.');

const deviceGet: UemStep = {
	parameters: { resource: 'device', operation: 'get', deviceIdType: 'deviceId', deviceIdValue: '7' },
	continueOnFail: true,
};

/** Every 8-character piece of a value: none may show, or a cut-short echo leaks a prefix. */
function piecesOf(value: string): string[] {
	return Array.from({ length: value.length - 7 }, (_v, i) => value.slice(i, i + 8));
}

function expectNoPieceOf(value: string, everything: unknown) {
	const text = JSON.stringify(everything);
	expect(piecesOf(value).filter((piece) => text.includes(piece))).toEqual([]);
}

describe('what servers echo is masked before it is quoted', () => {
	useFastRetries();
	let server: Server;
	afterEach(async () => await server.close());

	const credentials = () => loopbackCredentials(server, { clientSecret: SECRET });

	it.each([
		['raw, where the message is cut short', () => `${'x'.repeat(100)} client_secret ${SECRET} is not valid`],
		['URL-encoded', () => `bad client_secret=${encodeURIComponent(SECRET)}`],
		['URL-encoded with lower-case escapes', () => `bad ${encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())}`],
		['form-encoded (the request body echoed)', (body: string) => `could not read ${body}`],
	])('the client secret echoed %s in a token error', async (_how, echo) => {
		server = await startServer((req, res, body) => {
			if (req.url?.startsWith('/connect/token')) return json(res, 400, { error: 'invalid_request', error_description: echo(body) });
			json(res, 200, {});
		});
		const result = await runWorkflow({ steps: [deviceGet], credentials: credentials() });

		expect(String(result.items[0].json.error)).toMatch(/^The token endpoint 127\.0\.0\.1:\d+ refused the request \(HTTP 400, invalid_request: .*\*\*/);
		expectNoPieceOf(SECRET, result.items);
		expectNoPieceOf(SECRET, result.run);
	});

	it('the client secret echoed in a token answer that is not JSON', async () => {
		server = await startServer((_req, res) => {
			res.writeHead(200, { 'Content-Type': 'text/plain' });
			res.end(`${'y'.repeat(90)} you sent ${SECRET}`);
		});
		const result = await runWorkflow({ steps: [deviceGet], credentials: credentials() });

		expect(String(result.items[0].json.error)).toContain('answered with something that is not JSON');
		expectNoPieceOf(SECRET, result.run);
	});

	it.each([
		[400, (token: string) => `Bad header Authorization: Bearer ${token}`],
		[403, (token: string) => `Token ${token} has no role for this`],
		[422, (token: string) => `${'z'.repeat(100)} ${token}`],
		[400, (token: string) => `token=${encodeURIComponent(token)}`],
	])('the bearer token echoed in UEM\'s message of a %i', async (status, message) => {
		server = await startServer((req, res) => {
			if (req.url?.startsWith('/connect/token')) return json(res, 200, { access_token: ISSUED, token_type: 'Bearer', expires_in: 3600 });
			json(res, status, { errorCode: 1012, message: message(ISSUED), activityId: 'act-1' });
		});
		const result = await runWorkflow({ steps: [deviceGet], credentials: credentials() });

		expect(result.items[0].json).toMatchObject({ httpCode: status, errorCode: 1012, activityId: 'act-1' });
		expect(String(result.items[0].json.error)).toContain('***');
		expectNoPieceOf(ISSUED, result.items);
		expectNoPieceOf(ISSUED, result.run);
	});

	it('the bearer token echoed in a 200 that is not JSON', async () => {
		server = await startServer((req, res) => {
			if (req.url?.startsWith('/connect/token')) return json(res, 200, { access_token: ISSUED, token_type: 'Bearer', expires_in: 3600 });
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end(`{"oops": "${ISSUED}`);
		});
		const result = await runWorkflow({ steps: [deviceGet], credentials: credentials() });

		expect(result.items[0].json.error).toBe('UEM answered with malformed JSON');
		expect(String(result.items[0].json.description)).toContain('***');
		expectNoPieceOf(ISSUED, result.run);
	});
});

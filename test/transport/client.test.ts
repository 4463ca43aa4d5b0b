// The run's client on the wire, against loopback servers of the test's own: a write (send) is
// retried only when it certainly did not reach UEM (refused connection, 429, 503 with Retry-After,
// a refused token); a timeout or a dropped connection after sending is an "outcome unknown" error
// and the server saw it once; a GET is retried after both; an empty 2xx is an answer to a write.
import type { IExecuteFunctions } from 'n8n-workflow';

import { UemClient } from '../../nodes/WorkspaceOneUem/transport/client';
import { openSession } from '../../nodes/WorkspaceOneUem/transport/session';
import { useFastRetries } from '../harness/fastRetries';
import { json, startServer, tokenAnswer } from '../harness/loopbackServers';
import { FAKE_NODE } from '../harness/fakes';
import { n8nHttpRequest } from '../harness/n8n';
import { loopbackCredentials } from '../harness/workflow';

type Server = Awaited<ReturnType<typeof startServer>>;

const httpRequest = n8nHttpRequest();

/**
 * A client as the router makes it, over n8n's own HTTP helper; a 1-second deadline, or a shorter
 * one for a test that waits out a silent server.
 */
async function clientFor(server: Server, timeoutMs = 1000): Promise<UemClient> {
	const context = {
		getNode: () => FAKE_NODE,
		helpers: { httpRequest },
		getCredentials: async () => loopbackCredentials(server),
		getWorkflowStaticData: () => ({}),
	} as unknown as IExecuteFunctions;
	return new UemClient(context, await openSession(context, { timeoutMs, requestsPerMinute: 0, concurrency: 4 }));
}

const lock = { path: '/api/mdm/devices/7/commands', qs: { command: 'Lock' }, version: 1 };

describe('the client on the wire', () => {
	useFastRetries();
	let server: Server;
	afterEach(async () => await server.close());

	/** A tenant whose API answers come from `answer`, called with how many API calls came before. */
	async function tenant(answer: (res: Parameters<typeof json>[0], calls: number, req: { method?: string }) => void, timeoutMs?: number) {
		let calls = 0;
		let issued = 0;
		server = await startServer((req, res) => {
			if (req.url?.startsWith('/connect/token')) return tokenAnswer(res, { access_token: `token-${++issued}` });
			answer(res, calls++, req);
		});
		return await clientFor(server, timeoutMs);
	}
	/** For a server that stays silent: still many times what a loopback answer takes on a busy machine. */
	const SILENT_DEADLINE_MS = 400;
	const apiCalls = () => server.received.filter((r) => r.path.startsWith('/api/'));

	it('sends a write with its method, JSON body and version, and takes an empty 2xx as its answer', async () => {
		const client = await tenant((res) => {
			res.writeHead(202);
			res.end();
		});
		const answer = await client.send({ ...lock, body: { Reason: 'lost' } });
		expect(answer).toMatchObject({ kind: 'empty', status: 202, call: { method: 'POST', path: '/api/mdm/devices/7/commands?command=Lock', attempts: 1, statuses: [202] } });
		const [sent] = apiCalls();
		expect(sent).toMatchObject({ method: 'POST', body: '{"Reason":"lost"}' });
		expect(sent.headers).toMatchObject({ accept: 'application/json;version=1', 'content-type': 'application/json;version=1', authorization: expect.stringMatching(/^Bearer token-/) });
	});

	it('does not retry a write that timed out: its outcome is unknown, and UEM saw it once', async () => {
		const client = await tenant(() => undefined, SILENT_DEADLINE_MS);
		await expect(client.send(lock)).rejects.toMatchObject({
			message: 'Outcome unknown: POST /api/mdm/devices/7/commands?command=Lock got no answer (no answer within 0.4 s)',
			description: expect.stringContaining('not retried, so that it is not carried out twice'),
		});
		expect(apiCalls()).toHaveLength(1);
	});

	it('does not retry a write whose connection dropped after sending', async () => {
		const client = await tenant((res) => res.socket?.destroy());
		await expect(client.send(lock)).rejects.toMatchObject({ message: expect.stringContaining('got no answer (the connection dropped)') });
		expect(apiCalls()).toHaveLength(1);
	});

	it.each([500, 502, 504])('does not retry a write that UEM failed with a %i: it may have been carried out first', async (status) => {
		const client = await tenant((res) => json(res, status, { errorCode: 1, message: 'Server error.' }));
		await expect(client.send(lock)).rejects.toMatchObject({
			message: `Outcome unknown: POST /api/mdm/devices/7/commands?command=Lock failed (HTTP ${status}: Server error.)`,
			httpCode: String(status),
			errorResponse: { outcome: 'unknown', errorCode: 1, httpCode: status },
		});
		expect(apiCalls()).toHaveLength(1);
	});

	type Response = Parameters<typeof json>[0];
	const answerWith = (status: number, headers: Record<string, string>, body = '') => (res: Response) => {
		res.writeHead(status, headers);
		res.end(body);
	};
	it.each([
		['a 503 with Retry-After', answerWith(503, { 'Retry-After': '0' })],
		['a 429', answerWith(429, { 'Retry-After': '0.05' }, '{"errorCode":1020}')],
		['a 401 (the token, not the command, was refused)', answerWith(401, { 'Content-Type': 'application/json' }, '{"errorCode":6000}')],
	])('retries a write refused with %s: it was not carried out', async (_case, refuse) => {
		const client = await tenant((res, calls) => (calls === 0 ? refuse(res) : json(res, 200, { Accepted: 1 })));
		const answer = await client.send(lock);
		expect(answer).toMatchObject({ kind: 'ok', body: { Accepted: 1 }, call: { attempts: 2 } });
		expect(apiCalls()).toHaveLength(2);
	});

	it('retries a write whose connection was refused: nothing was sent', async () => {
		const client = await tenant((res) => json(res, 200, {}));
		// A first call gets the token; then the API server is gone.
		await client.get({ path: '/api/system/info', version: 1 });
		await server.close();
		await expect(client.send(lock)).rejects.toMatchObject({
			message: expect.stringContaining('(connection refused)'),
			description: expect.stringContaining('5 calls were made for POST /api/mdm/devices/7/commands?command=Lock'),
		});
		// Reopened on another port for afterEach to close.
		server = await startServer(() => undefined);
	});

	it('retries a GET that timed out or dropped: reading twice is harmless', async () => {
		const client = await tenant((res, calls) => {
			if (calls === 0) return;
			if (calls === 1) return res.socket?.destroy();
			json(res, 200, { Id: { Value: 7 } });
		}, SILENT_DEADLINE_MS);
		const answer = await client.get({ path: '/api/mdm/devices/7', version: 1 });
		expect(answer).toMatchObject({ kind: 'ok', body: { Id: { Value: 7 } }, call: { attempts: 3, statuses: [200] } });
	});

	it('renews again within one call when the token it renewed to worked and was then revoked', async () => {
		// 401 (first token), 408 with the second (it worked: UEM answered past authentication), 401
		// again (revoked meanwhile), then the third token answers.
		const client = await tenant((res, calls) => {
			if (calls === 0 || calls === 2) return json(res, 401, { errorCode: 6000 });
			if (calls === 1) return json(res, 408, {});
			json(res, 200, { Id: { Value: 7 } });
		});
		const answer = await client.get({ path: '/api/mdm/devices/7', version: 1 });
		expect(answer).toMatchObject({ kind: 'ok', call: { attempts: 4, statuses: [401, 408, 401, 200] } });
		expect(server.received.filter((r) => r.path.startsWith('/connect/token'))).toHaveLength(3);
	});
});

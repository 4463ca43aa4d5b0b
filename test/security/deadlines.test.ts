// A server that holds a request open by sending one byte at a time, or sends far more than a token
// or a page: every request ends by its deadline with the socket closed, counts as a timeout for the
// retry rules, and a body over its cap is refused with a clear error, not read.
import { useFastRetries } from '../harness/fastRetries';
import { hugeBody, json, startServer, tokenAnswer, trickle } from '../harness/loopbackServers';
import { loopbackCredentials, runWorkflow, type UemStep } from '../harness/workflow';

type Server = Awaited<ReturnType<typeof startServer>>;

// A byte every 50 ms keeps a connection busy, as one every 300 ms does under the editor's shortest
// deadline (1 s): the deadlines below are sub-second so that five calls do not cost five seconds.
const TRICKLE_MS = 50;

const deviceGet = (options: Record<string, unknown> = {}): UemStep => ({
	parameters: { resource: 'device', operation: 'get', deviceIdType: 'deviceId', deviceIdValue: '7', options },
});

describe('every request ends by its deadline', () => {
	useFastRetries();
	let server: Server;
	afterEach(async () => await server.close());

	it('a token endpoint trickling one byte every 50 ms is cut off at the deadline and retried', async () => {
		let exchanges = 0;
		server = await startServer((req, res) => {
			if (req.url?.startsWith('/connect/token')) {
				// The first exchange never ends on its own; the retry gets a token.
				if (++exchanges === 1) return trickle(server, res, TRICKLE_MS);
				return tokenAnswer(res);
			}
			json(res, 200, { Id: { Value: 7 } });
		});
		// Half a second: the retried exchange and the API call must each answer within it, also on a busy machine.
		const result = await runWorkflow({ steps: [deviceGet({ timeout: 0.5 })], credentials: loopbackCredentials(server) });

		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([{ Id: { Value: 7 } }]);
		expect(exchanges).toBe(2);
		// The trickling connection was closed by the client (the server would have gone on forever).
		expect(await server.allClosed()).toBe(true);
		expect(server.connections.opened).toBe(3);
	});

	it('an API call trickling one byte every 50 ms ends as a timeout after its retries, each connection closed', async () => {
		server = await startServer((req, res) => {
			if (req.url?.startsWith('/connect/token')) return tokenAnswer(res);
			trickle(server, res, TRICKLE_MS);
		});
		// Every call here times out by design: the shortest deadline the ticker can hold.
		const result = await runWorkflow({ steps: [deviceGet({ timeout: 0.3 })], credentials: loopbackCredentials(server) });

		expect(result.error?.message).toBe(`The UEM API server ${server.host} did not answer within 0.3 s`);
		expect(result.error?.description).toContain('5 calls were made for GET /api/mdm/devices/7');
		const apiCalls = server.received.filter((r) => r.path.startsWith('/api/'));
		expect(apiCalls).toHaveLength(5);
		expect(await server.allClosed()).toBe(true);
	});

	it.each([
		['32 MiB', 32 * 1024 * 1024],
		['120 MB', 120_000_000],
	])('a token endpoint answering %s is refused after 64 KiB, not read', async (_size, bytes) => {
		let sent = () => 0;
		server = await startServer((req, res) => {
			if (req.url?.startsWith('/connect/token')) sent = hugeBody(res, bytes);
			else json(res, 200, { Id: { Value: 7 } });
		});
		const result = await runWorkflow({ steps: [deviceGet()], credentials: loopbackCredentials(server) });

		expect(result.error?.message).toBe(
			`The token endpoint ${server.host} answered with more than 64 KiB; a token answer is a few kilobytes, so the rest was not read.`,
		);
		expect(server.received.filter((r) => r.path.startsWith('/api/'))).toEqual([]);
		// The client stopped reading: what the server got out is socket buffers, not the body.
		expect(sent()).toBeLessThan(bytes / 4);
	});

	it('an API answer over 16 MiB is refused, not retried', async () => {
		server = await startServer((req, res) => {
			if (req.url?.startsWith('/connect/token')) return tokenAnswer(res);
			hugeBody(res, 40 * 1024 * 1024);
		});
		const result = await runWorkflow({ steps: [{ ...deviceGet(), continueOnFail: true }], credentials: loopbackCredentials(server) });

		expect(result.items[0].json).toMatchObject({
			error: 'UEM answered GET /api/mdm/devices/7 with more than 16 MiB',
			attempts: 1,
		});
		expect(server.received.filter((r) => r.path.startsWith('/api/'))).toHaveLength(1);
	});
});

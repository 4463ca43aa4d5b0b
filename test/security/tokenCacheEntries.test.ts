// The token cache against tampered static data and odd lifetimes: an entry whose GCM tag was cut
// short is not opened (a short tag can be forged by trying), and a lifetime under a second never
// costs one token exchange per request.
import type { IDataObject } from 'n8n-workflow';

import { STATIC_DATA_KEY } from '../../nodes/WorkspaceOneUem/transport/tokenCache';
import { openToken, sealToken } from '../../nodes/WorkspaceOneUem/transport/tokenCrypto';
import { startSimulator } from '../../simulator';
import { json, startServer } from '../harness/loopbackServers';
import { loopbackCredentials, runWorkflow, simulatorCredentials, type UemStep } from '../harness/workflow';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

const getStatus: UemStep = { parameters: { resource: 'profile', operation: 'getStatus', options: { requestsPerMinute: 0 } } };

function entriesIn(staticData: IDataObject): Record<string, Record<string, unknown>> {
	return ((staticData.global ?? {}) as IDataObject)[STATIC_DATA_KEY] as Record<string, Record<string, unknown>>;
}

describe('sealed entries open only with their whole tag', () => {
	it.each([4, 8, 12, 15])('refuses the right tag cut to %i bytes', (bytes) => {
		const sealed = sealToken('the-token', 'the-secret', 'key|1|2');
		expect(openToken(sealed, 'the-secret', 'key|1|2')).toBe('the-token');
		const cut = Buffer.from(sealed.tag, 'base64').subarray(0, bytes).toString('base64');
		expect(openToken({ ...sealed, tag: cut }, 'the-secret', 'key|1|2')).toBeUndefined();
	});

	describe('through workflow runs', () => {
		let sim: Simulator;
		afterEach(async () => await sim.close());

		it('makes a fresh exchange instead of using an entry whose tag was cut short', async () => {
			sim = await startSimulator({ devices: 5 });
			const input = [{ Id: { Value: sim.fleet.devices[0].id } }];
			const first = await runWorkflow({ steps: [getStatus], credentials: simulatorCredentials(sim), input });
			const tampered = structuredClone(first.staticData);
			const entry = Object.values(entriesIn(tampered))[0];
			entry.tag = Buffer.from(String(entry.tag), 'base64').subarray(0, 4).toString('base64');

			const second = await runWorkflow({ steps: [getStatus], credentials: simulatorCredentials(sim), input, staticData: tampered });

			expect(second.error).toBeUndefined();
			expect(sim.snapshot().tokenExchanges).toBe(2);
			expect(Buffer.from(String(Object.values(entriesIn(second.staticData))[0].tag), 'base64')).toHaveLength(16);
		});
	});
});

describe('lifetimes under a second', () => {
	let server: Awaited<ReturnType<typeof startServer>>;
	afterEach(async () => await server.close());

	it.each([
		['0.5', 0.5],
		['0.9', 0.9],
		['"0.5" (a string)', '0.5'],
	])('expires_in %s: ten requests one after another share one exchange', async (_label, expiresIn) => {
		let exchanges = 0;
		server = await startServer((req, res) => {
			if (req.url?.startsWith('/connect/token')) {
				exchanges++;
				return json(res, 200, { access_token: `short-lived-${exchanges}`, token_type: 'Bearer', expires_in: expiresIn });
			}
			json(res, 200, { DeviceId: { Id: { Value: 1 } }, DeviceProfiles: [], Page: 0, PageSize: 500, Total: 0 });
		});
		const credentials = loopbackCredentials(server);
		const input = Array.from({ length: 10 }, (_v, i) => ({ Id: { Value: i + 1 } }));
		const oneAtATime: UemStep = { parameters: { ...getStatus.parameters, options: { requestsPerMinute: 0, concurrency: 1 } } };
		const started = Date.now();
		const result = await runWorkflow({ steps: [oneAtATime], credentials, input });
		const seconds = (Date.now() - started) / 1000;

		expect(result.error).toBeUndefined();
		expect(server.received.filter((r) => r.path.startsWith('/api/'))).toHaveLength(10);
		// The lifetime counts as one second, renewed 0.1 s early: one exchange per 0.9 s of the run
		// (one in all on an idle machine), never one per request.
		expect(exchanges).toBeGreaterThanOrEqual(1);
		expect(exchanges).toBeLessThanOrEqual(1 + Math.floor(seconds / 0.9));
		expect(exchanges).toBeLessThan(10);
	});
});

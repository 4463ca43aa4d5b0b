// An API server that refuses every token (another tenant's token service, an OAuth client without
// API access): once a freshly issued token is refused, the rest of the run fails fast, one clear
// error per item, with two token exchanges at most (the first and one replacement) whatever the item count. A token revoked in the
// middle of a run is still replaced (the token after it works).
import { json, startServer } from '../harness/loopbackServers';
import { loopbackCredentials, runWorkflow, type UemStep } from '../harness/workflow';

type Server = Awaited<ReturnType<typeof startServer>>;

const getStatus = (concurrency: number): UemStep => ({
	parameters: { resource: 'profile', operation: 'getStatus', options: { concurrency } },
	continueOnFail: true,
});

describe('a tenant that refuses every token', () => {
	let server: Server;
	let exchanges = 0;
	let accepted: (token: string) => boolean = () => false;
	beforeEach(async () => {
		exchanges = 0;
		server = await startServer((req, res) => {
			if (req.url?.startsWith('/connect/token')) {
				exchanges++;
				return json(res, 200, { access_token: `issued-token-number-${exchanges}`, token_type: 'Bearer', expires_in: 3600 });
			}
			const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
			if (!accepted(token)) return json(res, 401, { errorCode: 1005, message: 'User is not authorized.', activityId: 'act-401' });
			json(res, 200, { DeviceId: { Id: { Value: 1 } }, DeviceProfiles: [], Page: 0, PageSize: 500, Total: 0 });
		});
	});
	afterEach(async () => await server.close());

	const credentials = () => loopbackCredentials(server);
	const input = (count: number) => Array.from({ length: count }, (_v, i) => ({ Id: { Value: i + 1 } }));

	it.each([
		[40, 1],
		[40, 16],
		[1000, 16],
	])('%i items at Concurrency %i: two token exchanges at most, one clear error per item', async (count, concurrency) => {
		accepted = () => false;
		const result = await runWorkflow({ steps: [getStatus(concurrency)], credentials: credentials(), input: input(count) });

		expect(exchanges).toBeLessThanOrEqual(2);
		expect(result.items).toHaveLength(count);
		expect(result.items.map((item) => item.pairedItem)).toEqual(input(count).map((_v, item) => ({ item })));
		for (const item of result.items) {
			expect(item.json).toMatchObject({ httpCode: 401, errorCode: 1005, activityId: 'act-401' });
			expect(String(item.json.error)).toMatch(/^UEM (rejected a freshly issued access token|refuses the access tokens of this OAuth client) \(HTTP 401: error 1005, User is not authorized\.\)$/);
		}
		const notSent = result.items.filter((item) => String(item.json.error).startsWith('UEM refuses the access tokens'));
		expect(notSent.length).toBeGreaterThanOrEqual(count - concurrency);
		expect(String(notSent[0].json.description)).toContain('did not send this item');
		// The API saw two rounds at most: the first token, then the replacement.
		expect(server.received.filter((r) => r.path.startsWith('/api/')).length).toBeLessThanOrEqual(2 * concurrency);
	});

	it('still replaces a token revoked mid-run: the next one works, every item succeeds', async () => {
		// The first token works for the first five calls, then is revoked; the second works.
		let callsWithFirst = 0;
		accepted = (token) => (token === 'issued-token-number-1' ? ++callsWithFirst <= 5 : token === 'issued-token-number-2');
		const result = await runWorkflow({ steps: [getStatus(1)], credentials: credentials(), input: input(20) });

		expect(result.items.filter((item) => item.json.error !== undefined)).toEqual([]);
		expect(exchanges).toBe(2);
	});

	it.each([1, 16])(
		'at Concurrency %i, replaces a revoked token whose replacement is revoked too before its first answer: the third works',
		async (concurrency) => {
			// Two revocations close together (the fault soak's revocation right after a renewal): the
			// second token meets only 401s, as a tenant that refuses fresh tokens would, but once.
			let callsWithFirst = 0;
			accepted = (token) => (token === 'issued-token-number-1' ? ++callsWithFirst <= 5 : token === 'issued-token-number-3');
			const result = await runWorkflow({ steps: [getStatus(concurrency)], credentials: credentials(), input: input(40) });

			expect(result.items.filter((item) => item.json.error !== undefined)).toEqual([]);
			expect(exchanges).toBe(3);
		},
	);
});

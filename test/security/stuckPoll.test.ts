// A tenant that holds a trigger's poll open: while the poll is within the engine's budget the next
// one is skipped (no overlap, no double report), but once it is past its budget a later poll runs,
// and the stuck one, when it finally ends, drops what it found instead of reporting it again.
// Time moves by a clock the test sets (Date.now), not by waiting.
import { json, startServer, tokenAnswer } from '../harness/loopbackServers';
import { Poller } from '../harness/poll';
import { loopbackCredentials } from '../harness/workflow';

type Server = Awaited<ReturnType<typeof startServer>>;

const BUDGET_MS = 60_000;
const devices = [{ Id: { Value: 1 }, SerialNumber: 'A' }, { Id: { Value: 2 }, SerialNumber: 'B' }];

describe('a stuck poll does not silence the trigger', () => {
	let server: Server;
	let held: Parameters<typeof json>[0][] = [];
	let arrived: () => void = () => undefined;
	const realNow = Date.now.bind(Date);
	let offsetMs = 0;

	beforeEach(async () => {
		offsetMs = 0;
		held = [];
		jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offsetMs);
		let searches = 0;
		server = await startServer((req, res) => {
			if (req.url?.startsWith('/connect/token')) return tokenAnswer(res);
			// The first device search hangs until the test lets it go; later ones answer at once.
			if (++searches === 1) {
				held.push(res);
				arrived();
				return;
			}
			json(res, 200, { Devices: devices, Page: 0, PageSize: 500, Total: devices.length });
		});
	});
	afterEach(async () => {
		jest.restoreAllMocks();
		await server.close();
	});

	const poller = () =>
		new Poller({
			parameters: { event: 'deviceEnrolled', options: { emitExisting: true } },
			credentials: loopbackCredentials(server),

			pollBudgetMs: BUDGET_MS,
		});

	it('skips a poll while the stuck one is within its budget, runs one after it, and reports each device once', async () => {
		const trigger = poller();
		const searchArrived = new Promise<void>((resolve) => (arrived = resolve));
		const stuck = trigger.poll();
		await searchArrived;

		// Within the budget: no overlap, no request.
		offsetMs = BUDGET_MS - 1_000;
		expect(await trigger.poll()).toBeNull();
		expect(server.received.filter((r) => r.path.startsWith('/api/'))).toHaveLength(1);

		// Past it: the trigger polls again and reports.
		offsetMs = BUDGET_MS + 1_000;
		const later = await trigger.poll();
		expect(later?.map((item) => item.SerialNumber)).toEqual(['A', 'B']);
		const stateAfterLater = JSON.stringify(trigger.nodeState());

		// The stuck poll ends with the same devices, found against the old state: dropped.
		json(held[0], 200, { Devices: devices, Page: 0, PageSize: 500, Total: devices.length });
		expect(await stuck).toBeNull();
		expect(JSON.stringify(trigger.nodeState())).toBe(stateAfterLater);

		// And the trigger goes on polling as usual.
		expect(await trigger.poll()).toBeNull();
	});
});

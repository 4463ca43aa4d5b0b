// Include Device Record: each event gets UEM's device record, read with the package's client and
// its sealed token cache. Events arrive as separate webhook requests, each loading the static data
// n8n last saved, many at once: they share one token per process and token lifetime, also when a
// request loaded static data before another one renewed the token. An event is never lost to a
// failed lookup. Time runs on a fake clock (Date only), so tokens expire without waiting.
import type { IDataObject } from 'n8n-workflow';

import { STATIC_DATA_KEY } from '../../nodes/WorkspaceOneUem/transport/tokenCache';
import { startSimulator } from '../../simulator';
import { basic, EventTriggerHarness } from '../harness/eventTrigger';
import { simulatorCredentials } from '../harness/workflow';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

const LIFETIME_S = 600;
/** Renewal comes due 10 % of the lifetime before it ends. */
const RENEW_AFTER_MS = LIFETIME_S * 900;

describe('events with Include Device Record', () => {
	let sim: Simulator;
	let events: EventTriggerHarness;
	let header: string;
	const event = (deviceIndex: number, staticData?: IDataObject) => {
		const { body } = sim.events.payloadOf(sim.events.eventFields('deviceWiped', sim.fleet.devices[deviceIndex], Date.now()), 'JSON');
		return events.receive({ headers: { authorization: header }, body: JSON.parse(body) as unknown, staticData });
	};
	const deviceOf = async (deviceIndex: number, staticData?: IDataObject) => EventTriggerHarness.itemOf((await event(deviceIndex, staticData)).result);

	beforeEach(async () => {
		jest.useFakeTimers({ now: Date.UTC(2026, 10, 3, 9, 0, 0), doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
		sim = await startSimulator({ devices: 300, seed: 9, tokenLifetimeSeconds: LIFETIME_S });
		events = new EventTriggerHarness({ parameters: { events: ['deviceWiped'], includeDevice: true }, credentials: simulatorCredentials(sim) });
		// The registration's token is the first of the workflow: the events go on with it.
		await events.activate();
		const [target] = sim.eventNotifications.targets();
		header = basic(target.userName, target.password);
	});
	afterEach(async () => {
		jest.useRealTimers();
		await sim.close();
	});

	it("adds UEM's device record under device, with the registration's token for every event, sealed in static data", async () => {
		const item = await deviceOf(5);
		expect((item.device as IDataObject).Id).toEqual({ Value: sim.fleet.devices[5].id });
		expect((item.device as IDataObject).SerialNumber).toBe(item.SerialNumber);
		for (let index = 6; index < 30; index++) await deviceOf(index);
		expect(sim.snapshot().byRoute.device).toBe(25);
		expect(sim.snapshot().tokenExchanges).toBe(1);
		const saved = JSON.stringify(events.saved);
		expect(Object.keys((events.saved.global ?? {}) as object)).toEqual([STATIC_DATA_KEY]);
		for (const token of sim.tokenService.issuedTokens()) expect(saved).not.toContain(token);
	});

	it('200 events at once, over three token lifetimes: one exchange per lifetime', async () => {
		for (let round = 0; round < 3; round++) {
			// Every request of a round loads the static data saved before the round began.
			const loaded = structuredClone(events.saved);
			const items = await Promise.all(Array.from({ length: 200 }, (_unused, index) => deviceOf(index, loaded)));
			expect(items.every((item, index) => (item.device as IDataObject).Id !== undefined && item.DeviceId === sim.fleet.devices[index].id)).toBe(true);
			expect(sim.snapshot().tokenExchanges).toBe(round + 1);
			jest.setSystemTime(Date.now() + RENEW_AFTER_MS + 1_000);
		}
		expect(sim.snapshot().unauthorized).toBe(0);
	});

	it('a request that loaded static data before another renewed the token takes the renewed token: no second exchange', async () => {
		await deviceOf(1);
		jest.setSystemTime(Date.now() + RENEW_AFTER_MS + 1_000);
		// Both requests arrive now; the second loaded static data before the first saved its renewal.
		const loadedByBoth = structuredClone(events.saved);
		await deviceOf(2, loadedByBoth);
		await deviceOf(3, loadedByBoth);
		expect(sim.snapshot().tokenExchanges).toBe(2);
		expect(sim.snapshot().unauthorized).toBe(0);
	});

	it('a device UEM no longer has is null; a tenant that fails leaves the event whole, with why, and no secret', async () => {
		const gone = sim.fleet.devices[40];
		const { body } = sim.events.payloadOf(sim.events.eventFields('deviceWiped', { ...gone, id: 987654 }, Date.now()), 'JSON');
		const missing = EventTriggerHarness.itemOf((await events.receive({ headers: { authorization: header }, body: JSON.parse(body) as unknown })).result);
		expect(missing).toMatchObject({ event: 'deviceWiped', DeviceId: 987654, device: null });
		expect(missing.deviceError).toBeUndefined();

		sim.settings.forced.device = { status: 403, body: { errorCode: 1011, message: 'The user does not have permission to view devices.' } };
		try {
			const failed = await deviceOf(41);
			expect(failed).toMatchObject({ event: 'deviceWiped', DeviceId: sim.fleet.devices[41].id, device: null });
			expect(failed.deviceError).toBe('The OAuth client is not allowed to do this (HTTP 403: error 1011, The user does not have permission to view devices.)');
			const text = JSON.stringify(failed);
			expect(text).not.toContain(sim.clients[0].clientSecret);
			for (const token of sim.tokenService.issuedTokens()) expect(text).not.toContain(token);
		} finally {
			delete sim.settings.forced.device;
		}
	});
});

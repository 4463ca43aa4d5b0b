// Device → Get through n8n's engine: by ID, every alternate ID and UUID; not found; bad input.
import { startSimulator } from '../../simulator';
import { runWorkflow, simulatorCredentials } from '../harness/workflow';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

describe('Device → Get', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ devices: 300, seed: 5 });
	});
	afterAll(async () => await sim.close());
	beforeEach(() => sim.resetCounters());

	const get = async (input: Array<Record<string, unknown>>, parameters: Record<string, unknown>, continueOnFail = false) =>
		await runWorkflow({
			steps: [{ parameters: { resource: 'device', operation: 'get', ...parameters }, continueOnFail }],
			credentials: simulatorCredentials(sim),
			input,
		});

	it('gets each input item\'s device by numeric ID, in input order, paired with its item', async () => {
		const devices = sim.fleet.devices.slice(0, 40);
		const result = await get(devices.map((d) => ({ id: d.id })), { deviceIdType: 'deviceId', deviceIdValue: '={{ $json.id }}' });
		expect(result.items.map((item) => item.json.SerialNumber)).toEqual(devices.map((d) => d.serialNumber));
		expect(result.items.map((item) => (item.pairedItem as { item: number }).item)).toEqual(devices.map((_d, i) => i));
		expect(sim.snapshot().byVersion.device).toEqual({ 1: 40 });
	});

	it.each([
		['serialNumber', (d: Simulator['fleet']['devices'][number]) => d.serialNumber],
		['udid', (d: Simulator['fleet']['devices'][number]) => d.udid],
		['macAddress', (d: Simulator['fleet']['devices'][number]) => d.macAddress.match(/../g)!.join(':')],
		['imei', (d: Simulator['fleet']['devices'][number]) => d.imei],
		['easId', (d: Simulator['fleet']['devices'][number]) => d.easId],
	])('finds a device by %s', async (type, valueOf) => {
		const device = sim.fleet.devices.find((d) => d.platform === 'Android')!;
		const result = await get([{}], { deviceIdType: type, deviceIdValue: valueOf(device) });
		expect(result.error).toBeUndefined();
		expect((result.items[0].json.Id as { Value: number }).Value).toBe(device.id);
	});

	it('finds a device by UUID through API version 2', async () => {
		const device = sim.fleet.devices[9];
		const result = await get([{}], { deviceIdType: 'uuid', deviceIdValue: device.uuid });
		expect(result.items[0].json.Uuid).toBe(device.uuid);
		expect(sim.snapshot().byVersion.device).toEqual({ 2: 1 });
	});

	it('says "device not found" for an unknown serial number, with UEM\'s error code', async () => {
		const result = await get([{}], { deviceIdType: 'serialNumber', deviceIdValue: 'NOPE-123' });
		expect(result.error?.message).toBe('Device not found: no device with Serial Number "NOPE-123"');
		expect(result.error?.description).toMatch(/UEM activity ID: [0-9a-f-]{36}/);
	});

	it('outputs nothing for a missing device when told to, and carries on with the others', async () => {
		const known = sim.fleet.devices[0];
		const result = await get([{ id: 999_999 }, { id: known.id }], {
			deviceIdType: 'deviceId',
			deviceIdValue: '={{ $json.id }}',
			options: { ifNotFound: 'skip' },
		});
		expect(result.items).toHaveLength(1);
		expect(result.items[0].pairedItem).toEqual({ item: 1 });
	});

	it('gives one clear error per bad item and goes on with the rest under Continue On Fail', async () => {
		const known = sim.fleet.devices[3];
		const result = await get(
			[{ id: 'abc' }, { id: '' }, { id: 424242 }, { id: known.id }],
			{ deviceIdType: 'deviceId', deviceIdValue: '={{ $json.id }}' },
			true,
		);
		expect(result.items.map((item) => item.json.error ?? item.json.SerialNumber)).toEqual([
			'Device ID must be a whole number, got "abc"',
			'Device ID is empty',
			'Device not found: no device with Device ID "424242"',
			known.serialNumber,
		]);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(result.items[2].json).toMatchObject({ httpCode: 404, errorCode: 5002, activityId: expect.any(String) });
		expect(sim.snapshot().byRoute.device).toBe(2);
	});

	it('refuses a UUID that is not one', async () => {
		const result = await get([{}], { deviceIdType: 'uuid', deviceIdValue: 'not-a-uuid' });
		expect(result.error?.message).toBe('Device UUID is not a UUID: "not-a-uuid"');
	});
});

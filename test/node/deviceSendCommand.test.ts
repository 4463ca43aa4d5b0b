// Device › Send Command through n8n's engine against the simulator: each device gets its command
// once, whatever the tenant does (dropped connections before and after UEM carried it out, 5xx,
// slow answers, 429 bursts, revoked tokens); a lost answer is an "outcome unknown" item naming the
// device; the guardrails refuse before the first request.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startSimulator } from '../../simulator';
import { useFastRetries } from '../harness/fastRetries';
import { runWorkflow, simulatorCredentials } from '../harness/workflow';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;
type Device = Simulator['fleet']['devices'][number];

describe('Device › Send Command', () => {
	useFastRetries();
	let sim: Simulator;
	beforeEach(async () => {
		sim = await startSimulator({ devices: 400, seed: 11 });
	});
	afterEach(async () => await sim.close());

	const sendCommand = async (input: Array<Record<string, unknown>>, parameters: Record<string, unknown>, continueOnFail = true) =>
		await runWorkflow({
			steps: [{ parameters: { resource: 'device', operation: 'sendCommand', dryRun: false, ...parameters }, continueOnFail }],
			credentials: simulatorCredentials(sim),
			input,
		});
	/** Device Search items, as a search before this node gives them. */
	const searchItems = (devices: Device[]) => devices.map((device) => ({ Id: { Value: device.id }, SerialNumber: device.serialNumber }));
	const commandsTo = (device: Device) => sim.commands.of(device.id);
	const json = (items: INodeExecutionData[]) => items.map((item) => item.json);

	it("sends the command once to each device of a search's items, with no expression typed, and outputs UEM's answer", async () => {
		const devices = sim.fleet.devices.slice(0, 25);
		const result = await sendCommand(searchItems(devices), { command: 'SyncDevice' }, false);
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual(
			devices.map((device) => ({ command: 'SyncDevice', device: { deviceId: String(device.id) }, deviceId: device.id, sent: `POST /api/mdm/devices/${device.id}/commands?command=SyncDevice`, status: 202 })),
		);
		expect(devices.map(commandsTo)).toEqual(devices.map(() => ['SyncDevice']));
	});

	it('sends nothing in a dry run, and shows what a real run would send', async () => {
		const device = sim.fleet.devices[3];
		const result = await sendCommand([{}], { deviceIdType: 'serialNumber', deviceIdValue: device.serialNumber, command: 'Lock', dryRun: true });
		expect(json(result.items)).toEqual([
			{ dryRun: true, command: 'Lock', device: { serialNumber: device.serialNumber }, wouldSend: `POST /api/mdm/devices/commands?command=Lock&searchby=Serialnumber&id=${device.serialNumber}` },
		]);
		expect(sim.commands.entries).toEqual([]);
		expect(sim.snapshot().requests).toBe(0);
	});

	it('wipes a device only once confirmed, and the wipe shows on the device', async () => {
		const device = sim.fleet.devices[5];
		const unconfirmed = await sendCommand([{}], { deviceIdType: 'udid', deviceIdValue: device.udid, command: 'EnterpriseWipe' });
		expect(json(unconfirmed.items)).toEqual([expect.objectContaining({ error: 'Enterprise Wipe is destructive and not confirmed: nothing was sent' })]);
		expect(sim.snapshot().requests).toBe(0);

		const confirmed = await sendCommand([{}], { deviceIdType: 'udid', deviceIdValue: device.udid, command: 'EnterpriseWipe', confirmDestructive: 'Enterprise Wipe' });
		expect(confirmed.items[0].json).toMatchObject({ status: 202 });
		expect(commandsTo(device)).toEqual(['EnterpriseWipe']);
		const after = await runWorkflow({
			steps: [{ parameters: { resource: 'device', operation: 'get', deviceIdType: 'deviceId', deviceIdValue: String(device.id) } }],
			credentials: simulatorCredentials(sim),
		});
		expect(after.items[0].json.EnrollmentStatus).toBe('EnterpriseWipePending');
	});

	it('refuses a run whose destructive items exceed Max Devices Per Run before its first request, saying how many', async () => {
		const devices = sim.fleet.devices.slice(0, 11);
		const result = await sendCommand(searchItems(devices), { command: 'DeviceWipe', confirmDestructive: 'Device Wipe' });
		expect(json(result.items)).toEqual(
			devices.map(() => expect.objectContaining({ error: 'Refused: this run would send a destructive action to 11 devices, more than Max Devices Per Run (10). Nothing was sent.' })),
		);
		expect(sim.snapshot().requests).toBe(0);
		expect(sim.commands.entries).toEqual([]);
	});

	it("gives UEM's error to the one device it concerns (a platform without the command, a device that is gone); the others go on", async () => {
		const android = sim.fleet.devices.find((device) => device.platform === 'Android')!;
		const apple = sim.fleet.devices.find((device) => device.platform === 'Apple')!;
		const result = await sendCommand(
			[{ id: android.id }, { id: 999_999 }, { id: apple.id }, { id: 'twelve' }],
			{ deviceIdValue: '={{ $json.id }}', command: 'Shutdown', confirmDestructive: 'Shutdown' },
		);
		expect(json(result.items)).toEqual([
			expect.objectContaining({ error: `Shutdown to Device ID ${android.id}: UEM refused the request (HTTP 400: error 1001, The command Shutdown is not supported on Android devices.)`, httpCode: 400, errorCode: 1001 }),
			expect.objectContaining({ error: 'Device not found: no device with Device ID "999999"', httpCode: 404, errorCode: 5002 }),
			expect.objectContaining({ command: 'Shutdown', status: 202 }),
			expect.objectContaining({ error: 'Device ID must be a whole number, got "twelve"' }),
		]);
		expect(sim.commands.entries.map((entry) => entry.deviceId)).toEqual([apple.id]);
	});

	it('says "outcome unknown" and names the device when the answer to a command is lost after UEM carried it out, and never sends it again', async () => {
		const device = sim.fleet.devices[7];
		sim.faults.config.dropAfterWriteRate = 1;
		const result = await sendCommand([{}], { deviceIdType: 'serialNumber', deviceIdValue: device.serialNumber, command: 'Lock' });
		expect(result.items[0].json).toMatchObject({
			error: `Lock to Serial Number ${device.serialNumber}: Outcome unknown: POST /api/mdm/devices/commands?command=Lock&searchby=Serialnumber&id=${device.serialNumber} got no answer (the connection dropped)`,
			outcome: 'unknown',
			attempts: 1,
		});
		expect(commandsTo(device)).toEqual(['Lock']);
	});

	it("reaches each device at most once through the soak's fault mix, and accounts for every item", async () => {
		const devices = sim.fleet.devices.slice(0, 300);
		// A 2-second deadline against 5-second slow answers: a busy machine's ordinary answer stays
		// inside it, and only a stall of 3 s could let a slow one in.
		Object.assign(sim.faults.config, { dropRate: 0.05, dropAfterWriteRate: 0.05, serverErrorRate: 0.08, slowRate: 0.05, slowMs: 5000 });
		sim.faults.planBursts(['none', 'none', 'none'], { size: 10, gap: 60 });
		sim.revokeTokensAtRequest(150);
		const result = await sendCommand(searchItems(devices), { command: 'DeviceQuery', options: { timeout: 2, requestsPerMinute: 0 } });
		// Slow answers are carried out when their delay ends, after the node gave up on them (and
		// closed their connections): wait for the simulator's handlers, not for open connections.
		await sim.settled();

		expect(result.items).toHaveLength(devices.length);
		const received = devices.map((device) => commandsTo(device).length);
		expect(Math.max(...received)).toBe(1);
		const outcomes = json(result.items).map((item: IDataObject, index) => {
			if (item.status === 202) return received[index] === 1 ? 'sent' : 'sent but not received';
			if (item.outcome === 'unknown') return 'unknown';
			return received[index] === 0 ? 'failed, not received' : 'failed but received';
		});
		const tally = outcomes.reduce<Record<string, number>>((counts, outcome) => ({ ...counts, [outcome]: (counts[outcome] ?? 0) + 1 }), {});
		// Every unknown names its device.
		for (const [index, item] of json(result.items).entries()) {
			if (item.outcome === 'unknown') expect(item.error).toContain(`Device Query to Device ID ${devices[index].id}:`);
		}
		// 429s and revoked tokens are answers that say the command was not carried out: sent again, once.
		// Every other fault may come after UEM carried it out: one "outcome unknown" each, never a retry.
		const faults = sim.snapshot().faults;
		expect(faults.throttled).toBeGreaterThan(0);
		expect(sim.snapshot().unauthorized).toBeGreaterThan(0);
		const unknown = faults.drop + faults.dropAfterWrite + faults.serverError + faults.slow;
		expect(unknown).toBeGreaterThan(20);
		expect(tally).toEqual({ sent: devices.length - unknown, unknown });
	});
});

describe('Device › Send Command in bulk', () => {
	useFastRetries();
	let sim: Simulator;
	beforeEach(async () => {
		sim = await startSimulator({ devices: 1200, seed: 13 });
	});
	afterEach(async () => await sim.close());

	const inBulk = async (input: Array<Record<string, unknown>>, parameters: Record<string, unknown> = {}) =>
		await runWorkflow({
			steps: [{ parameters: { resource: 'device', operation: 'sendCommand', command: 'Lock', dryRun: false, bulk: true, options: { requestsPerMinute: 0 }, ...parameters }, continueOnFail: true }],
			credentials: simulatorCredentials(sim),
			input,
		});
	const json = (items: INodeExecutionData[]) => items.map((item) => item.json);

	it("sends one command to 1,200 devices in 3 calls and reports each device's outcome, UEM's per-value faults included", async () => {
		sim.faults.config.bulkValueFaultRate = 0.02;
		const devices = sim.fleet.devices;
		const input = [...devices.map((d) => ({ id: d.id })), { id: 999_999 }, { id: 'twelve' }];
		const result = await inBulk(input, { deviceIdValue: '={{ $json.id }}' });

		// The bad one is sent nowhere; the unknown one is UEM's per-value fault.
		expect(sim.snapshot().byRoute).toEqual({ deviceCommandBulk: 3 });
		const items = json(result.items);
		expect(items).toHaveLength(input.length);
		expect(items[devices.length]).toMatchObject({ error: 'Lock to Device ID 999999: UEM did not carry it out (error 5002, Device not found.)', errorCode: 5002 });
		// Not an HTTP status: the bulk call was answered, the device's fault has none of its own.
		expect(items[devices.length].httpCode).toBeUndefined();
		expect(items[devices.length + 1].error).toBe('Device ID must be a whole number, got "twelve"');

		const received = new Set(sim.commands.entries.map((entry) => entry.deviceId));
		expect(sim.commands.entries).toHaveLength(received.size);
		const faulted = items.filter((item) => String(item.error ?? '').includes('could not be queued'));
		expect(faulted.length).toBeGreaterThan(5);
		expect(received.size + faulted.length).toBe(devices.length);
		for (const [index, device] of devices.entries()) {
			const item = items[index];
			if (item.error === undefined) expect(item).toEqual({ command: 'Lock', device: { deviceId: String(device.id) }, deviceId: device.id, sent: 'POST /api/mdm/devices/commands/bulk?command=Lock&searchby=DeviceId', status: 200, inBulkOf: expect.any(Number) });
			else expect(received.has(device.id)).toBe(false);
		}
		expect(new Set(items.slice(0, devices.length).map((item) => item.inBulkOf ?? 500))).toEqual(new Set([500, 201]));
	});

	it('refuses the whole run before its first call when the last items push destructive ones over the cap, though calls go out while items are read', async () => {
		// The first 500 Lock items would fill a call; the 11 wipes at the end are one over Max Devices Per Run.
		const devices = sim.fleet.devices;
		const input = devices.map((d, index) => ({ id: d.id, command: index < devices.length - 11 ? 'Lock' : 'EnterpriseWipe' }));
		const result = await inBulk(input, { command: '={{ $json.command }}', deviceIdValue: '={{ $json.id }}', confirmDestructive: 'Enterprise Wipe', maxDevicesPerRun: 10 });
		expect(sim.snapshot().requests).toBe(0);
		const items = json(result.items);
		expect(items).toHaveLength(devices.length);
		for (const item of items) expect(item.error).toBe('Refused: this run would send a destructive action to 11 devices, more than Max Devices Per Run (10). Nothing was sent.');
	});

	it('lists devices by serial number in the bulk call itself, and reads a MAC address first', async () => {
		const [first, second] = sim.fleet.devices;
		const bySerial = await inBulk([{ serial: first.serialNumber }, { serial: second.serialNumber }], { deviceIdType: 'serialNumber', deviceIdValue: '={{ $json.serial }}' });
		expect(json(bySerial.items)).toEqual([
			expect.objectContaining({ device: { serialNumber: first.serialNumber }, sent: 'POST /api/mdm/devices/commands/bulk?command=Lock&searchby=Serialnumber', inBulkOf: 2 }),
			expect.objectContaining({ device: { serialNumber: second.serialNumber }, inBulkOf: 2 }),
		]);
		const byMac = await inBulk([{}], { deviceIdType: 'macAddress', deviceIdValue: first.macAddress });
		expect(byMac.items[0].json).toMatchObject({ device: { macAddress: first.macAddress }, deviceId: first.id, sent: 'POST /api/mdm/devices/commands/bulk?command=Lock&searchby=DeviceId' });
		expect(sim.snapshot().byRoute).toEqual({ deviceCommandBulk: 2, deviceLookup: 1 });
		expect(sim.commands.of(first.id)).toEqual(['Lock', 'Lock']);
	});

	it('shows the bulk calls in a dry run and sends nothing', async () => {
		const devices = sim.fleet.devices.slice(0, 3);
		const result = await inBulk(devices.map((d) => ({ Id: { Value: d.id } })), { dryRun: true, command: 'SyncDevice' });
		expect(json(result.items)).toEqual(
			devices.map((d) => ({ dryRun: true, command: 'SyncDevice', device: { deviceId: String(d.id) }, deviceId: d.id, wouldSend: 'POST /api/mdm/devices/commands/bulk?command=SyncDevice&searchby=DeviceId', inBulkOf: 3 })),
		);
		expect(sim.snapshot().requests).toBe(0);
	});

	it('says "outcome unknown" for every device of a bulk call whose answer was lost, and sends it once', async () => {
		const devices = sim.fleet.devices.slice(0, 20);
		sim.faults.config.dropAfterWriteRate = 1;
		const result = await inBulk(devices.map((d) => ({ Id: { Value: d.id } })));
		expect(json(result.items)).toEqual(devices.map((d) => expect.objectContaining({ error: expect.stringMatching(new RegExp(`^Lock to Device ID ${d.id}: Outcome unknown: POST /api/mdm/devices/commands/bulk`)), outcome: 'unknown' })));
		expect(sim.commands.entries.map((entry) => entry.deviceId)).toEqual(devices.map((d) => d.id));
		expect(sim.snapshot().byRoute).toEqual({ deviceCommandBulk: 1 });
	});
});

// Device › Delete through n8n's engine against the simulator: guarded like a wipe (a dry run by
// default, the confirmation, Max Devices Per Run), sent once, and the record is gone after it.
import type { INodeExecutionData } from 'n8n-workflow';

import { startSimulator } from '../../simulator';
import { useFastRetries } from '../harness/fastRetries';
import { runWorkflow, simulatorCredentials } from '../harness/workflow';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

describe('Device › Delete', () => {
	useFastRetries();
	let sim: Simulator;
	beforeEach(async () => {
		sim = await startSimulator({ devices: 100, seed: 23 });
	});
	afterEach(async () => await sim.close());

	const remove = async (input: Array<Record<string, unknown>>, parameters: Record<string, unknown>) =>
		await runWorkflow({
			steps: [{ parameters: { resource: 'device', operation: 'delete', ...parameters }, continueOnFail: true }],
			credentials: simulatorCredentials(sim),
			input,
		});
	const json = (items: INodeExecutionData[]) => items.map((item) => item.json);

	it('is a dry run by default: it reads the device by serial number, shows the DELETE, and deletes nothing', async () => {
		const device = sim.fleet.devices[4];
		const result = await remove([{}], { deviceIdType: 'serialNumber', deviceIdValue: device.serialNumber });
		expect(json(result.items)).toEqual([
			{ dryRun: true, action: 'delete', device: { serialNumber: device.serialNumber }, deviceId: device.id, wouldSend: `DELETE /api/mdm/devices/${device.id}`, wouldBeRefused: 'Delete Device is destructive and not confirmed: nothing was sent' },
		]);
		expect(sim.fleet.find('id', device.id)).toBe(device);
		expect(sim.commands.entries).toEqual([]);
	});

	it('deletes only once confirmed, once, and the record is gone after it', async () => {
		const device = sim.fleet.devices[6];
		const unconfirmed = await remove([{ Id: { Value: device.id } }], { dryRun: false });
		expect(unconfirmed.items[0].json.error).toBe('Delete Device is destructive and not confirmed: nothing was sent');
		expect(sim.snapshot().requests).toBe(0);

		const confirmed = await remove([{ Id: { Value: device.id } }], { dryRun: false, confirmDestructive: 'Delete Device' });
		expect(confirmed.items[0].json).toEqual({ action: 'delete', device: { deviceId: String(device.id) }, deviceId: device.id, sent: `DELETE /api/mdm/devices/${device.id}`, status: 202 });
		expect(sim.commands.of(device.id)).toEqual(['Delete']);
		expect(sim.fleet.find('id', device.id)).toBeUndefined();

		const again = await remove([{ Id: { Value: device.id } }], { dryRun: false, confirmDestructive: 'delete device' });
		expect(again.items[0].json).toMatchObject({ error: `Device not found: no device with Device ID "${device.id}"`, errorCode: 5002 });
		const skipped = await remove([{ Id: { Value: device.id } }], { dryRun: false, confirmDestructive: 'delete device', options: { ifNotFound: 'skip' } });
		expect(skipped.items).toEqual([]);
	});

	it('refuses a run that would delete more devices than Max Devices Per Run before its first request', async () => {
		const devices = sim.fleet.devices.slice(0, 4);
		const result = await remove(devices.map((d) => ({ Id: { Value: d.id } })), { dryRun: false, confirmDestructive: 'Delete Device', maxDevicesPerRun: 3 });
		expect(new Set(json(result.items).map((item) => item.error))).toEqual(
			new Set(['Refused: this run would send a destructive action to 4 devices, more than Max Devices Per Run (3). Nothing was sent.']),
		);
		expect(sim.snapshot().requests).toBe(0);
		expect(sim.fleet.devices).toHaveLength(100);
	});
});

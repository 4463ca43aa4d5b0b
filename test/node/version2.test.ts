// Version 2 of the node against the simulator, through n8n's engine: pickers instead of typed IDs,
// Simplify on by default, and every default that reads the item before works with both shapes
// (UEM's record and the simplified one). Workflows saved with version 1 keep today's output.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startSimulator } from '../../simulator';
import { listSearch, pickerContext } from '../harness/pickers';
import { runWorkflow, simulatorCredentials } from '../harness/workflow';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

describe('version 2', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ devices: 300, seed: 41 });
	});
	afterAll(async () => await sim.close());

	const json = (items: INodeExecutionData[]) => items.map((item) => item.json);
	const search = { resource: 'device', operation: 'search', returnAll: false, limit: 3 };

	it("simplifies device records by default, and a Get Status after it reads each device with no expression typed", async () => {
		const result = await runWorkflow({
			steps: [
				{ name: 'Search', typeVersion: 2, parameters: search },
				{ name: 'Status', typeVersion: 2, parameters: { resource: 'profile', operation: 'getStatus' } },
			],
			credentials: simulatorCredentials(sim),
		});
		expect(result.error).toBeUndefined();
		const devices = json(result.outputs.Search);
		const first = sim.fleet.devices[0];
		expect(devices[0]).toEqual({
			deviceId: first.id,
			uuid: first.uuid,
			name: expect.stringContaining(first.serialNumber),
			serialNumber: first.serialNumber,
			udid: first.udid,
			userName: first.userName,
			userEmail: first.email,
			platform: first.platform,
			model: first.model,
			osVersion: expect.any(String),
			ownership: first.ownership,
			enrollmentStatus: 'Enrolled',
			complianceStatus: first.compliance,
			lastSeen: expect.any(String),
			organizationGroupId: first.groupId,
			organizationGroupName: expect.any(String),
		});
		const statusDevices = new Set(json(result.outputs.Status).map((item) => item.deviceId));
		expect([...statusDevices]).toEqual(devices.map((device) => device.deviceId));
	});

	it("keeps UEM's whole record with Simplify off, and in workflows saved with version 1", async () => {
		for (const step of [{ typeVersion: 2, parameters: { ...search, simplify: false } }, { typeVersion: 1, parameters: search }]) {
			const result = await runWorkflow({ steps: [step], credentials: simulatorCredentials(sim) });
			const record = json(result.items)[0];
			expect(record.Id).toEqual({ Value: sim.fleet.devices[0].id });
			expect(record.LocationGroupId).toMatchObject({ Id: { Value: sim.fleet.devices[0].groupId } });
		}
	});

	it.each([
		['list', (device: Simulator['fleet']['devices'][number]) => String(device.id)],
		['id', (device: Simulator['fleet']['devices'][number]) => String(device.id)],
		['serialNumber', (device: Simulator['fleet']['devices'][number]) => device.serialNumber],
		['uuid', (device: Simulator['fleet']['devices'][number]) => device.uuid],
	])('gets a device picked %s', async (mode, valueOf) => {
		const device = sim.fleet.devices[17];
		const result = await runWorkflow({
			steps: [{ typeVersion: 2, parameters: { resource: 'device', operation: 'get', device: { __rl: true, mode, value: valueOf(device) } } }],
			credentials: simulatorCredentials(sim),
		});
		expect(json(result.items)).toEqual([expect.objectContaining({ deviceId: device.id, serialNumber: device.serialNumber })]);
	});

	it('sends a command in bulk to the devices of a simplified search, reading each device from its item', async () => {
		const result = await runWorkflow({
			steps: [
				{ name: 'Search', typeVersion: 2, parameters: { ...search, limit: 5 } },
				{ name: 'Sync', typeVersion: 2, parameters: { resource: 'device', operation: 'sendCommand', command: 'SyncDevice', bulk: true } },
			],
			credentials: simulatorCredentials(sim),
		});
		expect(json(result.outputs.Sync).map((item) => [item.dryRun, item.deviceId, item.wouldSend])).toEqual(
			sim.fleet.devices.slice(0, 5).map((device) => [true, device.id, 'POST /api/mdm/devices/commands/bulk?command=SyncDevice&searchby=DeviceId']),
		);
	});

	describe('the Device picker', () => {
		const context = () => pickerContext(simulatorCredentials(sim));

		it('lists every device a page at a time, each by its name, serial number and user', async () => {
			const first = await listSearch('searchDevices', context());
			expect(first.results).toHaveLength(50);
			const device = sim.fleet.devices[0];
			expect(first.results[0]).toEqual({ name: expect.stringContaining(`${device.serialNumber} · ${device.userName}`), value: String(device.id) });
			expect(first.paginationToken).toBe('1');
			const last = await listSearch('searchDevices', context(), undefined, '5');
			expect(last.results.map((entry) => entry.value)).toEqual(sim.fleet.devices.slice(250, 300).map((d) => String(d.id)));
			expect(last.paginationToken).toBeUndefined();
		});

		it('finds a device by its serial number, and the devices of a user by name', async () => {
			const device = sim.fleet.devices[123];
			const bySerial = await listSearch('searchDevices', context(), device.serialNumber);
			expect(bySerial.results[0].value).toBe(String(device.id));
			const byUser = await listSearch('searchDevices', context(), device.userName);
			const theirs = sim.fleet.devices.filter((candidate) => candidate.userName.toLowerCase().includes(device.userName.toLowerCase()));
			expect(byUser.results.map((entry) => entry.value)).toEqual(theirs.map((d) => String(d.id)));
		});
	});

	it('refuses a picked device that an expression leaves empty before any request, on that item only', async () => {
		const device = sim.fleet.devices[9];
		const before = sim.snapshot().requests;
		const result = await runWorkflow({
			steps: [{ typeVersion: 2, continueOnFail: true, parameters: { resource: 'device', operation: 'get', device: { __rl: true, mode: 'serialNumber', value: '={{ $json.serial }}' } } }],
			credentials: simulatorCredentials(sim),
			input: [{ serial: device.serialNumber }, { name: 'no serial here' }],
		});
		expect(json(result.items).map((item: IDataObject) => item.serialNumber ?? item.error)).toEqual([device.serialNumber, 'Serial Number is empty']);
		expect(sim.snapshot().requests).toBe(before + 1);
	});
});

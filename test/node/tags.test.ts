// Tag › Search, List Devices, Add Devices and Remove Devices through n8n's engine against the
// simulator: tag writes go out in bulk calls of up to 500 device ids, each sent once, each
// device's outcome on its own item, a dry run by default.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startSimulator } from '../../simulator';
import { useFastRetries } from '../harness/fastRetries';
import { runWorkflow, simulatorCredentials } from '../harness/workflow';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

describe('Tag', () => {
	useFastRetries();
	let sim: Simulator;
	beforeEach(async () => {
		sim = await startSimulator({ devices: 1200, seed: 17 });
	});
	afterEach(async () => await sim.close());

	const run = async (operation: string, input: Array<Record<string, unknown>>, parameters: Record<string, unknown> = {}) =>
		await runWorkflow({
			steps: [{ parameters: { resource: 'tag', operation, options: { requestsPerMinute: 0 }, ...parameters }, continueOnFail: true }],
			credentials: simulatorCredentials(sim),
			input,
		});
	const json = (items: INodeExecutionData[]) => items.map((item) => item.json);
	const tagNamed = (name: string) => {
		const tag = sim.fleet.tags.find((candidate) => candidate.name === name);
		if (!tag) throw new Error(`the simulator has no tag ${name}`);
		return tag;
	};

	it('searches the tags of an organization group by name, each with its tagId', async () => {
		const emea = tagNamed('GDPR Hold');
		const all = await run('search', [{}], { organizationGroupId: emea.groupId, returnAll: true });
		const visible = sim.fleet.tagsVisibleIn(emea.groupId);
		expect(json(all.items).map((tag) => [tag.tagId, tag.TagName])).toEqual(visible.map((tag) => [tag.id, tag.name]));
		expect(visible.map((tag) => tag.name)).toContain('Offboarding');

		const byName = await run('search', [{}], { organizationGroupId: emea.groupId, name: 'gdpr', returnAll: true });
		expect(json(byName.items).map((tag) => tag.tagId)).toEqual([emea.id]);
	});

	it("lists a tag's devices, and an unknown tag is UEM's error on its item only", async () => {
		const tag = tagNamed('Offboarding');
		const expected = sim.fleet.devicesOfTag(tag).map((device) => device.id);
		expect(expected.length).toBeGreaterThan(0);
		const result = await run('listDevices', [{ tag: tag.id }, { tag: 99 }, { tag: 'vip' }], { tagId: '={{ $json.tag }}', returnAll: true });
		const items = json(result.items);
		expect(items.slice(0, expected.length).map((device) => [device.tagId, device.DeviceId])).toEqual(expected.map((id) => [tag.id, id]));
		expect(items[expected.length]).toMatchObject({ errorCode: 5071, httpCode: 404 });
		expect(items[expected.length + 1].error).toBe('Tag ID must be a whole number, got "vip"');
	});

	it('shows the bulk calls in a dry run, the default, and sends nothing', async () => {
		const tag = tagNamed('Needs Attention');
		const devices = sim.fleet.devices.slice(0, 3);
		const result = await run('addDevices', devices.map((device) => ({ Id: { Value: device.id } })), { tagId: String(tag.id) });
		expect(json(result.items)).toEqual(
			devices.map((device) => ({ dryRun: true, action: 'add', tagId: tag.id, device: { deviceId: String(device.id) }, deviceId: device.id, wouldSend: `POST /api/mdm/tags/${tag.id}/adddevices`, inBulkOf: 3 })),
		);
		expect(sim.snapshot().requests).toBe(0);
	});

	it("tags 1,200 devices in 3 calls, each once, and reports each device's outcome, UEM's per-value faults included", async () => {
		const tag = tagNamed('Kiosk');
		sim.faults.config.bulkValueFaultRate = 0.02;
		const devices = sim.fleet.devices;
		// One device twice: listed once, both items report it.
		const input = [...devices.map((device) => ({ Id: { Value: device.id } })), { Id: { Value: devices[0].id } }, { Id: { Value: 999_999 } }, { Id: { Value: 'x' } }];
		const result = await run('addDevices', input, { tagId: String(tag.id), dryRun: false });
		expect(sim.snapshot().byRoute).toEqual({ tagAddDevices: 3 });

		const items = json(result.items);
		expect(items).toHaveLength(input.length);
		expect(items[devices.length + 1]).toMatchObject({ error: `Add to Tag ${tag.id}: Device ID 999999: UEM did not carry it out (error 5002, Device not found.)`, errorCode: 5002 });
		expect(items[devices.length + 2].error).toBe('Device ID must be a whole number, got "x"');
		expect(items[devices.length]).toEqual(items[0]);

		const tagWrites = sim.commands.entries.filter((entry) => entry.command === `AddTag:${tag.id}`);
		const received = new Set(tagWrites.map((entry) => entry.deviceId));
		expect(tagWrites).toHaveLength(received.size);
		const faulted = devices.filter((_device, index) => items[index].error !== undefined);
		expect(faulted.length).toBeGreaterThan(5);
		expect(received.size + faulted.length).toBe(devices.length);
		const tagged = new Set(sim.fleet.devicesOfTag(tag).map((device) => device.id));
		for (const [index, device] of devices.entries()) {
			const item = items[index] as IDataObject;
			if (item.error !== undefined) {
				expect(received.has(device.id)).toBe(false);
				continue;
			}
			expect(item).toEqual({ action: 'add', tagId: tag.id, device: { deviceId: String(device.id) }, deviceId: device.id, sent: `POST /api/mdm/tags/${tag.id}/adddevices`, status: 200, inBulkOf: expect.any(Number) });
			expect(tagged.has(device.id)).toBe(true);
		}
	});

	it('takes a tag off devices named by serial number: their ids read first, one call', async () => {
		const tag = tagNamed('Offboarding');
		const devices = sim.fleet.devicesOfTag(tag).slice(0, 2);
		const result = await run('removeDevices', devices.map((device) => ({ serial: device.serialNumber })), {
			tagId: String(tag.id),
			deviceIdType: 'serialNumber',
			deviceIdValue: '={{ $json.serial }}',
			dryRun: false,
		});
		expect(json(result.items)).toEqual(devices.map((device) => expect.objectContaining({ action: 'remove', deviceId: device.id, status: 200, inBulkOf: 2 })));
		expect(sim.snapshot().byRoute).toEqual({ deviceLookup: 2, tagRemoveDevices: 1 });
		const still = new Set(sim.fleet.devicesOfTag(tag).map((device) => device.id));
		for (const device of devices) expect(still.has(device.id)).toBe(false);
	});

	it('says "outcome unknown" for every device of a tag call whose answer was lost, and sends it once', async () => {
		const tag = tagNamed('VIP');
		const devices = sim.fleet.devices.slice(0, 10);
		sim.faults.config.dropAfterWriteRate = 1;
		const result = await run('addDevices', devices.map((device) => ({ Id: { Value: device.id } })), { tagId: String(tag.id), dryRun: false });
		expect(json(result.items)).toEqual(
			devices.map((device) => expect.objectContaining({ error: expect.stringMatching(new RegExp(`^Add to Tag ${tag.id}: Device ID ${device.id}: Outcome unknown`)), outcome: 'unknown' })),
		);
		expect(sim.snapshot().byRoute).toEqual({ tagAddDevices: 1 });
		expect(sim.commands.entries.filter((entry) => entry.command === `AddTag:${tag.id}`)).toHaveLength(devices.length);
	});
});

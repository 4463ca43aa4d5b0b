// Version 2 of the node against the simulator, through n8n's engine: pickers instead of typed IDs,
// Simplify on by default, and every default that reads the item before works with both shapes
// (UEM's record and the simplified one). Workflows saved with version 1 keep today's output.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startSimulator } from '../../simulator';
import { listSearch, loadOptions, pickerContext } from '../harness/pickers';
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
			expect(first.results[0]).toEqual({ name: `${device.userName} ${device.model} ${device.serialNumber}`, value: String(device.id) });
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

	describe('the Organization Group, Profile and Tag pickers', () => {
		const context = (parameters = {}) => pickerContext(simulatorCredentials(sim), parameters);

		it('lists organization groups by name, each by its numeric id', async () => {
			const all = await listSearch('searchOrganizationGroups', context());
			expect(all.results.map((entry) => [entry.name, entry.value])).toEqual(sim.fleet.groups.map((group) => [`${group.name} (${group.name.toLowerCase()})`, String(group.id)]));
			const emea = await listSearch('searchOrganizationGroups', context(), 'em');
			expect(emea.results.map((entry) => entry.value)).toEqual(['571']);
		});

		it('lists profiles by name with their platforms, each by its numeric id; loads names and UUIDs for Get Fleet Status', async () => {
			const profile = sim.fleet.profiles[2];
			const found = await listSearch('searchProfiles', context(), profile.name.slice(0, 6));
			expect(found.results).toContainEqual({ name: `${profile.name} (${profile.platforms.join(',')})`, value: String(profile.id) });
			const names = await loadOptions('getProfileNames', context());
			expect(names.map((option) => option.value)).toEqual([...new Set(sim.fleet.profiles.map((p) => p.name))].sort((a, b) => a.localeCompare(b)));
			const byUuid = await loadOptions('getProfiles', context());
			expect(byUuid.map((option) => option.value).sort()).toEqual(sim.fleet.profiles.map((p) => p.uuid).sort());
		});

		it("lists the tags of the node's organization group, or the OAuth client's", async () => {
			const emea = 571;
			const inEmea = await listSearch('searchTags', context({ organizationGroup: { __rl: true, mode: 'list', value: String(emea) } }));
			expect(inEmea.results.map((entry) => entry.value)).toEqual(sim.fleet.tagsVisibleIn(emea).map((tag) => String(tag.id)));
			const own = await listSearch('searchTags', context());
			expect(own.results.map((entry) => entry.value)).toEqual(sim.fleet.tagsVisibleIn(570).map((tag) => String(tag.id)));
		});
	});

	it('reads a picked organization group, profile and tag in the operations that take them', async () => {
		const emea = 571;
		const profile = sim.fleet.profiles[0];
		const device = sim.fleet.devices.find((candidate) => candidate.groupId === emea)!;
		const tag = sim.fleet.tagsVisibleIn(emea)[0];
		const picked = (value: number | string) => ({ __rl: true, mode: 'list', value: String(value) });
		const result = await runWorkflow({
			steps: [
				{ name: 'Search', typeVersion: 2, parameters: { resource: 'device', operation: 'search', returnAll: true, filters: { organizationGroup: picked(emea) } } },
				{ name: 'Tags', typeVersion: 2, parameters: { resource: 'tag', operation: 'search', organizationGroup: picked(emea), returnAll: true } },
				{ name: 'Install', typeVersion: 2, parameters: { resource: 'profile', operation: 'installOnDevice', profile: picked(profile.id), device: { __rl: true, mode: 'id', value: String(device.id) } } },
				{ name: 'Tag it', typeVersion: 2, parameters: { resource: 'tag', operation: 'addDevices', tag: picked(tag.id), device: { __rl: true, mode: 'id', value: String(device.id) } } },
			],
			credentials: simulatorCredentials(sim),
		});
		expect(result.error).toBeUndefined();
		const inEmea = sim.fleet.devices.filter((candidate) => sim.fleet.groupAndChildren(emea).has(candidate.groupId));
		expect(json(result.outputs.Search).map((item) => item.deviceId)).toEqual(inEmea.map((candidate) => candidate.id));
		expect(new Set(json(result.outputs.Tags).map((item) => item.tagId))).toEqual(new Set(sim.fleet.tagsVisibleIn(emea).map((t) => t.id)));
		expect(json(result.outputs.Install)[0]).toMatchObject({ dryRun: true, wouldSend: `POST /api/mdm/profiles/${profile.id}/install` });
		expect(json(result.outputs['Tag it'])[0]).toMatchObject({ dryRun: true, wouldSend: `POST /api/mdm/tags/${tag.id}/adddevices` });
	});

	it('reports the fleet status of profiles picked by name', async () => {
		const profile = sim.fleet.profiles.find((candidate) => sim.fleet.notInstalled().some((pair) => pair.profileId === candidate.id))!;
		const result = await runWorkflow({
			steps: [{ typeVersion: 2, parameters: { resource: 'profile', operation: 'getFleetStatus', profiles: 'byName', profileNames: [profile.name] } }],
			credentials: simulatorCredentials(sim),
		});
		const expected = sim.fleet.notInstalled().filter((pair) => sim.fleet.profiles.find((p) => p.id === pair.profileId)?.name === profile.name);
		expect(result.items.length).toBe(expected.length);
		expect(new Set(json(result.items).map((item) => item.name))).toEqual(new Set([profile.name]));
	});

	it("leaves UEM's raw record out of profile status items by default; Simplify off and version 1 keep it", async () => {
		const device = sim.fleet.devices.find((candidate) => candidate.assignments.some((assignment) => assignment.status !== 3))!;
		const bySerial = { __rl: true, mode: 'serialNumber', value: device.serialNumber };
		const status = (typeVersion: number, extra = {}) => ({
			typeVersion,
			parameters: { resource: 'profile', operation: 'getStatus', device: bySerial, deviceIdType: 'serialNumber', deviceIdValue: device.serialNumber, ...extra },
		});
		const fleet = (extra = {}) => ({ typeVersion: 2, parameters: { resource: 'profile', operation: 'getFleetStatus', ...extra } });
		const readable = (items: INodeExecutionData[]) => json(items).map((item) => [item.deviceId, item.profileId, item.name, item.status, item.installed]);

		const [simplified, whole, v1, fleetSimplified, fleetWhole] = await Promise.all(
			[status(2), status(2, { simplify: false }), status(1), fleet(), fleet({ simplify: false })].map(async (step) => await runWorkflow({ steps: [step], credentials: simulatorCredentials(sim) })),
		);
		expect(readable(simplified.items)).toEqual(device.assignments.map((a) => [device.id, a.profile.id, a.profile.name, expect.any(String), a.status === 3]));
		expect(json(simplified.items).filter((item) => 'raw' in item)).toEqual([]);
		for (const kept of [whole, v1]) {
			expect(readable(kept.items)).toEqual(readable(simplified.items));
			expect(json(kept.items).map((item) => (item.raw as IDataObject).Status)).toEqual(device.assignments.map((a) => a.status));
		}
		expect(fleetSimplified.items.length).toBe(sim.fleet.notInstalled().length);
		expect(readable(fleetSimplified.items)).toEqual(readable(fleetWhole.items));
		expect(json(fleetSimplified.items).filter((item) => 'raw' in item)).toEqual([]);
		expect(json(fleetWhole.items).every((item) => typeof item.raw === 'object' && item.raw !== null)).toBe(true);
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

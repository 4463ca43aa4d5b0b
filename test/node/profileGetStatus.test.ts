// Profile → Get Status through n8n's engine: one item per profile, filters, no profiles, not found.
import { startSimulator } from '../../simulator';
import { runWorkflow, simulatorCredentials } from '../harness/workflow';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

describe('Profile → Get Status', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ devices: 400, seed: 21 });
	});
	afterAll(async () => await sim.close());
	beforeEach(() => sim.resetCounters());

	// No client-side rate limit: these runs are about what comes out (the limit has tests of its own).
	const status = async (input: Array<Record<string, unknown>>, parameters: Record<string, unknown> = {}, continueOnFail = false) =>
		await runWorkflow({
			steps: [
				{
					parameters: { resource: 'profile', operation: 'getStatus', ...parameters, options: { requestsPerMinute: 0, ...(parameters.options as object) } },
					continueOnFail,
				},
			],
			credentials: simulatorCredentials(sim),
			input,
		});

	it('reads the device ID from a device search item by default and outputs one item per profile', async () => {
		const device = sim.fleet.devices[17];
		const result = await status([{ Id: { Value: device.id }, SerialNumber: device.serialNumber }]);
		expect(result.items.map((item) => item.json.profileId)).toEqual(device.assignments.map((a) => a.profile.id));
		const first = result.items[0].json;
		const assignment = device.assignments[0];
		expect(first).toMatchObject({
			deviceId: device.id,
			deviceUuid: device.uuid,
			deviceName: expect.stringContaining(device.serialNumber),
			profileId: assignment.profile.id,
			profileUuid: assignment.profile.uuid,
			name: assignment.profile.name,
			statusCode: assignment.status,
			installed: assignment.status === 3,
			raw: { Status: assignment.status, Name: assignment.profile.name },
		});
		expect(sim.snapshot().byVersion.deviceProfiles).toEqual({ 1: 1 });
	});

	it('outputs only profiles that are not installed across many devices, matching the fleet exactly', async () => {
		const devices = sim.fleet.devices.slice(0, 300);
		const result = await status(devices.map((d) => ({ Id: { Value: d.id } })), { options: { onlyNotInstalled: true } });
		const expected = sim.fleet
			.notInstalled()
			.filter((f) => devices.some((d) => d.id === f.deviceId))
			.map((f) => `${f.deviceId}/${f.profileId}/${f.statusCode}`);
		expect(result.items.map((item) => `${item.json.deviceId}/${item.json.profileId}/${item.json.statusCode}`)).toEqual(expected);
		expect(expected.length).toBeGreaterThan(10);
		expect(sim.snapshot().byRoute.deviceProfiles).toBe(300);
	});

	it('filters by status names and by profile name', async () => {
		const devices = sim.fleet.devices.slice(0, 200);
		const byStatus = await status(devices.map((d) => ({ Id: { Value: d.id } })), { options: { statuses: ['PendingInstall', 'Corrupted'] } });
		const byName = await status(devices.map((d) => ({ Id: { Value: d.id } })), { options: { profileName: 'wi-fi' } });
		expect(byStatus.items.every((item) => ['PendingInstall', 'Corrupted'].includes(item.json.status as string))).toBe(true);
		expect(byStatus.items.length).toBe(devices.flatMap((d) => d.assignments).filter((a) => a.status === 1 || a.status === 9).length);
		expect(byName.items).toHaveLength(devices.length);
		expect(byName.items.every((item) => item.json.name === 'Wi-Fi - Corporate')).toBe(true);
	});

	it('looks a device up by serial number and by EAS ID (which takes a device lookup first)', async () => {
		const device = sim.fleet.devices.find((d) => d.easId !== '')!;
		const bySerial = await status([{}], { deviceIdType: 'serialNumber', deviceIdValue: device.serialNumber });
		const byEas = await status([{}], { deviceIdType: 'easId', deviceIdValue: device.easId });
		expect(bySerial.items.map((item) => item.json.profileId)).toEqual(device.assignments.map((a) => a.profile.id));
		expect(byEas.items.map((item) => item.json.deviceId)).toEqual(device.assignments.map(() => device.id));
		expect(sim.snapshot().byRoute).toMatchObject({ deviceProfilesByAlternateId: 1, deviceLookup: 1, deviceProfiles: 1 });
	});

	it('outputs nothing, or one "no profiles" item, for a device without profiles (204)', async () => {
		const bare = sim.fleet.enrol({ platform: 'ChromeOS' });
		const quiet = await status([{ Id: { Value: bare.id } }]);
		const said = await status([{ Id: { Value: bare.id } }], { options: { noProfiles: 'item' } });
		expect(quiet.error).toBeUndefined();
		expect(quiet.items).toEqual([]);
		expect(said.items.map((item) => item.json)).toEqual([
			{ deviceId: bare.id, deviceName: null, lookup: { deviceId: String(bare.id) }, noProfiles: true, profiles: 0 },
		]);
	});

	it('says which device was not found, per item', async () => {
		const result = await status([{ Id: { Value: 987654 } }, { Id: { Value: sim.fleet.devices[0].id } }], {}, true);
		expect(result.items[0].json).toMatchObject({ error: 'Device not found: no device with Device ID "987654"', errorCode: 5002 });
		expect(result.items.slice(1).every((item) => item.json.deviceId === sim.fleet.devices[0].id)).toBe(true);
	});

	it('reads statuses sent as the spec\'s string enum, and keeps unknown codes', async () => {
		const device = sim.fleet.devices[30];
		sim.settings.profileStatusAsString = true;
		try {
			const asStrings = await status([{ Id: { Value: device.id } }]);
			expect(asStrings.items.map((item) => item.json.statusCode)).toEqual(device.assignments.map((a) => a.status));
		} finally {
			sim.settings.profileStatusAsString = false;
		}
		sim.fleet.setProfileStatus(device.id, device.assignments[0].profile.id, 12);
		const unknown = await status([{ Id: { Value: device.id } }]);
		expect(unknown.items[0].json).toMatchObject({ statusCode: 12, status: 'Unrecognised (12)', installed: false });
	});

	it('says clearly when the Device field resolves to nothing (no device search before it)', async () => {
		const result = await status([{ name: 'not a device' }], {}, true);
		expect(result.items[0].json.error).toBe('Device ID is empty');
		expect(result.items[0].json.description).toContain('check that the input item has that field');
	});
});

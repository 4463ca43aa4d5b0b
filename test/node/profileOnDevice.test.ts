// Profile › Install on Device and Remove From Device through n8n's engine against the simulator:
// Get Fleet Status → Install on Device re-pushes every failure with no expression typed, once
// each, and the next report finds none of them; errors name the profile and the device.
import type { INodeExecutionData } from 'n8n-workflow';

import { startSimulator } from '../../simulator';
import { useFastRetries } from '../harness/fastRetries';
import { runWorkflow, simulatorCredentials, type UemStep } from '../harness/workflow';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

const fleetStatus: UemStep = { name: 'Profiles not installed', parameters: { resource: 'profile', operation: 'getFleetStatus', options: { requestsPerMinute: 0 } } };
const install = (parameters: Record<string, unknown> = {}): UemStep => ({
	name: 'Install on Device',
	parameters: { resource: 'profile', operation: 'installOnDevice', dryRun: false, options: { requestsPerMinute: 0 }, ...parameters },
	continueOnFail: true,
});

describe('Profile › Install on Device and Remove From Device', () => {
	useFastRetries();
	let sim: Simulator;
	beforeEach(async () => {
		sim = await startSimulator({ devices: 300, seed: 17 });
	});
	afterEach(async () => await sim.close());

	const run = async (steps: UemStep[], input?: Array<Record<string, unknown>>) =>
		await runWorkflow({ steps, credentials: simulatorCredentials(sim), input });
	const json = (items: INodeExecutionData[]) => items.map((item) => item.json);

	it('re-pushes every failure of a Get Fleet Status once, with no expression typed; the next report finds none of them', async () => {
		const failing = sim.fleet.notInstalled();
		expect(failing.length).toBeGreaterThan(5);
		const result = await run([fleetStatus, install()]);
		expect(result.error).toBeUndefined();
		const expected = failing.map((pair) => ({
			action: 'install',
			profileId: pair.profileId,
			device: { deviceId: String(pair.deviceId) },
			deviceId: pair.deviceId,
			sent: `POST /api/mdm/profiles/${pair.profileId}/install`,
			body: { DeviceId: pair.deviceId },
			status: 202,
		}));
		const byPair = (a: { deviceId?: unknown; profileId?: unknown }, b: { deviceId?: unknown; profileId?: unknown }) =>
			Number(a.deviceId) - Number(b.deviceId) || Number(a.profileId) - Number(b.profileId);
		expect(json(result.items).sort(byPair)).toEqual(expected.sort(byPair));
		expect(sim.commands.entries.map((entry) => `${entry.deviceId}:${entry.command}`).sort()).toEqual(
			failing.map((pair) => `${pair.deviceId}:InstallProfile:${pair.profileId}`).sort(),
		);

		const next = await run([fleetStatus]);
		expect(next.items).toEqual([]);
	});

	it('sends nothing in a dry run, and shows the request and its body', async () => {
		const [pair] = sim.fleet.notInstalled();
		const device = sim.fleet.find('id', pair.deviceId)!;
		const result = await run([install({ dryRun: true, profileId: String(pair.profileId), deviceIdType: 'serialNumber', deviceIdValue: device.serialNumber })]);
		expect(json(result.items)).toEqual([
			{ dryRun: true, action: 'install', profileId: pair.profileId, device: { serialNumber: device.serialNumber }, wouldSend: `POST /api/mdm/profiles/${pair.profileId}/install`, body: { SerialNumber: device.serialNumber } },
		]);
		expect(sim.snapshot().requests).toBe(0);
	});

	it('removes a profile from a device found by IMEI (read first), and Get Status then shows it removed', async () => {
		const device = sim.fleet.devices.find((d) => d.imei !== '' && d.assignments.length > 0)!;
		const { profile } = device.assignments[0];
		const result = await run([install({ operation: 'removeFromDevice', profileId: String(profile.id), deviceIdType: 'imei', deviceIdValue: device.imei })]);
		expect(result.items[0].json).toMatchObject({ action: 'remove', deviceId: device.id, body: { DeviceId: device.id }, status: 202 });
		expect(sim.commands.of(device.id)).toEqual([`RemoveProfile:${profile.id}`]);
		const status = await run([{ parameters: { resource: 'profile', operation: 'getStatus', deviceIdType: 'deviceId', deviceIdValue: String(device.id) } }]);
		expect(status.items.find((item) => item.json.profileId === profile.id)?.json.status).toBe('ConfirmedRemoval');
	});

	it("gives UEM's error to the item it concerns, naming the profile and the device; the others go on", async () => {
		const device = sim.fleet.devices[0];
		const assigned = device.assignments[0].profile;
		const unassigned = sim.fleet.profiles.find((profile) => !device.assignments.some((a) => a.profile === profile))!;
		const result = await run(
			[install({ profileId: '={{ $json.profileId }}', deviceIdValue: '={{ $json.deviceId }}' })],
			[
				{ profileId: unassigned.id, deviceId: device.id },
				{ profileId: 999, deviceId: device.id },
				{ profileId: assigned.id, deviceId: 999_999 },
				{ profileId: 'wifi', deviceId: device.id },
				{ profileId: assigned.id, deviceId: device.id },
			],
		);
		expect(json(result.items)).toEqual([
			expect.objectContaining({ error: `Install Profile ${unassigned.id} on Device ID ${device.id}: UEM refused the request (HTTP 400: error 1001, The profile ${unassigned.name} is not assigned to this device.)` }),
			expect.objectContaining({ error: `Install Profile 999 on Device ID ${device.id}: UEM found nothing at /api/mdm/profiles/999/install (HTTP 404: error 5061, Profile not found.)`, httpCode: 404 }),
			expect.objectContaining({ error: 'Device not found: no device with Device ID "999999"', errorCode: 5002 }),
			expect.objectContaining({ error: 'Profile ID must be a whole number, got "wifi"' }),
			expect.objectContaining({ action: 'install', status: 202 }),
		]);
		expect(sim.commands.entries.map((entry) => entry.command)).toEqual([`InstallProfile:${assigned.id}`]);
	});

	it('says "outcome unknown", naming the profile and the device, when the answer is lost after UEM carried it out', async () => {
		const [pair] = sim.fleet.notInstalled();
		sim.faults.config.dropAfterWriteRate = 1;
		const result = await run([install({ profileId: String(pair.profileId), deviceIdValue: String(pair.deviceId) })]);
		expect(result.items[0].json).toMatchObject({
			error: `Install Profile ${pair.profileId} on Device ID ${pair.deviceId}: Outcome unknown: POST /api/mdm/profiles/${pair.profileId}/install got no answer (the connection dropped)`,
			outcome: 'unknown',
		});
		expect(sim.commands.of(pair.deviceId)).toEqual([`InstallProfile:${pair.profileId}`]);
	});
});

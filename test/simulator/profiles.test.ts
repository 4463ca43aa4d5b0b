// The simulator's profile endpoints: per device (by id and alternate id), search, per profile.
import { startSimulator } from '../../simulator';
import { api, fetchToken } from '../harness/uemClient';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

describe('simulator profiles', () => {
	let sim: Simulator;
	let token: string;
	beforeAll(async () => {
		sim = await startSimulator({ devices: 1500, seed: 3 });
		token = (await fetchToken(sim)).json.access_token as string;
	});
	afterAll(async () => await sim.close());

	it('lists the profiles of a device with integer statuses that match the fleet', async () => {
		const device = sim.fleet.devices[42];
		const answer = await api(sim, `/api/mdm/devices/${device.id}/profiles`, token);
		expect(answer.json.DeviceId).toMatchObject({ Id: { Value: device.id }, Uuid: device.uuid });
		expect(answer.json.Total).toBe(device.assignments.length);
		expect(answer.json.DeviceProfiles?.map((p) => [p.Id.Value, p.Status])).toEqual(
			device.assignments.map((a) => [a.profile.id, a.status]),
		);
	});

	it('pages the profiles of a device and answers 204 past the end', async () => {
		const device = sim.fleet.devices[0];
		const page0 = await api(sim, `/api/mdm/devices/${device.id}/profiles?page=0&pagesize=2`, token);
		const beyond = await api(sim, `/api/mdm/devices/${device.id}/profiles?page=50&pagesize=2`, token);
		expect(page0.json.DeviceProfiles).toHaveLength(2);
		expect(page0.json.Total).toBe(device.assignments.length);
		expect(beyond.status).toBe(204);
	});

	it('can send Status as the spec string enum instead of the integer', async () => {
		sim.settings.profileStatusAsString = true;
		try {
			const device = sim.fleet.devices[5];
			const answer = await api(sim, `/api/mdm/devices/${device.id}/profiles`, token);
			expect(answer.json.DeviceProfiles?.every((p) => typeof p.Status === 'string')).toBe(true);
			expect(answer.json.DeviceProfiles?.[0].Status).toBe(
				{ 3: 'ConfirmedInstall', 1: 'PendingInstall' }[device.assignments[0].status] ?? answer.json.DeviceProfiles?.[0].Status,
			);
		} finally {
			sim.settings.profileStatusAsString = false;
		}
	});

	it('answers 204 for a device without profiles, 404 5002 for an unknown one, 422 for a non-numeric id', async () => {
		const bare = sim.fleet.enrol({ platform: 'ChromeOS' });
		expect((await api(sim, `/api/mdm/devices/${bare.id}/profiles`, token)).status).toBe(204);
		expect((await api(sim, '/api/mdm/devices/424242/profiles', token)).json.errorCode).toBe(5002);
		expect((await api(sim, '/api/mdm/devices/abc/profiles', token)).status).toBe(422);
	});

	it('lists profiles by alternate id with camelCase searchBy, and refuses EasId there (422 5003)', async () => {
		const device = sim.fleet.devices[7];
		const bySerial = await api(sim, `/api/mdm/devices/profiles?searchBy=Serialnumber&id=${device.serialNumber}`, token);
		const byUdid = await api(sim, `/api/mdm/devices/profiles?searchBy=Udid&id=${device.udid}`, token);
		const byEas = await api(sim, `/api/mdm/devices/profiles?searchBy=EasId&id=${device.easId}`, token);
		expect(bySerial.json.DeviceId?.Id.Value).toBe(device.id);
		expect(byUdid.json.DeviceProfiles).toHaveLength(device.assignments.length);
		expect(byEas.status).toBe(422);
		expect(byEas.json.errorCode).toBe(5003);
	});

	it('searches the profile catalogue', async () => {
		const all = await api(sim, '/api/mdm/profiles/search', token);
		const vpn = await api(sim, '/api/mdm/profiles/search?searchtext=vpn', token);
		expect(all.json.Total).toBe(sim.fleet.profiles.length);
		expect(vpn.json.ProfileList?.map((p) => p.ProfileName)).toEqual(['VPN - Always On', 'Per-App VPN - Sales']);
		expect((await api(sim, '/api/mdm/profiles/search?searchtext=nothing-like-this', token)).status).toBe(204);
	});

	it('lists the devices where a profile is not installed, paged, matching the fleet', async () => {
		const profile = sim.fleet.profiles.find((p) => p.name === 'Wi-Fi - Corporate')!;
		const expected = sim.fleet.devicesForProfile(profile, false).map((d) => d.id);
		const ids: number[] = [];
		for (let page = 0; page < 20; page++) {
			const answer = await api(sim, `/api/mdm/profiles/${profile.uuid}/devices?profilestatus=NOT_INSTALLED&page=${page}&pagesize=20`, token);
			if (answer.status === 204) break;
			expect(answer.json.TotalResults).toBe(expected.length);
			ids.push(...(answer.json.profileAssignedDevices ?? []).map((d) => d.id));
		}
		expect(expected.length).toBeGreaterThan(20);
		expect(ids).toEqual(expected);
		const failures = sim.fleet.notInstalled().filter((f) => f.profileId === profile.id).map((f) => f.deviceId);
		expect(ids).toEqual(failures);
	});

	it('summarises a profile, and refuses a bad profilestatus', async () => {
		const profile = sim.fleet.profiles[0];
		const summary = await api(sim, `/api/mdm/profiles/${profile.uuid}/summary`, token);
		expect(summary.json.assigned).toBe((summary.json.installed ?? 0) + (summary.json.not_installed ?? 0));
		expect(summary.json.not_installed).toBe(sim.fleet.devicesForProfile(profile, false).length);
		expect((await api(sim, `/api/mdm/profiles/${profile.uuid}/devices?profilestatus=MAYBE`, token)).status).toBe(422);
	});

	it('plays an older tenant without the per-profile endpoints (404)', async () => {
		sim.settings.profileEndpoints = false;
		try {
			const profile = sim.fleet.profiles[0];
			const answer = await api(sim, `/api/mdm/profiles/${profile.uuid}/devices?profilestatus=NOT_INSTALLED`, token);
			expect(answer.status).toBe(404);
		} finally {
			sim.settings.profileEndpoints = true;
		}
	});

	it('reflects status changes made by a test (a profile that starts failing)', async () => {
		const device = sim.fleet.devices[100];
		const profileId = device.assignments[0].profile.id;
		sim.fleet.setProfileStatus(device.id, profileId, 9);
		const answer = await api(sim, `/api/mdm/devices/${device.id}/profiles`, token);
		expect(answer.json.DeviceProfiles?.find((p) => p.Id.Value === profileId)?.Status).toBe(9);
		expect(sim.fleet.notInstalled().some((f) => f.deviceId === device.id && f.profileId === profileId)).toBe(true);
	});
});

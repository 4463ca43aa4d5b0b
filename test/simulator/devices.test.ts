// The simulator's device endpoints: search with UEM's parameters and paging, lookups, versions.
import { startSimulator } from '../../simulator';
import { api, call, fetchToken, type UemDevice } from '../harness/uemClient';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

describe('simulator devices', () => {
	let sim: Simulator;
	let token: string;
	beforeAll(async () => {
		sim = await startSimulator({ devices: 1234, seed: 7 });
		token = (await fetchToken(sim)).json.access_token as string;
	});
	afterAll(async () => await sim.close());

	const search = async (query: string, version = 1) =>
		await api(sim, `/api/mdm/devices/search${query ? `?${query}` : ''}`, token, version);

	async function searchAll(query: string): Promise<UemDevice[]> {
		const devices: UemDevice[] = [];
		for (let page = 0; page < 100; page++) {
			const answer = await search(`${query}&page=${page}&pagesize=500`);
			if (answer.status === 204) break;
			devices.push(...(answer.json.Devices ?? []));
			if ((page + 1) * 500 >= (answer.json.Total ?? 0)) break;
		}
		return devices;
	}

	it('pages the whole fleet 0-based with Total, and the pages add up to the fleet without repeats', async () => {
		const first = await search('page=0&pagesize=500');
		const last = await search('page=2&pagesize=500');
		const all = await searchAll('');
		expect(first.json).toMatchObject({ Page: 0, PageSize: 500, Total: 1234 });
		expect(first.json.Devices).toHaveLength(500);
		expect(last.json.Devices).toHaveLength(234);
		expect(new Set(all.map((d) => d.Id.Value)).size).toBe(1234);
		expect(all.map((d) => d.Id.Value).sort((a, b) => a - b)).toEqual(sim.fleet.devices.map((d) => d.id));
	});

	it('caps the page size at 500 and defaults to 500', async () => {
		const big = await search('pagesize=2000');
		const defaulted = await search('');
		expect(big.json.PageSize).toBe(500);
		expect(big.json.Devices).toHaveLength(500);
		expect(defaulted.json.PageSize).toBe(500);
	});

	it('answers 204 with an empty body when nothing matches, and past the last page', async () => {
		const none = await search('user=nobody-at-all');
		const beyond = await search('page=3&pagesize=500');
		for (const answer of [none, beyond]) {
			expect(answer.status).toBe(204);
			expect(answer.text).toBe('');
		}
	});

	it('filters by platform, ownership, compliance, user and model as the fleet says', async () => {
		const fleet = sim.fleet.devices;
		const android = await searchAll('platform=Android');
		const employee = await searchAll('ownership=E');
		const nonCompliant = await searchAll('compliantstatus=NonCompliant');
		const user = await searchAll('user=user0001');
		const model = await searchAll('model=pixel');
		expect(android.length).toBe(fleet.filter((d) => d.platform === 'Android').length);
		expect(android.every((d) => d.Platform === 'Android')).toBe(true);
		expect(employee.length).toBe(fleet.filter((d) => d.ownership === 'E').length);
		expect(nonCompliant.length).toBe(fleet.filter((d) => d.compliance === 'NonCompliant').length);
		expect(nonCompliant.length).toBeGreaterThan(0);
		expect(user.map((d) => d.UserName).sort()).toEqual(fleet.filter((d) => d.userName.includes('user0001')).map((d) => d.userName).sort());
		expect(model.every((d) => d.Model.toLowerCase().includes('pixel'))).toBe(true);
	});

	it('filters by organisation group including its child groups', async () => {
		const emea = await searchAll('lgid=571');
		const global = await searchAll('lgid=570');
		expect(emea.length).toBe(sim.fleet.devices.filter((d) => d.groupId === 571).length);
		expect(emea.every((d) => d.LocationGroupId.Id.Value === 571)).toBe(true);
		expect(global.length).toBe(1234);
		expect((await search('lgid=99999')).json.errorCode).toBe(1012);
	});

	it('filters by seen-since and last-seen dates', async () => {
		const cut = new Date(sim.fleet.referenceTime - 10 * 24 * 3600 * 1000).toISOString().slice(0, 19);
		const since = await searchAll(`seensince=${cut}`);
		const before = await searchAll(`lastseen=${cut}`);
		const at = Date.parse(`${cut}Z`);
		expect(since.length).toBe(sim.fleet.devices.filter((d) => d.lastSeen >= at).length);
		expect(before.length).toBe(sim.fleet.devices.filter((d) => d.lastSeen <= at).length);
		expect(since.length + before.length).toBeGreaterThanOrEqual(1234);
		expect((await search('seensince=not-a-date')).status).toBe(422);
	});

	it('orders by a column in either direction and refuses an unknown column', async () => {
		const desc = await search('orderby=lastseen&sortorder=DESC&pagesize=50');
		const seen = (desc.json.Devices ?? []).map((d) => Date.parse(d.LastSeen));
		expect(seen).toEqual([...seen].sort((a, b) => b - a));
		const wrong = await search('orderby=favouriteColour');
		expect(wrong.status).toBe(422);
		expect(wrong.json).toMatchObject({ errorCode: 1012 });
	});

	it('reads query names case-insensitively, as UEM does', async () => {
		const mixed = await search('Platform=Android&PageSize=10');
		expect(mixed.json.PageSize).toBe(10);
		expect(mixed.json.Devices?.every((d) => d.Platform === 'Android')).toBe(true);
	});

	it('looks one device up by integer id (v1) and by UUID (v2, v3); an unknown version is served as v1', async () => {
		const device = sim.fleet.devices[10];
		const v1 = await api(sim, `/api/mdm/devices/${device.id}`, token, 1);
		const v2 = await api(sim, `/api/mdm/devices/${device.uuid}`, token, 2);
		const v3 = await api(sim, `/api/mdm/devices/${device.uuid}`, token, 3);
		const v7ById = await api(sim, `/api/mdm/devices/${device.id}`, token, 7);
		const v7ByUuid = await api(sim, `/api/mdm/devices/${device.uuid}`, token, 7);
		expect(v1.json.SerialNumber).toBe(device.serialNumber);
		expect(v2.json.SerialNumber).toBe(device.serialNumber);
		expect(v3.json.Id?.Value).toBe(device.id);
		expect(v7ById.status).toBe(200);
		expect(v7ByUuid.status).toBe(422);
		expect(sim.snapshot().byVersion.device).toMatchObject({ 1: 3, 2: 1, 3: 1 });
	});

	it('answers 404 errorCode 5002 for an unknown device', async () => {
		const answer = await api(sim, '/api/mdm/devices/999999', token);
		expect(answer.status).toBe(404);
		expect(answer.json).toMatchObject({ errorCode: 5002, message: 'Device not found.' });
	});

	it('finds a device by every alternate id, and refuses an unknown searchby', async () => {
		const device = sim.fleet.devices.find((d) => d.platform === 'Android')!;
		const lookups: Array<[string, string]> = [
			['Serialnumber', device.serialNumber],
			['Udid', device.udid],
			['Macaddress', device.macAddress.match(/../g)!.join(':').toLowerCase()],
			['ImeiNumber', device.imei],
			['EasId', device.easId],
			['DeviceId', String(device.id)],
		];
		for (const [searchBy, id] of lookups) {
			const answer = await api(sim, `/api/mdm/devices?searchby=${searchBy}&id=${encodeURIComponent(id)}`, token);
			expect({ searchBy, id: answer.json.Id?.Value }).toEqual({ searchBy, id: device.id });
		}
		const wrong = await api(sim, `/api/mdm/devices?searchby=Nickname&id=x`, token);
		expect(wrong.json.errorCode).toBe(5003);
		const missing = await api(sim, `/api/mdm/devices?searchby=Serialnumber&id=NOPE`, token);
		expect(missing.status).toBe(404);
	});

	it('answers system info, and XML to a client that does not ask for JSON', async () => {
		const info = await api(sim, '/api/system/info', token);
		const xml = await call(`${sim.url}/api/system/info`, { headers: { Authorization: `Bearer ${token}` } });
		expect(info.json.ProductName).toBe('Workspace ONE UEM');
		expect(xml.headers['content-type']).toMatch(/xml/);
		expect(xml.text).toMatch(/^<\?xml/);
	});

	it('builds the same fleet from the same seed and a different one from another seed', async () => {
		const again = await startSimulator({ devices: 1234, seed: 7 });
		const other = await startSimulator({ devices: 1234, seed: 8 });
		try {
			const key = (s: Simulator) => s.fleet.devices.map((d) => `${d.serialNumber}:${d.platform}:${d.assignments.map((a) => a.status).join('')}`).join(',');
			expect(key(again)).toBe(key(sim));
			expect(key(other)).not.toBe(key(sim));
		} finally {
			await again.close();
			await other.close();
		}
	});

	it('holds a realistic status mix: mostly confirmed installs, some pending, a few failed', () => {
		const statuses = sim.fleet.devices.flatMap((d) => d.assignments.map((a) => a.status));
		const share = (code: number) => statuses.filter((s) => s === code).length / statuses.length;
		expect(share(3)).toBeGreaterThan(0.9);
		expect(share(1)).toBeGreaterThan(0.005);
		expect(statuses.filter((s) => s === 9 || s === 8 || s === 0).length).toBeGreaterThan(0);
		const profilesPerDevice = sim.fleet.devices.map((d) => d.assignments.length);
		expect(Math.min(...profilesPerDevice)).toBeGreaterThanOrEqual(3);
		expect(Math.max(...profilesPerDevice)).toBeLessThanOrEqual(7);
	});

	it('counts what it served per route, status and version', () => {
		const counters = sim.snapshot();
		expect(counters.byRoute.deviceSearch).toBeGreaterThan(10);
		expect(counters.byStatus[204]).toBeGreaterThanOrEqual(2);
		expect(counters.requests).toBe(Object.values(counters.byStatus).reduce((a: number, b) => a + (b as number), 0));
	});
});


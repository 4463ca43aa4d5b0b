// The simulator's tag endpoints: search by group and name, the devices of a tag, add and remove in bulk.
import { startSimulator } from '../../simulator';
import { api, call, fetchToken, type Answer } from '../harness/uemClient';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

interface TagSearchBody {
	errorCode?: number;
	Tags?: Array<{ Id: { Value: number }; TagName: string; TagType: number; LocationGroupId: number; Uuid: string; DateCreated: string }>;
	Page?: number;
	PageSize?: number;
	Total?: number;
}
interface TagDevicesBody {
	errorCode?: number;
	Device?: Array<{ DeviceId: number; FriendlyName: string; DeviceUuid: string; TaggedDate: string }>;
	Page?: number;
	PageSize?: number;
	Total?: number;
}
interface BulkBody {
	errorCode?: number;
	message?: string;
	TotalItems?: number;
	AcceptedItems?: number;
	FailedItems?: number;
	Faults?: { Fault: Array<{ ErrorCode: number; ItemValue: string; Message: string }> };
}

describe('simulator tags', () => {
	let sim: Simulator;
	let token: string;
	beforeAll(async () => {
		sim = await startSimulator({ devices: 800, seed: 11 });
		token = (await fetchToken(sim)).json.access_token as string;
	});
	afterAll(async () => await sim.close());
	afterEach(() => {
		sim.faults.config.bulkValueFaultRate = 0;
		sim.faults.config.dropAfterWriteRate = 0;
	});

	const tagNamed = (name: string) => sim.fleet.tags.find((tag) => tag.name === name)!;
	const search = async (query: string) => await api<TagSearchBody>(sim, `/api/mdm/tags/search${query ? `?${query}` : ''}`, token);
	const devicesOf = async (tagId: number | string, query = '') =>
		await api<TagDevicesBody>(sim, `/api/mdm/tags/${tagId}/devices${query ? `?${query}` : ''}`, token);
	const bulk = async (tagId: number | string, action: 'add' | 'remove', body: unknown): Promise<Answer<BulkBody>> =>
		await call<BulkBody>(`${sim.url}/api/mdm/tags/${tagId}/${action}devices`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${token}`, Accept: 'application/json;version=1', 'Content-Type': 'application/json' },
			body: JSON.stringify(body),
		});
	const values = (ids: Array<number | string>) => ({ BulkValues: { Value: ids } });
	const commandsOf = (command: string) => sim.commands.entries.filter((entry) => entry.command === command);

	it('seeds a few % of the fleet with tags, the same for the same seed', async () => {
		const tagged = new Set(sim.fleet.tags.flatMap((tag) => sim.fleet.devicesOfTag(tag).map((d) => d.id)));
		expect(tagged.size / sim.fleet.devices.length).toBeGreaterThan(0.01);
		expect(tagged.size / sim.fleet.devices.length).toBeLessThan(0.1);
		const again = await startSimulator({ devices: 800, seed: 11 });
		try {
			const key = (s: Simulator) => s.fleet.tags.map((t) => `${t.id}:${t.uuid}:${s.fleet.devicesOfTag(t).map((d) => d.id).join('.')}`).join(',');
			expect(key(again)).toBe(key(sim));
		} finally {
			await again.close();
		}
	});

	it("searches the root group's tags when no group is named, in UEM's shape", async () => {
		const answer = await search('');
		const root = sim.fleet.tagsVisibleIn(570);
		expect(root.map((t) => t.name)).toEqual(['Offboarding', 'Needs Attention', 'Kiosk', 'VIP', 'Lost']);
		expect(answer.json).toMatchObject({ Page: 0, PageSize: 500, Total: root.length });
		expect(answer.json.Tags?.map((t) => t.Id.Value)).toEqual(root.map((t) => t.id));
		expect(answer.json.Tags?.[0]).toEqual({
			Id: { Value: root[0].id },
			TagName: 'Offboarding',
			TagType: 1,
			LocationGroupId: 570,
			Uuid: root[0].uuid,
			DateCreated: new Date(root[0].createdOn).toISOString().replace('Z', ''),
		});
	});

	it("sees a child group's own tags and its ancestors', not its siblings'", async () => {
		const emea = await search('organizationgroupid=571');
		const apac = await search('OrganizationGroupId=573');
		expect(emea.json.Tags?.map((t) => t.TagName)).toEqual(['Offboarding', 'Needs Attention', 'Kiosk', 'VIP', 'Lost', 'GDPR Hold']);
		expect(emea.json.Tags?.find((t) => t.TagName === 'GDPR Hold')?.LocationGroupId).toBe(571);
		expect(apac.json.Total).toBe(5);
		expect(apac.json.Tags?.some((t) => t.TagName === 'Sales Demo' || t.TagName === 'GDPR Hold')).toBe(false);
	});

	it('filters by name (case-insensitive contains) and by tag type; nothing matching is 204', async () => {
		const loaner = await search('organizationgroupid=572&name=LOAN');
		const a = await search('organizationgroupid=572&name=a');
		const notFromRoot = await search('name=sales');
		const otherType = await search('tagtype=2');
		expect(loaner.json.Tags?.map((t) => t.TagName)).toEqual(['Loaner']);
		expect(a.json.Tags?.map((t) => t.TagName)).toEqual(['Offboarding', 'Needs Attention', 'Sales Demo', 'Loaner']);
		for (const none of [notFromRoot, otherType]) {
			expect(none.status).toBe(204);
			expect(none.text).toBe('');
		}
		expect((await search('tagtype=1')).json.Total).toBe(5);
	});

	it('pages tag search like the other searches, and refuses an unknown group or bad paging', async () => {
		const page1 = await search('organizationgroupid=572&page=1&pagesize=3');
		const beyond = await search('organizationgroupid=572&page=3&pagesize=3');
		const unknown = await search('organizationgroupid=99999');
		const badPage = await search('page=-1');
		expect(page1.json).toMatchObject({ Page: 1, PageSize: 3, Total: 7 });
		expect(page1.json.Tags?.map((t) => t.TagName)).toEqual(['VIP', 'Lost', 'Sales Demo']);
		expect(beyond.status).toBe(204);
		expect(unknown.status).toBe(422);
		expect(unknown.json.errorCode).toBe(1012);
		expect(badPage.status).toBe(422);
	});

	it('lists the devices of a tag in device id order, with when each was tagged', async () => {
		const tag = [...sim.fleet.tags].sort((x, y) => sim.fleet.devicesOfTag(y).length - sim.fleet.devicesOfTag(x).length)[0];
		const expected = sim.fleet.devicesOfTag(tag);
		const answer = await devicesOf(tag.id, 'lastseen=2020-01-01');
		expect(expected.length).toBeGreaterThan(1);
		expect(answer.json).toMatchObject({ Page: 0, PageSize: 500, Total: expected.length });
		expect(answer.json.Device?.map((d) => d.DeviceId)).toEqual(expected.map((d) => d.id));
		expect(answer.json.Device?.map((d) => d.DeviceId)).toEqual([...expected.map((d) => d.id)].sort((x, y) => x - y));
		const first = expected[0];
		expect(answer.json.Device?.[0]).toEqual({
			DeviceId: first.id,
			FriendlyName: `${first.userName} ${first.model} ${first.serialNumber}`,
			DeviceUuid: first.uuid,
			TaggedDate: new Date(sim.fleet.taggedOn(tag, first)!).toISOString().replace('Z', ''),
		});
	});

	it('pages the devices of a tag, and answers 404 for an unknown tag, 422 for a non-numeric one', async () => {
		const tag = tagNamed('Loaner');
		const chosen = sim.fleet.devices.slice(100, 130).map((d) => d.id);
		expect((await bulk(tag.id, 'add', values(chosen))).json.FailedItems).toBe(0);
		const expected = sim.fleet.devicesOfTag(tag).map((d) => d.id);
		const ids: number[] = [];
		for (let page = 0; page < 10; page++) {
			const answer = await devicesOf(tag.id, `page=${page}&pagesize=10`);
			if (answer.status === 204) break;
			expect(answer.json).toMatchObject({ Page: page, PageSize: 10, Total: expected.length });
			ids.push(...(answer.json.Device ?? []).map((d) => d.DeviceId));
		}
		expect(expected.length).toBeGreaterThanOrEqual(30);
		expect(ids).toEqual(expected);
		expect(ids).toEqual(expect.arrayContaining(chosen));
		const unknown = await devicesOf(424242);
		expect(unknown.status).toBe(404);
		expect(unknown.json.errorCode).toBe(5071);
		expect((await devicesOf('kiosk')).status).toBe(422);
	});

	it('adds devices given as strings or numbers, faults an unknown one (5002), accepts one already tagged unchanged, and logs each', async () => {
		const tag = tagNamed('Kiosk');
		const [already, ...fresh] = sim.fleet.devices.filter((d) => sim.fleet.taggedOn(tag, d) === undefined).slice(0, 4);
		sim.fleet.tag(tag, already);
		const taggedOn = sim.fleet.taggedOn(tag, already);
		const answer = await bulk(tag.id, 'add', values([String(fresh[0].id), fresh[1].id, '999999', String(already.id), fresh[2].id]));
		expect(answer.status).toBe(200);
		expect(answer.json).toEqual({
			TotalItems: 5,
			AcceptedItems: 4,
			FailedItems: 1,
			Faults: { Fault: [{ ErrorCode: 5002, ItemValue: '999999', Message: 'Device not found.' }] },
		});
		for (const device of fresh) expect(sim.fleet.tagsOfDevice(device)).toContain(tag);
		expect(sim.fleet.taggedOn(tag, already)).toBe(taggedOn);
		const logged = commandsOf(`AddTag:${tag.id}`).map((entry) => entry.deviceId);
		expect(logged).toEqual([fresh[0].id, fresh[1].id, already.id, fresh[2].id]);
		expect([...sim.commands.perDevice()].filter(([key, count]) => key.endsWith(`:AddTag:${tag.id}`) && count > 1)).toEqual([]);
	});

	it('removes devices, accepts one not tagged with no change, and a tag emptied lists as 204', async () => {
		const tag = tagNamed('Lost');
		const carried = sim.fleet.devicesOfTag(tag).map((d) => d.id);
		const untagged = sim.fleet.devices.find((d) => sim.fleet.taggedOn(tag, d) === undefined)!;
		expect(carried.length).toBeGreaterThan(1);
		const answer = await bulk(tag.id, 'remove', values([...carried.map(String), untagged.id]));
		expect(answer.json).toMatchObject({ TotalItems: carried.length + 1, AcceptedItems: carried.length + 1, FailedItems: 0, Faults: { Fault: [] } });
		expect(sim.fleet.devicesOfTag(tag)).toEqual([]);
		expect(commandsOf(`RemoveTag:${tag.id}`).map((entry) => entry.deviceId)).toEqual([...carried, untagged.id]);
		const empty = await devicesOf(tag.id);
		expect(empty.status).toBe(204);
		expect(empty.text).toBe('');
	});

	it('faults the values the bulk fault knob picks: not carried out, not logged', async () => {
		const tag = tagNamed('VIP');
		const chosen = sim.fleet.devices.filter((d) => sim.fleet.taggedOn(tag, d) === undefined).slice(0, 40).map((d) => d.id);
		const logBefore = sim.commands.entries.length;
		sim.faults.config.bulkValueFaultRate = 0.5;
		const answer = await bulk(tag.id, 'add', values(chosen));
		const faulted = (answer.json.Faults?.Fault ?? []).map((f) => Number(f.ItemValue));
		expect(answer.json.FailedItems).toBeGreaterThan(0);
		expect(answer.json.AcceptedItems).toBeGreaterThan(0);
		expect(answer.json.Faults?.Fault.every((f) => f.ErrorCode === 1001)).toBe(true);
		const tagged = chosen.filter((id) => sim.fleet.taggedOn(tag, sim.fleet.find('id', id)!) !== undefined);
		expect(tagged).toEqual(chosen.filter((id) => !faulted.includes(id)));
		expect(sim.commands.entries.slice(logBefore).map((entry) => entry.deviceId)).toEqual(tagged);
	});

	it('takes at most 500 values (400 past it, nothing carried out) and refuses an empty list', async () => {
		const tag = tagNamed('Needs Attention');
		const ids = sim.fleet.devices.slice(0, 501).map((d) => d.id);
		const logBefore = sim.commands.entries.length;
		const over = await bulk(tag.id, 'add', values(ids));
		expect(over.status).toBe(400);
		expect(over.json).toMatchObject({ errorCode: 1001, message: 'At most 500 values in one bulk request.' });
		expect(sim.commands.entries.length).toBe(logBefore);
		const atLimit = await bulk(tag.id, 'add', values(ids.slice(0, 500)));
		expect(atLimit.json).toMatchObject({ TotalItems: 500, AcceptedItems: 500, FailedItems: 0 });
		expect(sim.fleet.devicesOfTag(tag).length).toBeGreaterThanOrEqual(500);
		for (const body of [values([]), { BulkValues: {} }, undefined]) {
			const refused = await bulk(tag.id, 'remove', body);
			expect(refused.status).toBe(400);
			expect(refused.json.errorCode).toBe(1001);
		}
	});

	it('answers 404 for an unknown tag and 422 for a non-numeric one on add and remove, and 405 for a wrong method', async () => {
		const device = sim.fleet.devices[0].id;
		const unknown = await bulk(99999, 'add', values([device]));
		const word = await bulk('vip', 'remove', values([device]));
		expect(unknown.status).toBe(404);
		expect(unknown.json.errorCode).toBe(5071);
		expect(word.status).toBe(422);
		expect((await api(sim, `/api/mdm/tags/${tagNamed('VIP').id}/adddevices`, token)).status).toBe(405);
		const postSearch = await call(`${sim.url}/api/mdm/tags/search`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' }, body: '{}' });
		expect(postSearch.status).toBe(405);
	});

	it('carries out a tag write whose answer is then lost (the write faults apply here too)', async () => {
		const tag = tagNamed('Sales Demo');
		const device = sim.fleet.devices.find((d) => d.groupId === 572 && sim.fleet.taggedOn(tag, d) === undefined)!;
		sim.faults.config.dropAfterWriteRate = 1;
		await expect(bulk(tag.id, 'add', values([device.id]))).rejects.toThrow(/socket|closed|other side/i);
		expect(sim.fleet.taggedOn(tag, device)).toBeDefined();
		expect(sim.commands.of(device.id)).toContain(`AddTag:${tag.id}`);
	});

	it('drops a deleted device from its tags', async () => {
		const tag = tagNamed('Offboarding');
		const device = sim.fleet.devices[5];
		sim.fleet.tag(tag, device);
		expect((await devicesOf(tag.id)).json.Device?.map((d) => d.DeviceId)).toContain(device.id);
		sim.fleet.remove(device);
		const answer = await devicesOf(tag.id);
		expect(sim.fleet.tagsOfDevice(device)).toEqual([]);
		expect(sim.fleet.devicesOfTag(tag)).not.toContain(device);
		expect(answer.status === 204 ? [] : answer.json.Device?.map((d) => d.DeviceId)).not.toContain(device.id);
	});
});

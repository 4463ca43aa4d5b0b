// What each operation sends, checked at the boundary: `prepare` reads an item's parameters, and
// what it returns makes its calls through a fake client that records them. No HTTP: the transport
// and the simulator are tested elsewhere; here the shapes of the calls, in milliseconds.
import type { IDataObject } from 'n8n-workflow';

import * as device from '../../nodes/WorkspaceOneUem/actions/device/Device.resource';
import * as profile from '../../nodes/WorkspaceOneUem/actions/profile/Profile.resource';
import { bulkFaults } from '../../nodes/WorkspaceOneUem/uem/commands';
import { empty, FAKE_NODE, fakeContext, FakeApi, missing, ok, type FakeAnswer } from '../harness/fakes';

const deviceRecord = (id: number) => ({ Id: { Value: id }, SerialNumber: `SN${id}` });
const profilesPage = (deviceId: number, statuses: Array<[string, number]>) => ({
	DeviceId: { Id: { Value: deviceId }, Name: `Device ${deviceId}`, Uuid: `uuid-${deviceId}` },
	DeviceProfiles: statuses.map(([uuid, status], index) => ({ Id: { Value: index + 1 }, Uuid: uuid, Name: `Profile ${uuid}`, Status: status })),
	Page: 0,
	PageSize: 500,
	Total: statuses.length,
});

async function run(operation: { prepare: typeof device.get.prepare }, parameters: Record<string, unknown>, route: (path: string) => FakeAnswer) {
	const { context, hints } = fakeContext(parameters);
	const api = new FakeApi(route);
	const output = await operation.prepare.call(context, 0)(api);
	return { output, calls: api.calls.map((call) => `${call.method} ${call.path} v${call.version}`), hints };
}

/** Prepares every item first, as the router's read-ahead does, then runs them: calls made, output or error per item. */
async function runItems(
	items: Array<Record<string, unknown>>,
	route: (path: string) => FakeAnswer = () => empty(),
	node = FAKE_NODE,
	operation: { prepare: typeof device.get.prepare } = device.sendCommand,
) {
	const { context } = fakeContext(items, node);
	const api = new FakeApi(route, 4, node);
	const results: Array<IDataObject[] | string> = [];
	/** Each failed item's error description (what to do about it), in item order. */
	const descriptions: Array<string | null | undefined> = [];
	for (let index = 0; index < items.length; index++) {
		try {
			results.push(await operation.prepare.call(context, index)(api));
		} catch (error) {
			results.push((error as Error).message);
			descriptions.push((error as { description?: string | null }).description);
		}
	}
	return { results, descriptions, calls: api.calls.map((call) => `${call.method} ${call.path} v${call.version}`), bodies: api.calls.map((call) => call.body) };
}

describe('Device › Get', () => {
	it.each([
		['deviceId', '12', 'GET /api/mdm/devices/12 v1'],
		['uuid', '2f6c1f7e-0c5b-4b8e-9a4e-6f1d2c3b4a59', 'GET /api/mdm/devices/2f6c1f7e-0c5b-4b8e-9a4e-6f1d2c3b4a59 v2'],
		['serialNumber', 'C02 XK/1', 'GET /api/mdm/devices?searchby=Serialnumber&id=C02+XK%2F1 v1'],
		['macAddress', 'AA:BB', 'GET /api/mdm/devices?searchby=Macaddress&id=AA%3ABB v1'],
		['easId', 'EAS1', 'GET /api/mdm/devices?searchby=EasId&id=EAS1 v1'],
	])('by %s: one call, %s', async (deviceIdType, deviceIdValue, expected) => {
		const result = await run(device.get, { deviceIdType, deviceIdValue }, () => ok(deviceRecord(12)));
		expect(result.calls).toEqual([expected]);
		expect(result.output).toEqual([deviceRecord(12)]);
	});

	it('sends the API version chosen, and says which device was not found, or outputs nothing when told to', async () => {
		const chosen = await run(device.get, { deviceIdType: 'deviceId', deviceIdValue: '7', options: { apiVersion: '3' } }, () => ok(deviceRecord(7)));
		expect(chosen.calls).toEqual(['GET /api/mdm/devices/7 v3']);
		await expect(run(device.get, { deviceIdType: 'serialNumber', deviceIdValue: 'NOPE' }, () => empty())).rejects.toThrow(
			'Device not found: no device with Serial Number "NOPE"',
		);
		const skipped = await run(device.get, { deviceIdType: 'deviceId', deviceIdValue: '7', options: { ifNotFound: 'skip' } }, () => missing({ errorCode: 5002 }));
		expect(skipped.output).toEqual([]);
	});

	it('refuses a bad identifier before any call', () => {
		const { context } = fakeContext({ deviceIdType: 'deviceId', deviceIdValue: 'twelve' });
		expect(() => device.get.prepare.call(context, 0)).toThrow('Device ID must be a whole number, got "twelve"');
	});
});

describe('Device › Search', () => {
	it('maps the filters to UEM query parameters, with pages as large as the limit needs', async () => {
		const result = await run(
			device.search,
			{ returnAll: false, limit: 3, filters: { user: 'jsmith', platform: 'Apple', organizationGroupId: 570, complianceStatus: 'NonCompliant', seenSince: '2026-11-01' } },
			() => ok({ Devices: [1, 2, 3].map(deviceRecord), Page: 0, PageSize: 3, Total: 10 }),
		);
		expect(result.calls).toEqual([
			'GET /api/mdm/devices/search?user=jsmith&platform=Apple&lgid=570&compliantstatus=NonCompliant&seensince=2026-11-01&page=0&pagesize=3 v1',
		]);
		expect(result.output).toHaveLength(3);
	});

	it('reads every page with Return All until a short page', async () => {
		const pages = [500, 500, 20];
		const result = await run(device.search, { returnAll: true }, (path) => {
			const page = Number(new URLSearchParams(path.split('?')[1]).get('page'));
			return ok({ Devices: Array.from({ length: pages[page] }, (_v, i) => deviceRecord(page * 500 + i)), Page: page, PageSize: 500, Total: 1020 });
		});
		expect(result.calls).toHaveLength(3);
		expect(result.output).toHaveLength(1020);
	});
});

describe('Profile › Get Status', () => {
	it.each([
		['deviceId', '12', ['GET /api/mdm/devices/12/profiles?page=0&pagesize=500 v1']],
		['serialNumber', 'SN1', ['GET /api/mdm/devices/profiles?searchBy=Serialnumber&id=SN1&page=0&pagesize=500 v1']],
		['easId', 'EAS1', ['GET /api/mdm/devices?searchby=EasId&id=EAS1 v1', 'GET /api/mdm/devices/12/profiles?page=0&pagesize=500 v1']],
	])('by %s: %j', async (deviceIdType, deviceIdValue, expected) => {
		const result = await run(profile.getStatus, { deviceIdType, deviceIdValue }, (path) =>
			path.startsWith('/api/mdm/devices?') ? ok(deviceRecord(12)) : ok(profilesPage(12, [['a', 3], ['b', 6]])),
		);
		expect(result.calls).toEqual(expected);
		expect(result.output.map((item) => [item.profileUuid, item.status, item.installed])).toEqual([
			['a', 'ConfirmedInstall', true],
			['b', 'ConfirmedRemoval', false],
		]);
	});

	it('applies the output filters, and can say that a device has no profiles', async () => {
		const filtered = await run(profile.getStatus, { deviceIdType: 'deviceId', deviceIdValue: '12', options: { onlyNotInstalled: true } }, () =>
			ok(profilesPage(12, [['a', 3], ['b', 1]])),
		);
		expect(filtered.output.map((item) => item.profileUuid)).toEqual(['b']);
		const none = await run(profile.getStatus, { deviceIdType: 'deviceId', deviceIdValue: '12', options: { noProfiles: 'item' } }, () => empty());
		expect(none.output).toEqual([{ deviceId: 12, deviceName: null, lookup: { deviceId: '12' }, noProfiles: true, profiles: 0 }]);
	});
});

describe('Profile › Get Fleet Status', () => {
	const catalogue = { ProfileList: [{ ProfileId: 1, ProfileUuid: 'p-1', ProfileName: 'Wi-Fi' }, { ProfileId: 2, ProfileUuid: 'p-2', ProfileName: 'VPN' }], Page: 0, PageSize: 500, Total: 2 };
	const notInstalled: Record<string, number[]> = { 'p-1': [30, 10], 'p-2': [10, 20] };
	const statuses: Record<number, Array<[string, number]>> = { 10: [['p-1', 1], ['p-2', 9]], 20: [['p-1', 3], ['p-2', 1]], 30: [['p-1', 2], ['p-2', 3]] };
	const tenant = (withListing = true, gone: number[] = []) => (path: string): FakeAnswer => {
		if (path.startsWith('/api/mdm/profiles/search')) return ok(catalogue);
		const listing = /^\/api\/mdm\/profiles\/(p-\d)\/devices/.exec(path);
		if (listing) return withListing ? ok({ profileAssignedDevices: notInstalled[listing[1]].map((id) => ({ id })), TotalResults: 2 }) : missing({ message: 'Resource not found' });
		if (path.startsWith('/api/mdm/devices/search')) return ok({ Devices: [10, 20, 30].map(deviceRecord), Page: 0, PageSize: 500, Total: 3 });
		const deviceId = Number(/\/api\/mdm\/devices\/(\d+)\/profiles/.exec(path)?.[1]);
		return gone.includes(deviceId) ? missing({ errorCode: 5002 }) : ok(profilesPage(deviceId, statuses[deviceId]));
	};
	const pairs = (output: IDataObject[]) => output.map((item) => `${item.deviceId}/${item.profileUuid}/${item.status}`);

	it('lists each profile once, then reads each failing device once, and outputs in device id order', async () => {
		const result = await run(profile.getFleetStatus, { profiles: 'all' }, tenant());
		expect(result.calls.filter((call) => call.includes('/profiles/p-'))).toEqual([
			'GET /api/mdm/profiles/p-1/devices?profilestatus=NOT_INSTALLED&page=0&pagesize=500 v1',
			'GET /api/mdm/profiles/p-2/devices?profilestatus=NOT_INSTALLED&page=0&pagesize=500 v1',
		]);
		expect(result.calls.filter((call) => /devices\/\d+\/profiles/.test(call)).sort()).toEqual([
			'GET /api/mdm/devices/10/profiles?page=0&pagesize=500 v1',
			'GET /api/mdm/devices/20/profiles?page=0&pagesize=500 v1',
			'GET /api/mdm/devices/30/profiles?page=0&pagesize=500 v1',
		]);
		expect(pairs(result.output)).toEqual(['10/p-1/PendingInstall', '10/p-2/Corrupted', '20/p-2/PendingInstall', '30/p-1/UnconfirmedInstall']);
		expect(result.hints).toEqual([]);
	});

	it('falls back to every device on a tenant without the listing, counting the calls it made', async () => {
		const result = await run(profile.getFleetStatus, { profiles: 'byName', profileNames: 'vpn' }, tenant(false));
		expect(result.calls.filter((call) => call.includes('/profiles/p-'))).toEqual(['GET /api/mdm/profiles/p-2/devices?profilestatus=NOT_INSTALLED&page=0&pagesize=500 v1']);
		expect(result.calls).toContain('GET /api/mdm/devices/search?orderby=Id&page=0&pagesize=500 v1');
		expect(pairs(result.output)).toEqual(['10/p-2/Corrupted', '20/p-2/PendingInstall']);
		expect(result.hints.map((hint) => hint.message)).toEqual([expect.stringContaining('answered HTTP 404), so Get Fleet Status checked every device instead: 3 per-device calls were made.')]);
	});

	it('names a device that was listed but gone when read, instead of dropping it silently', async () => {
		const result = await run(profile.getFleetStatus, { profiles: 'all' }, tenant(true, [20]));
		expect(pairs(result.output)).toEqual(['10/p-1/PendingInstall', '10/p-2/Corrupted', '30/p-1/UnconfirmedInstall']);
		expect(result.hints.map((hint) => hint.message)).toEqual([expect.stringContaining('1 device was listed but gone when its profiles were read (deleted or unenrolled during the report), so it is not in the output: device ID 20.')]);
	});

	it('refuses an unknown profile name before listing anything, naming the ones there are', async () => {
		await expect(run(profile.getFleetStatus, { profiles: 'byName', profileNames: 'Wifi' }, tenant())).rejects.toThrow('No profile with the name "Wifi"');
	});
});

describe('Device › Send Command', () => {
	const TOOL_NODE = { ...FAKE_NODE, type: 'n8n-nodes-workspace-one-uem.workspaceOneUemTool' };
	const send = { deviceIdType: 'deviceId', deviceIdValue: '12', command: 'Lock', dryRun: false };

	/** Prepares every item first, as the router's read-ahead does, then runs them: calls made, output or error per item. */

	it.each([
		['deviceId', '12', ['POST /api/mdm/devices/12/commands?command=Lock v1']],
		['serialNumber', 'C02 XK/1', ['POST /api/mdm/devices/commands?command=Lock&searchby=Serialnumber&id=C02+XK%2F1 v1']],
		['imei', '3500', ['POST /api/mdm/devices/commands?command=Lock&searchby=ImeiNumber&id=3500 v1']],
		['uuid', '2f6c1f7e-0c5b-4b8e-9a4e-6f1d2c3b4a59', ['GET /api/mdm/devices/2f6c1f7e-0c5b-4b8e-9a4e-6f1d2c3b4a59 v2', 'POST /api/mdm/devices/12/commands?command=Lock v1']],
		['easId', 'EAS1', ['GET /api/mdm/devices?searchby=EasId&id=EAS1 v1', 'POST /api/mdm/devices/12/commands?command=Lock v1']],
	])('by %s: %j', async (deviceIdType, deviceIdValue, expected) => {
		const { results, calls } = await runItems([{ ...send, deviceIdType, deviceIdValue }], (path) => (path.startsWith('GET') || !path.includes('commands') ? ok(deviceRecord(12)) : empty()));
		expect(calls).toEqual(expected);
		expect(results[0]).toEqual([expect.objectContaining({ command: 'Lock', device: { [deviceIdType]: deviceIdValue }, sent: expected[expected.length - 1].replace(/ v1$/, ''), status: 204 })]);
	});

	it('sends nothing in a dry run (the default), and outputs exactly the request a real run would send', async () => {
		const { results, calls } = await runItems([{ deviceIdType: 'serialNumber', deviceIdValue: 'SN1', command: 'Sync Device' }]);
		expect(calls).toEqual([]);
		expect(results[0]).toEqual([{ dryRun: true, command: 'SyncDevice', device: { serialNumber: 'SN1' }, wouldSend: 'POST /api/mdm/devices/commands?command=SyncDevice&searchby=Serialnumber&id=SN1' }]);
	});

	it('refuses an unknown command, an empty device and an unconfirmed wipe before any request; a confirmed wipe goes', async () => {
		// A run's confirmation is one fixed value (an expression there refuses the run).
		const refused = await runItems([
			{ ...send, command: 'Reboot', confirmDestructive: 'Device Wipe' },
			{ ...send, deviceIdValue: '', confirmDestructive: 'Device Wipe' },
			{ ...send, command: 'EnterpriseWipe', confirmDestructive: 'Device Wipe' },
		]);
		expect(refused.results).toEqual([
			'Unknown device command "Reboot"',
			'Device ID is empty',
			'Enterprise Wipe is destructive and not confirmed: nothing was sent',
		]);
		expect(refused.calls).toEqual([]);
		const confirmed = await runItems([{ ...send, command: 'EnterpriseWipe', confirmDestructive: 'device wipe, enterprise wipe' }]);
		expect(confirmed.calls).toEqual(['POST /api/mdm/devices/12/commands?command=EnterpriseWipe v1']);
	});

	it('refuses the whole run, harmless items too, when its destructive items exceed Max Devices Per Run; a dry run says it would', async () => {
		const wipes = Array.from({ length: 3 }, () => ({ ...send, command: 'DeviceWipe', confirmDestructive: 'Device Wipe', maxDevicesPerRun: 2 }));
		const real = await runItems([{ ...send, confirmDestructive: 'Device Wipe', maxDevicesPerRun: 2 }, ...wipes]);
		expect(real.calls).toEqual([]);
		expect(new Set(real.results)).toEqual(new Set(['Refused: this run would send a destructive action to 3 devices, more than Max Devices Per Run (2). Nothing was sent.']));
		const dry = await runItems(wipes.map((item) => ({ ...item, dryRun: true })));
		expect(dry.calls).toEqual([]);
		expect(dry.results.map((items) => (items as IDataObject[])[0].wouldBeRefused)).toEqual(Array(3).fill(expect.stringContaining('to 3 devices')));
	});

	it('sends no write when the node runs as an AI tool, unless a person allowed it; a wipe then still needs its confirmation', async () => {
		const off = await runItems([send], undefined, TOOL_NODE);
		expect(off.calls).toEqual([]);
		expect(off.results).toEqual(['Lock is a write, and writes are off when the node is an AI tool']);
		const allowed = await runItems([{ ...send, allowAsTool: true }, { ...send, allowAsTool: true, command: 'DeviceWipe' }], undefined, TOOL_NODE);
		expect(allowed.calls).toEqual(['POST /api/mdm/devices/12/commands?command=Lock v1']);
		expect(allowed.results[1]).toBe('Device Wipe is destructive and not confirmed: nothing was sent');
	});

	it('tells a model, not an editor user, what to do about a refusal or a missing device: tell the user', async () => {
		const off = await runItems([send], undefined, TOOL_NODE);
		expect(off.descriptions).toEqual([expect.stringMatching(/^Nothing was sent\. Only a person can allow it, .*"Allow When Used as a Tool".* Tell the user; retrying with other arguments will not help\.$/)]);
		const unconfirmed = await runItems([{ ...send, allowAsTool: true, command: 'DeviceWipe' }], undefined, TOOL_NODE);
		expect(unconfirmed.descriptions).toEqual(['Only a person can confirm it, by typing "Device Wipe" in Confirm Destructive Action on this tool in n8n. Tell the user; retrying with other arguments will not help.']);
		const gone = await runItems([{ ...send, allowAsTool: true, deviceIdType: 'serialNumber', deviceIdValue: 'GONE' }], () => missing({ errorCode: 5002 }), TOOL_NODE);
		expect(gone.results).toEqual(['Device not found: no device with Serial Number "GONE"']);
		expect(gone.descriptions[0]).toMatch(/^UEM has no device with this Serial Number\. Check it with the user/);
		// In the editor the same errors point at the node's fields.
		expect((await runItems([{ ...send, command: 'DeviceWipe' }])).descriptions).toEqual(['Type "Device Wipe" in Confirm Destructive Action to send it.']);
		const goneInEditor = await runItems([{ ...send, deviceIdType: 'serialNumber', deviceIdValue: 'GONE' }], () => missing({ errorCode: 5002 }));
		expect(goneInEditor.descriptions).toEqual([expect.stringContaining('"If Device Not Found"')]);
	});

	it('refuses guardrails set by an expression (the input, or a model, could fill them)', async () => {
		const node = { ...FAKE_NODE, parameters: { confirmDestructive: "={{ $fromAI('confirm') }}" } };
		const { results, calls } = await runItems([{ ...send, command: 'DeviceWipe', confirmDestructive: 'Device Wipe' }], undefined, node);
		expect(calls).toEqual([]);
		expect(results).toEqual(['Refused: Confirm Destructive Action is an expression. Nothing was sent.']);
	});

	it('names the device when UEM has none, or outputs nothing when told to', async () => {
		const { results } = await runItems([
			{ ...send, deviceIdType: 'serialNumber', deviceIdValue: 'GONE' },
			{ ...send, deviceIdType: 'serialNumber', deviceIdValue: 'GONE', options: { ifNotFound: 'skip' } },
		], () => missing({ errorCode: 5002 }));
		expect(results).toEqual(['Device not found: no device with Serial Number "GONE"', []]);
	});
});

describe('Device › Send Command › Note on Device', () => {
	const send = { deviceIdType: 'deviceId', deviceIdValue: '12', command: 'Lock', dryRun: false, options: { note: ' Lost on a train, ticket IT-7 ' } };
	const note = { DeviceId: 12, Note: 'Lost on a train, ticket IT-7' };

	it("writes the note on the device's record once UEM accepted the command, never before", async () => {
		const { results, calls, bodies } = await runItems([send]);
		expect(calls).toEqual(['POST /api/mdm/devices/12/commands?command=Lock v1', 'POST /api/mdm/devices/12/notes v1']);
		expect(bodies[1]).toEqual(note);
		expect(results[0]).toEqual([expect.objectContaining({ status: 204, note: { added: true, text: note.Note, status: 204 } })]);
	});

	it('reads the device id first for an identifier the command endpoint takes as it is, so that the note can name it; a dry run shows both requests', async () => {
		const dry = await runItems([{ ...send, deviceIdType: 'serialNumber', deviceIdValue: 'SN1', dryRun: true }], () => ok(deviceRecord(12)));
		expect(dry.calls).toEqual(['GET /api/mdm/devices?searchby=Serialnumber&id=SN1 v1']);
		expect(dry.results[0]).toEqual([
			{ dryRun: true, command: 'Lock', device: { serialNumber: 'SN1' }, deviceId: 12, wouldSend: 'POST /api/mdm/devices/12/commands?command=Lock', wouldAddNote: 'POST /api/mdm/devices/12/notes', note: note.Note },
		]);
	});

	it('keeps the sent command when the note fails, telling it beside the command instead of failing the item (a failed item invites a second send)', async () => {
		const { results, calls } = await runItems([send], (path) => (path.endsWith('/notes') ? missing({ errorCode: 5002, message: 'Device not found.' }) : empty()));
		expect(calls).toHaveLength(2);
		expect(results[0]).toEqual([expect.objectContaining({ sent: 'POST /api/mdm/devices/12/commands?command=Lock', status: 204, note: expect.objectContaining({ added: false, error: expect.stringContaining('Device not found') }) })]);
	});

	it('refuses Send In Bulk with a note on every item before any request: UEM has no bulk notes', async () => {
		const { context } = fakeContext([{ ...send, bulk: true }, { ...send, bulk: true }]);
		const api = new FakeApi(() => empty());
		const results = await device.sendCommand.prepareRun.call(context, 2)!(api);
		expect(results.map((result) => (result as Error).message)).toEqual(Array(2).fill('Note on Device does not go with Send In Bulk: nothing was sent'));
		expect(api.calls).toEqual([]);
	});
});

describe('Device › Send Message', () => {
	const message = { deviceIdType: 'deviceId', deviceIdValue: '12', dryRun: false, message: ' Please return your laptop by Friday. ' };
	const runMessages = async (items: Array<Record<string, unknown>>, route?: (path: string) => FakeAnswer) => await runItems(items, route, FAKE_NODE, device.sendMessage);

	it.each([
		['push', { application: 'Intelligent Hub' }, { MessageBody: 'Please return your laptop by Friday.', Application: 'Intelligent Hub' }],
		['push', {}, { MessageBody: 'Please return your laptop by Friday.' }],
		['email', { subject: 'Your laptop' }, { MessageBody: 'Please return your laptop by Friday.', Subject: 'Your laptop' }],
		['sms', {}, { MessageBody: 'Please return your laptop by Friday.' }],
	])('%s %j: one call with body %j', async (channel, extra, body) => {
		const { results, calls, bodies } = await runMessages([{ ...message, channel, ...extra }]);
		expect(calls).toEqual([`POST /api/mdm/devices/12/messages/${channel} v1`]);
		expect(bodies).toEqual([body]);
		expect(results[0]).toEqual([{ channel, device: { deviceId: '12' }, deviceId: 12, sent: `POST /api/mdm/devices/12/messages/${channel}`, body, status: 204 }]);
	});

	it('reads the device id first for any other identifier; a dry run, the default, sends nothing', async () => {
		const real = await runMessages([{ ...message, channel: 'sms', deviceIdType: 'serialNumber', deviceIdValue: 'SN1' }], (path) => (path.startsWith('/api/mdm/devices?') ? ok(deviceRecord(12)) : empty()));
		expect(real.calls).toEqual(['GET /api/mdm/devices?searchby=Serialnumber&id=SN1 v1', 'POST /api/mdm/devices/12/messages/sms v1']);
		const dry = await runMessages([{ ...message, channel: 'push', dryRun: undefined }]);
		expect(dry.calls).toEqual([]);
		expect(dry.results[0]).toEqual([expect.objectContaining({ dryRun: true, wouldSend: 'POST /api/mdm/devices/12/messages/push' })]);
	});

	it('refuses an empty message, an email without a subject and an unknown channel before any request', async () => {
		const { results, calls } = await runMessages([
			{ ...message, channel: 'push', message: '  ' },
			{ ...message, channel: 'email', subject: '' },
			{ ...message, channel: 'fax' },
		]);
		expect(results).toEqual(['Message is empty', 'Subject is empty', 'Unknown channel "fax"']);
		expect(calls).toEqual([]);
	});
});

describe('Profile › Install on Device and Remove From Device', () => {
	it.each([
		['installOnDevice', 'deviceId', '12', [], { DeviceId: 12 }],
		['installOnDevice', 'udid', 'AB12', [], { Udid: 'AB12' }],
		['removeFromDevice', 'macAddress', 'AA:BB', [], { MacAddress: 'AA:BB' }],
		['removeFromDevice', 'imei', '3500', ['GET /api/mdm/devices?searchby=ImeiNumber&id=3500 v1'], { DeviceId: 12 }],
		['installOnDevice', 'uuid', '2f6c1f7e-0c5b-4b8e-9a4e-6f1d2c3b4a59', ['GET /api/mdm/devices/2f6c1f7e-0c5b-4b8e-9a4e-6f1d2c3b4a59 v2'], { DeviceId: 12 }],
	])('%s by %s: %j then the write, body %j', async (operation, deviceIdType, deviceIdValue, reads, body) => {
		const { context } = fakeContext({ profileId: '305', deviceIdType, deviceIdValue, dryRun: false });
		const api = new FakeApi((path) => (path.startsWith('/api/mdm/devices') ? ok(deviceRecord(12)) : empty()));
		const prepare = (operation === 'installOnDevice' ? profile.installOnDevice : profile.removeFromDevice).prepare;
		const output = await prepare.call(context, 0)(api);
		const action = operation === 'installOnDevice' ? 'install' : 'remove';
		expect(api.calls.map((call) => `${call.method} ${call.path} v${call.version}`)).toEqual([...reads, `POST /api/mdm/profiles/305/${action} v1`]);
		expect(api.calls[api.calls.length - 1].body).toEqual(body);
		expect(output).toEqual([expect.objectContaining({ action, profileId: 305, body, status: 204 })]);
	});
});

describe("UEM's bulk answer, in both readings", () => {
	it('reads per-value faults from Faults.Fault[] and from a bare Faults[], whatever the keys\' case', () => {
		const wrapped = bulkFaults({ TotalItems: 2, Faults: { Fault: [{ ErrorCode: 5002, ItemValue: 'SN1', Message: 'Device not found.' }] } });
		const bare = bulkFaults({ faults: [{ errorCode: 1001, itemValue: 'sn2', message: 'Not supported.' }] });
		expect([...wrapped]).toEqual([['sn1', { errorCode: 5002, message: 'Device not found.' }]]);
		expect([...bare]).toEqual([['sn2', { errorCode: 1001, message: 'Not supported.' }]]);
		expect(bulkFaults(undefined).size).toBe(0);
	});
});

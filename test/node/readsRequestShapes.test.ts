// What the reads send and output, checked at the boundary with the fake client (no HTTP, milliseconds):
// Organization Group, Smart Group, User and App, in both node versions, bad input refused before
// any request, and App › Get Fleet Status on the shared fleet engine with both readings of UEM.
import type { IDataObject, INode } from 'n8n-workflow';

import * as app from '../../nodes/WorkspaceOneUem/actions/app/App.resource';
import type { PreparedItem } from '../../nodes/WorkspaceOneUem/actions/node.type';
import * as organizationGroup from '../../nodes/WorkspaceOneUem/actions/organizationGroup/OrganizationGroup.resource';
import * as smartGroup from '../../nodes/WorkspaceOneUem/actions/smartGroup/SmartGroup.resource';
import * as user from '../../nodes/WorkspaceOneUem/actions/user/User.resource';
import { getPages } from '../../nodes/WorkspaceOneUem/transport/paging';
import { empty, FAKE_NODE, fakeContext, FakeApi, missing, ok, type FakeAnswer } from '../harness/fakes';

type Operation = { prepare(this: never, itemIndex: number): PreparedItem };

const V2: INode = { ...FAKE_NODE, typeVersion: 2 };
const picked = (value: string | number, mode = 'list') => ({ __rl: true, mode, value: String(value) });
const queryOf = (path: string) => new URLSearchParams(path.split('?')[1] ?? '');

async function run(operation: Operation, parameters: Record<string, unknown>, route: (path: string) => FakeAnswer, node: INode = FAKE_NODE) {
	const { context, hints } = fakeContext(parameters, node);
	const api = new FakeApi(route);
	const output = await (operation.prepare as (this: unknown, itemIndex: number) => PreparedItem).call(context, 0)(api);
	return { output, calls: api.calls.map((call) => `${call.method} ${call.path} v${call.version}`), hints };
}

/** `prepare` alone: bad input must fail here, before the returned function could make a call. */
function prepareOnly(operation: Operation, parameters: Record<string, unknown>, node: INode = FAKE_NODE) {
	const { context } = fakeContext(parameters, node);
	return () => (operation.prepare as (this: unknown, itemIndex: number) => PreparedItem).call(context, 0);
}

const groupRecord = (id: number, name: string, parent?: number) => ({ Id: { Value: id }, Name: name, ...(parent ? { ParentLocationGroup: { Id: { Value: parent } } } : {}) });
const deviceRecord = (id: number, userName = `user${id}`) => ({ Id: { Value: id }, SerialNumber: `SN${id}`, UserName: userName, Platform: 'Apple', LocationGroupId: { Id: { Value: 571 }, Name: 'EMEA' } });

describe('Organization Group › Search and Get Children', () => {
	it('searches by name in pages as large as the limit needs, each group with its organizationGroupId first', async () => {
		const result = await run(organizationGroup.search, { name: ' em ', limit: 2 }, () => ok({ LocationGroups: [groupRecord(571, 'EMEA'), groupRecord(574, 'Emerald')], Page: 0, PageSize: 2, Total: 2 }));
		expect(result.calls).toEqual(['GET /api/system/groups/search?name=em&page=0&pagesize=2 v1']);
		expect(result.output).toEqual([
			{ organizationGroupId: 571, ...groupRecord(571, 'EMEA') },
			{ organizationGroupId: 574, ...groupRecord(574, 'Emerald') },
		]);
	});

	it.each([
		['version 1, typed', FAKE_NODE, { organizationGroupId: 570 }],
		['version 2, picked', V2, { organizationGroup: picked(570) }],
	])('lists the children of a group (%s), leaving the group itself out; a bare list and LocationGroups both read', async (_name, node, parameters) => {
		for (const body of [[groupRecord(570, 'Global'), groupRecord(571, 'EMEA', 570)], { LocationGroups: [groupRecord(571, 'EMEA', 570), groupRecord(570, 'Global')] }]) {
			const result = await run(organizationGroup.getChildren, parameters, () => ok(body), node);
			expect(result.calls).toEqual(['GET /api/system/groups/570/children v1']);
			expect(result.output).toEqual([{ organizationGroupId: 571, ...groupRecord(571, 'EMEA', 570) }]);
		}
	});

	it("refuses an empty or non-numeric group before any request, and an unknown one is UEM's 404", async () => {
		expect(prepareOnly(organizationGroup.getChildren, { organizationGroup: picked('') }, V2)).toThrow('Organization Group is empty');
		expect(prepareOnly(organizationGroup.getChildren, { organizationGroupId: 'emea' })).toThrow('Organization Group must be a whole number, got "emea"');
		await expect(run(organizationGroup.getChildren, { organizationGroupId: 9 }, () => missing({ errorCode: 5015, message: 'Organization group not found.' }))).rejects.toThrow(
			'UEM found nothing at /api/system/groups/9/children (HTTP 404: error 5015, Organization group not found.)',
		);
	});
});

describe('Smart Group › Search and List Devices', () => {
	const smartGroupRecord = { SmartGroupID: 42, Name: 'Corporate Android', ManagedByOrganizationGroupID: 570, Devices: 2 };

	it('searches by name within a picked organization group, each smart group with its smartGroupId first', async () => {
		const result = await run(smartGroup.search, { name: 'android', organizationGroup: picked(571), returnAll: true }, () => ok({ SmartGroups: [smartGroupRecord], Page: 0, PageSize: 500, Total: 1 }), V2);
		expect(result.calls).toEqual(['GET /api/mdm/smartgroups/search?name=android&organizationgroupid=571&page=0&pagesize=500 v1']);
		expect(result.output).toEqual([{ smartGroupId: 42, ...smartGroupRecord }]);
	});

	it("lists a smart group's devices, simplified in version 2 by default, UEM's records in version 1 and with Simplify off", async () => {
		const route = () => ok({ Devices: [deviceRecord(1001), deviceRecord(1002)], Page: 0, PageSize: 500, Total: 2 });
		const simplified = await run(smartGroup.listDevices, { smartGroup: picked(42), returnAll: true, simplify: true }, route, V2);
		expect(simplified.calls).toEqual(['GET /api/mdm/smartgroups/42/devices?page=0&pagesize=500 v1']);
		expect(simplified.output.map((item) => [item.smartGroupId, item.deviceId, item.serialNumber, item.organizationGroupId])).toEqual([
			[42, 1001, 'SN1001', 571],
			[42, 1002, 'SN1002', 571],
		]);
		for (const [parameters, node] of [[{ smartGroupId: '42', returnAll: true }, FAKE_NODE], [{ smartGroup: picked(42), returnAll: true, simplify: false }, V2]] as const) {
			const whole = await run(smartGroup.listDevices, parameters, route, node);
			expect(whole.output[0]).toEqual({ smartGroupId: 42, ...deviceRecord(1001) });
		}
	});

	it('refuses a smart group that is not a number before any request', () => {
		expect(prepareOnly(smartGroup.listDevices, { smartGroupId: 'sales' })).toThrow('Smart Group must be a whole number, got "sales"');
		expect(prepareOnly(smartGroup.listDevices, { smartGroup: picked(''), limit: 0 }, V2)).toThrow('Smart Group is empty');
		expect(prepareOnly(smartGroup.listDevices, { smartGroupId: '42', limit: 0 })).toThrow('Limit must be a whole number of at least 1, got 0');
	});
});

describe('User › Search', () => {
	const userRecord = (id: number, userName: string) => ({
		Id: { Value: id },
		Uuid: `uuid-${id}`,
		UserName: userName,
		FirstName: 'Jane',
		LastName: 'Doe',
		DisplayName: 'Jane Doe',
		Status: true,
		Email: `${userName}@example.com`,
		MobileNumber: '+44 7700 900123',
		Group: 'EMEA',
		LocationGroupId: '571',
		Role: 'Full Access',
		EnrolledDevicesCount: '2',
	});
	const tenant = (path: string): FakeAnswer => {
		if (path.startsWith('/api/system/users/search')) return ok({ Users: [userRecord(51, 'jdoe'), userRecord(52, 'jdoe2')], Page: 0, PageSize: 500, Total: 2 });
		const user = queryOf(path).get('user');
		// UEM's device filter also finds longer names: jdoe's search returns jdoe2's device too.
		const devices = [deviceRecord(1001, 'jdoe'), deviceRecord(1002, 'JDoe'), deviceRecord(1003, 'jdoe2')].filter((device) => device.UserName.toLowerCase().includes(String(user)));
		return devices.length > 0 ? ok({ Devices: devices, Page: 0, PageSize: 500, Total: devices.length }) : empty();
	};

	it('sends email and user name, simplifies user records (version 2), and keeps UEM\'s in version 1', async () => {
		const simplified = await run(user.search, { email: 'example.com', userName: 'jdoe', limit: 10, simplify: true }, tenant, V2);
		expect(simplified.calls).toEqual(['GET /api/system/users/search?email=example.com&username=jdoe&page=0&pagesize=10 v1']);
		expect(simplified.output[0]).toEqual({
			userId: 51,
			uuid: 'uuid-51',
			userName: 'jdoe',
			email: 'jdoe@example.com',
			firstName: 'Jane',
			lastName: 'Doe',
			displayName: 'Jane Doe',
			active: true,
			phoneNumber: '+44 7700 900123',
			organizationGroupId: 571,
			organizationGroupName: 'EMEA',
			role: 'Full Access',
			enrolledDevices: 2,
		});
		const whole = await run(user.search, { userName: 'jdoe', limit: 10 }, tenant);
		expect(whole.output[0]).toEqual(userRecord(51, 'jdoe'));
	});

	it("adds each user's own devices: one device search per user by the exact name, never a longer name's devices", async () => {
		const result = await run(user.search, { userName: 'jdoe', returnAll: true, includeDevices: true, simplify: true }, tenant, V2);
		expect(result.calls.slice(1).sort()).toEqual([
			'GET /api/mdm/devices/search?user=jdoe&orderby=Id&page=0&pagesize=500 v1',
			'GET /api/mdm/devices/search?user=jdoe2&orderby=Id&page=0&pagesize=500 v1',
		]);
		expect(result.output.map((item) => [item.userName, (item.devices as IDataObject[]).map((device) => device.deviceId)])).toEqual([
			['jdoe', [1001, 1002]],
			['jdoe2', [1003]],
		]);
	});

	it('keeps only the user named exactly with Exact Match, and their devices stay whole in version 1', async () => {
		const result = await run(user.search, { userName: 'JDOE', limit: 5, includeDevices: true, options: { exactMatch: true } }, tenant);
		expect(result.output.map((item) => item.UserName)).toEqual(['jdoe']);
		expect((result.output[0].devices as IDataObject[]).map((device) => device.Id)).toEqual([{ Value: 1001 }, { Value: 1002 }]);
		expect(result.calls[0]).toBe('GET /api/system/users/search?username=JDOE&page=0&pagesize=500 v1');
	});
});

describe('App › Search and Get Status', () => {
	const appRecord = { Id: { Value: 205 }, ApplicationName: 'Expense Tracker', BundleId: 'com.example.expenses', AppVersion: '3.2.1', AppType: 'Internal', Status: 'Active', Platform: 2, LocationGroupId: 570, AssignedDeviceCount: 10, InstalledDeviceCount: 8, NotInstalledDeviceCount: 2, Uuid: 'app-uuid' };

	it('maps the filters to UEM\'s app search, simplifies (version 2) or keeps UEM\'s record', async () => {
		const route = () => ok({ Application: [appRecord], Page: 0, PageSize: 3, Total: 1 });
		const simplified = await run(app.search, { limit: 3, simplify: true, filters: { name: 'expense', platform: 'Apple', type: 'Internal' } }, route, V2);
		expect(simplified.calls).toEqual(['GET /api/mam/apps/search?applicationname=expense&platform=Apple&applicationtype=Internal&page=0&pagesize=3 v1']);
		expect(simplified.output).toEqual([
			{ appId: 205, uuid: 'app-uuid', name: 'Expense Tracker', bundleId: 'com.example.expenses', version: '3.2.1', type: 'Internal', platform: 'Apple', status: 'Active', organizationGroupId: 570, assignedDevices: 10, installedDevices: 8, notInstalledDevices: 2 },
		]);
		const whole = await run(app.search, { limit: 3 }, route);
		expect(whole.output).toEqual([appRecord]);
	});

	const deviceApps = (status: unknown = 'Pending Install') => ({
		DeviceApps: [
			{ ApplicationName: 'Expense Tracker', Version: '3.2.1', Status: 'Installed', ApplicationIdentifier: 'com.example.expenses', Type: 'Internal', IsManaged: true },
			{ ApplicationName: 'Microsoft Outlook', Version: '', Status: status, ApplicationIdentifier: 'com.microsoft.Office.Outlook', Type: 'Public', IsManaged: true },
		],
		Page: 0,
		PageSize: 500,
		Total: 2,
	});

	it.each([
		['deviceId', '1001', ['GET /api/mdm/devices/1001/apps?page=0&pagesize=500 v1']],
		['serialNumber', 'SN1001', ['GET /api/mdm/devices?searchby=Serialnumber&id=SN1001 v1', 'GET /api/mdm/devices/1001/apps?page=0&pagesize=500 v1']],
	])('lists the apps of a device by %s: %j', async (deviceIdType, deviceIdValue, expected) => {
		const result = await run(app.getStatus, { deviceIdType, deviceIdValue }, (path) => (path.includes('/apps') ? ok(deviceApps()) : ok(deviceRecord(1001))));
		expect(result.calls).toEqual(expected);
		expect(result.output.map((item) => [item.deviceId, item.name, item.bundleId, item.version, item.status, item.installed])).toEqual([
			[1001, 'Expense Tracker', 'com.example.expenses', '3.2.1', 'Installed', true],
			[1001, 'Microsoft Outlook', 'com.microsoft.Office.Outlook', null, 'Pending Install', false],
		]);
		expect(result.output[0].raw).toEqual(deviceApps().DeviceApps[0]);
	});

	it("keeps a status UEM sends as a number without guessing what it means, and filters on what is known", async () => {
		const result = await run(app.getStatus, { deviceIdType: 'deviceId', deviceIdValue: '1001', options: { onlyNotInstalled: true } }, () => ok(deviceApps(5)), FAKE_NODE);
		expect(result.output.map((item) => [item.name, item.statusCode, item.status, item.installed])).toEqual([['Microsoft Outlook', 5, 'Unrecognised (5)', null]]);
		const byName = await run(app.getStatus, { deviceIdType: 'deviceId', deviceIdValue: '1001', options: { appName: 'EXPENSE' } }, () => ok(deviceApps()));
		expect(byName.output.map((item) => item.name)).toEqual(['Expense Tracker']);
	});

	it('names the device when UEM has none, or outputs nothing when told to, and refuses a bad device before any request', async () => {
		await expect(run(app.getStatus, { deviceIdType: 'serialNumber', deviceIdValue: 'GONE' }, () => empty())).rejects.toThrow('Device not found: no device with Serial Number "GONE"');
		await expect(run(app.getStatus, { deviceIdType: 'deviceId', deviceIdValue: '9' }, () => missing({ errorCode: 5002 }))).rejects.toThrow('Device not found: no device with Device ID "9"');
		const skipped = await run(app.getStatus, { device: picked('9', 'id'), options: { ifNotFound: 'skip' } }, () => missing({ errorCode: 5002 }), V2);
		expect(skipped.output).toEqual([]);
		expect(prepareOnly(app.getStatus, { deviceIdType: 'deviceId', deviceIdValue: 'x' })).toThrow('Device ID must be a whole number, got "x"');
	});
});

describe('App › Get Fleet Status', () => {
	const catalogue = {
		Application: [
			{ Id: { Value: 205 }, ApplicationName: 'Expense Tracker', BundleId: 'com.example.expenses', AppType: 'Internal', Platform: 2, Uuid: 'u-205' },
			{ Id: { Value: 203 }, ApplicationName: 'Microsoft Outlook', BundleId: 'com.microsoft.Office.Outlook', AppType: 'Public', Platform: 2, Uuid: 'u-203' },
		],
		Page: 0,
		PageSize: 500,
		Total: 2,
	};
	const devicesOf: Record<string, { installed: number[]; assigned: number[] }> = {
		'internal/205': { installed: [10], assigned: [10, 20, 30, 40] },
		'public/203': { installed: [10], assigned: [10, 20] },
	};
	/** Each device's own list: 20 has Expense Tracker pending and Outlook failed; 30 lacks Expense Tracker; 40 installed it meanwhile. */
	const onDevice: Record<number, Array<[string, unknown]>> = {
		10: [['com.example.expenses', 'Installed'], ['com.microsoft.Office.Outlook', 'Installed']],
		20: [['com.example.expenses', 'Pending Install'], ['com.microsoft.Office.Outlook', 'Install Failed']],
		30: [],
		40: [['com.example.expenses', 'Installed']],
	};
	const tenant = ({ withListing = true, gone = [] as number[] } = {}) => (path: string): FakeAnswer => {
		if (path.startsWith('/api/mam/apps/search')) return ok(catalogue);
		const listing = /^\/api\/mam\/apps\/(\w+\/\d+)\/devices/.exec(path);
		if (listing) {
			if (!withListing) return missing({ errorCode: 8, message: 'Resource not found.' });
			const ids = devicesOf[listing[1]][queryOf(path).get('status') as 'installed' | 'assigned'];
			return ids.length > 0 ? ok({ DeviceId: ids, Page: 0, PageSize: 500, Total: ids.length }) : empty();
		}
		if (path.startsWith('/api/mdm/devices/search')) return ok({ Devices: [10, 20, 30, 40].map((id) => deviceRecord(id)), Page: 0, PageSize: 500, Total: 4 });
		const deviceId = Number(/\/api\/mdm\/devices\/(\d+)\/apps/.exec(path)?.[1]);
		if (gone.includes(deviceId)) return missing({ errorCode: 5002 });
		const apps = onDevice[deviceId].map(([bundle, status]) => ({ ApplicationName: bundle, ApplicationIdentifier: bundle, Status: status, Version: '' }));
		return apps.length > 0 ? ok({ DeviceApps: apps, Page: 0, PageSize: 500, Total: apps.length }) : empty();
	};
	const pairs = (output: IDataObject[]) => output.map((item) => `${item.deviceId}/${item.appId}/${item.status}`);

	it('lists installed then assigned devices per app, reads each failing device once, and outputs in device id order', async () => {
		const result = await run(app.getFleetStatus, { apps: 'all' }, tenant());
		expect(result.calls.filter((call) => call.includes('/api/mam/apps/') && !call.includes('search'))).toEqual([
			'GET /api/mam/apps/internal/205/devices?status=installed&page=0&pagesize=500 v1',
			'GET /api/mam/apps/internal/205/devices?status=assigned&page=0&pagesize=500 v1',
			'GET /api/mam/apps/public/203/devices?status=installed&page=0&pagesize=500 v1',
			'GET /api/mam/apps/public/203/devices?status=assigned&page=0&pagesize=500 v1',
		]);
		expect(result.calls.filter((call) => /devices\/\d+\/apps/.test(call)).sort()).toEqual([
			'GET /api/mdm/devices/20/apps?page=0&pagesize=500 v1',
			'GET /api/mdm/devices/30/apps?page=0&pagesize=500 v1',
			'GET /api/mdm/devices/40/apps?page=0&pagesize=500 v1',
		]);
		// 40 was listed as not installed, but its own list says installed (it was, in between): not reported.
		expect(pairs(result.output)).toEqual(['20/205/Pending Install', '20/203/Install Failed', '30/205/Not Installed']);
		expect(result.output[2]).toEqual({ deviceId: 30, name: 'Expense Tracker', bundleId: 'com.example.expenses', version: null, statusCode: null, status: 'Not Installed', installed: false, managed: null, type: null, raw: null, appId: 205, appUuid: 'u-205', platform: 'Apple' });
		expect(result.hints).toEqual([]);
	});

	it('reports the one app picked (version 2) or typed (version 1), and refuses an unknown app before any listing', async () => {
		const picked203 = await run(app.getFleetStatus, { apps: 'one', app: picked(203) }, tenant(), V2);
		expect(pairs(picked203.output)).toEqual(['20/203/Install Failed']);
		const typed = await run(app.getFleetStatus, { apps: 'one', appId: '205' }, tenant());
		expect(pairs(typed.output)).toEqual(['20/205/Pending Install', '30/205/Not Installed']);
		const { context } = fakeContext({ apps: 'one', appId: '999' });
		const api = new FakeApi(tenant());
		await expect(app.getFleetStatus.prepare.call(context, 0)(api)).rejects.toThrow('No app with the ID 999');
		expect(api.calls.map((call) => call.path)).toEqual(['/api/mam/apps/search?page=0&pagesize=500']);
		expect(prepareOnly(app.getFleetStatus, { apps: 'one', app: picked('') }, V2)).toThrow('App is empty');
		expect(prepareOnly(app.getFleetStatus, { apps: '={{ $json.which }}' })).toThrow('Apps must be One App or All Apps, got "={{ $json.which }}"');
	});

	it('falls back to every device on a tenant without the listing, and says what that costs and what it cannot tell', async () => {
		const result = await run(app.getFleetStatus, { apps: 'all' }, tenant({ withListing: false }));
		expect(result.calls.filter((call) => call.includes('/devices?status='))).toEqual(['GET /api/mam/apps/internal/205/devices?status=installed&page=0&pagesize=500 v1']);
		// Only devices of the apps' platform can have them: one device search by platform.
		expect(result.calls).toContain('GET /api/mdm/devices/search?platform=Apple&orderby=Id&page=0&pagesize=500 v1');
		expect(pairs(result.output)).toEqual(['20/205/Pending Install', '20/203/Install Failed']);
		expect(result.hints.map((hint) => hint.message)).toEqual([
			expect.stringContaining('lacks the per-app device listing (GET /api/mam/apps/{type}/{id}/devices answered HTTP 404), so App › Get Fleet Status checked every device instead: 4 per-device calls were made. Without that listing'),
		]);
	});

	it('names a device listed but gone when read, and fails with the app\'s name when UEM no longer finds it', async () => {
		const result = await run(app.getFleetStatus, { apps: 'one', appId: '205' }, tenant({ gone: [30] }));
		expect(pairs(result.output)).toEqual(['20/205/Pending Install']);
		expect(result.hints.map((hint) => hint.message)).toEqual([expect.stringContaining('1 device was listed but gone when its apps were read (deleted or unenrolled during the report), so it is not in the output: device ID 30.')]);
		const deleted = (path: string) => (path.includes('status=assigned') ? missing({ errorCode: 5055, message: 'Application not found.' }) : tenant()(path));
		await expect(run(app.getFleetStatus, { apps: 'one', appId: '205' }, deleted)).rejects.toThrow('UEM no longer finds the app "Expense Tracker" (205)');
	});
});

describe('paging', () => {
	it('stops at a page longer than asked for: a server that ignores paging would otherwise repeat itself', async () => {
		// Every device at once, whatever page is asked for.
		const api = new FakeApi(() => ok({ Devices: Array.from({ length: 1200 }, (_v, i) => deviceRecord(1000 + i)), Total: 1200 }));
		const answer = await getPages(api, { path: '/api/mdm/smartgroups/1/devices', version: 1, itemsKey: 'Devices', totalKey: 'Total' });
		expect(api.calls.map((call) => call.path)).toEqual(['/api/mdm/smartgroups/1/devices?page=0&pagesize=500']);
		expect(answer.found && new Set(answer.items).size).toBe(1200);
	});
});

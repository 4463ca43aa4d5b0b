// App › Search, Get Status and Get Fleet Status through n8n's engine against the simulator: the
// apps a device has and how they stand, and every device where an app is assigned but not
// installed, on the fleet engine of profiles: per-app listings instead of a call per device,
// the per-device fallback and its hint, and the App picker through n8n's LoadOptionsContext.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startSimulator } from '../../simulator';
import { STATUS_CODES } from '../../simulator/apps';
import { listSearch, pickerContext } from '../harness/pickers';
import { runWorkflow, simulatorCredentials, type UemStep } from '../harness/workflow';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

describe('App', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ devices: 600, seed: 31 });
	});
	afterAll(async () => await sim.close());
	beforeEach(() => {
		sim.resetCounters();
		sim.settings.appEndpoints = true;
		sim.settings.appStatusAsCode = false;
	});

	const json = (items: INodeExecutionData[]) => items.map((item) => item.json);
	const picked = (value: number | string, mode = 'list') => ({ __rl: true, mode, value: String(value) });
	// No client-side rate limit: these runs are about what comes out (the limit has tests of its own).
	const run = async (step: UemStep, input?: Array<Record<string, unknown>>) =>
		await runWorkflow({ steps: [{ continueOnFail: true, ...step, parameters: { options: { requestsPerMinute: 0 }, ...step.parameters } }], credentials: simulatorCredentials(sim), input });
	const hintsOf = (result: Awaited<ReturnType<typeof run>>) => (result.run.data.resultData.runData['UEM 1'][0].hints ?? []).map((hint) => hint.message);

	/** What the simulator knows is not installed, as `deviceId/appId/status` in device id order, then the apps' order. */
	const expectedFailures = (apps: Simulator['fleet']['apps']) => {
		const wanted = new Set(apps);
		const names: Record<string, string> = { PendingInstall: 'Pending Install', InstallFailed: 'Install Failed', NotNow: 'Not Now', NotListed: 'Not Installed' };
		return [...sim.fleet.devices]
			.sort((a, b) => a.id - b.id)
			.flatMap((device) => apps.flatMap((app) => device.apps.filter((entry) => entry.app === app && wanted.has(app) && entry.status !== 'Installed').map((entry) => `${device.id}/${app.id}/${names[entry.status]}`)));
	};
	const keysOf = (items: INodeExecutionData[]) => json(items).map((item) => `${item.deviceId}/${item.appId}/${item.status}`);

	it('searches apps by name and platform, simplified in version 2 by default, whole in version 1', async () => {
		const simplified = await run({ typeVersion: 2, parameters: { resource: 'app', operation: 'search', returnAll: true, filters: { name: 'expense', platform: 'Android' } } });
		const app = sim.fleet.apps.find((candidate) => candidate.name === 'Expense Tracker' && candidate.platform === 'Android')!;
		expect(json(simplified.items)).toEqual([
			{
				appId: app.id,
				uuid: app.uuid,
				name: app.name,
				bundleId: app.bundleId,
				version: app.version,
				type: 'Internal',
				platform: 'Android',
				status: 'Active',
				organizationGroupId: 570,
				assignedDevices: sim.fleet.devicesForApp(app, 'assigned').length,
				installedDevices: sim.fleet.devicesForApp(app, 'installed').length,
				notInstalledDevices: sim.fleet.devicesForApp(app, 'assigned').length - sim.fleet.devicesForApp(app, 'installed').length,
			},
		]);
		const whole = await run({ parameters: { resource: 'app', operation: 'search', returnAll: true, filters: { type: 'Purchased' } } });
		expect(json(whole.items).map((record) => [record.Id, record.AppType, record.Platform])).toEqual(
			sim.fleet.apps.filter((candidate) => candidate.type === 'Purchased').map((candidate) => [{ Value: candidate.id }, 'Purchased', { Apple: 2, AppleOsX: 10 }[candidate.platform]]),
		);
	});

	it("lists a device's apps with their install status, from a Device Search item with nothing typed", async () => {
		const device = sim.fleet.devices.find((candidate) => candidate.apps.some((entry) => entry.status === 'InstallFailed'))!;
		const result = await runWorkflow({
			steps: [
				{ name: 'Find', typeVersion: 2, parameters: { resource: 'device', operation: 'get', device: picked(device.serialNumber, 'serialNumber') } },
				{ name: 'Apps', typeVersion: 2, parameters: { resource: 'app', operation: 'getStatus', options: { onlyNotInstalled: true } } },
			],
			credentials: simulatorCredentials(sim),
		});
		const expected = device.apps.filter((entry) => entry.status !== 'Installed' && entry.status !== 'NotListed');
		expect(json(result.outputs.Apps).map((item) => [item.deviceId, item.bundleId, item.installed])).toEqual(expected.map((entry) => [device.id, entry.app.bundleId, false]));
		// Simplify (on by default in version 2) leaves UEM's own record out.
		expect(json(result.outputs.Apps)).toContainEqual(expect.objectContaining({ status: 'Install Failed', managed: true }));
		expect(json(result.outputs.Apps).filter((item) => 'raw' in item)).toEqual([]);
	});

	it("keeps UEM's numeric statuses as they came, and makes an unknown device an error on its item only", async () => {
		sim.settings.appStatusAsCode = true;
		const device = sim.fleet.devices[3];
		const result = await run({ parameters: { resource: 'app', operation: 'getStatus', deviceIdType: 'deviceId', deviceIdValue: '={{ $json.id }}' } }, [{ id: device.id }, { id: 999_999 }, { id: 'x' }]);
		const items = json(result.items);
		const listed = device.apps.filter((entry) => entry.status !== 'NotListed');
		expect(items.slice(0, listed.length).map((item) => [item.statusCode, item.installed])).toEqual(listed.map((entry) => [STATUS_CODES[entry.status as keyof typeof STATUS_CODES], null]));
		expect(items.slice(listed.length)).toEqual([
			expect.objectContaining({ error: 'Device not found: no device with Device ID "999999"', httpCode: 404, errorCode: 5002 }),
			expect.objectContaining({ error: 'Device ID must be a whole number, got "x"' }),
		]);
	});

	describe('Get Fleet Status', () => {
		it('finds every device where an app is not installed, with calls per app and per failing device, not per device', async () => {
			const result = await run({ typeVersion: 2, parameters: { resource: 'app', operation: 'getFleetStatus', apps: 'all' } });
			expect(result.error).toBeUndefined();
			const expected = expectedFailures(sim.fleet.apps);
			expect(expected.length).toBeGreaterThan(40);
			expect(keysOf(result.items)).toEqual(expected);

			const failing = new Set(expected.map((key) => key.split('/')[0])).size;
			const pages = sim.fleet.apps.reduce((sum, app) => sum + Math.max(1, Math.ceil(sim.fleet.devicesForApp(app, 'installed').length / 500)) + Math.max(1, Math.ceil(sim.fleet.devicesForApp(app, 'assigned').length / 500)), 0);
			expect(sim.snapshot().byRoute).toEqual({ appSearch: 1, appDevices: pages, deviceApps: failing });
			expect(sim.snapshot().requests).toBeLessThan(sim.fleet.devices.length / 5);
			expect(hintsOf(result)).toEqual([]);
		});

		it('reports one app picked From List, with the fields of Get Status and the app it is about', async () => {
			const app = sim.fleet.apps.find((candidate) => candidate.name === 'Microsoft Outlook' && candidate.platform === 'Apple')!;
			const result = await run({ typeVersion: 2, parameters: { resource: 'app', operation: 'getFleetStatus', app: picked(app.id) } });
			expect(keysOf(result.items)).toEqual(expectedFailures([app]));
			const absent = json(result.items).find((item) => item.status === 'Not Installed');
			const listed = json(result.items).find((item) => item.status !== 'Not Installed');
			expect(absent).toEqual({ deviceId: expect.any(Number), name: app.name, bundleId: app.bundleId, version: null, statusCode: null, status: 'Not Installed', installed: false, managed: null, type: null, appId: app.id, appUuid: app.uuid, platform: 'Apple' });
			expect(listed).toMatchObject({ name: app.name, bundleId: app.bundleId, installed: false, managed: true, type: 'Public', appId: app.id });
			expect(listed).not.toHaveProperty('raw');

			// Simplify off: UEM's record of the app on the device, none where the device's list lacks the app.
			const whole = await run({ typeVersion: 2, parameters: { resource: 'app', operation: 'getFleetStatus', app: picked(app.id), simplify: false } });
			expect(json(whole.items).find((item) => item.status === 'Not Installed')).toMatchObject({ raw: null });
			expect(json(whole.items).find((item) => item.status !== 'Not Installed')).toMatchObject({ raw: expect.objectContaining({ ApplicationIdentifier: app.bundleId }) });
		});

		it('leaves out a device that installed the app between the listing and its read', async () => {
			const app = sim.fleet.apps.find((candidate) => candidate.id === 206)!;
			const [first] = expectedFailures([app]);
			const deviceId = Number(first.split('/')[0]);
			// Installed once the app's assigned devices were listed (the app search counts them first, hence the second time).
			const original = sim.fleet.devicesForApp;
			let assignedReads = 0;
			sim.fleet.devicesForApp = (candidate, which) => {
				const devices = original(candidate, which);
				if (candidate === app && which === 'assigned' && ++assignedReads === 2) sim.fleet.setAppStatus(deviceId, app.id, 'Installed');
				return devices;
			};
			try {
				const result = await run({ parameters: { resource: 'app', operation: 'getFleetStatus', appId: String(app.id) } });
				expect(keysOf(result.items)).toEqual(expectedFailures([app]));
				expect(keysOf(result.items).some((key) => key.startsWith(`${deviceId}/`))).toBe(false);
				expect(sim.snapshot().byRoute.deviceApps).toBe(expectedFailures([app]).length + 1);
			} finally {
				sim.fleet.devicesForApp = original;
			}
		});

		it('falls back to one call per device on a tenant without the per-app listing, and says so', async () => {
			sim.settings.appEndpoints = false;
			const app = sim.fleet.apps.find((candidate) => candidate.id === 205)!;
			const result = await run({ parameters: { resource: 'app', operation: 'getFleetStatus', appId: String(app.id) } });
			// Without the listing, an assigned app missing from a device's own list cannot be told.
			expect(keysOf(result.items)).toEqual(expectedFailures([app]).filter((key) => !key.endsWith('/Not Installed')));
			// Only devices of the app's platform are read: Android devices carry an app with the same bundle id.
			const apple = sim.fleet.devices.filter((device) => device.platform === 'Apple').length;
			expect(sim.snapshot().byRoute).toEqual({ appSearch: 1, appDevices: 1, deviceSearch: Math.ceil(apple / 500), deviceApps: apple });
			expect(hintsOf(result)).toEqual([expect.stringContaining(`answered HTTP 404), so App › Get Fleet Status checked every device instead: ${apple} per-device calls were made.`)]);
		});

		it('refuses an unknown app, naming some the client can see, on its item only; an empty one before any request', async () => {
			const result = await run({ parameters: { resource: 'app', operation: 'getFleetStatus', appId: '={{ $json.app }}' } }, [{ app: 999 }, { app: '' }]);
			expect(json(result.items)).toEqual([
				expect.objectContaining({ error: 'No app with the ID 999', description: expect.stringContaining(`${sim.fleet.apps[0].name} (${sim.fleet.apps[0].id})`) }),
				expect.objectContaining({ error: 'App is empty' }),
			]);
			expect(sim.snapshot().byRoute).toEqual({ appSearch: 1 });
		});

		it('offers apps in the picker by name, platform and kind', async () => {
			const found = await listSearch('searchApps', pickerContext(simulatorCredentials(sim)), 'outlook');
			expect(found.results).toEqual(
				sim.fleet.apps.filter((app) => app.name === 'Microsoft Outlook').map((app) => ({ name: `Microsoft Outlook (${app.platform}, ${app.type.toLowerCase()})`, value: String(app.id) })),
			);
		});

		it('keeps Concurrency across the listings and the device reads of several reports in one run', async () => {
			sim.faults.config.latencyMs = 5;
			try {
				const result = await run({ parameters: { resource: 'app', operation: 'getFleetStatus', apps: 'all', options: { concurrency: 4, requestsPerMinute: 0 } } }, [{}, {}]);
				const expected = expectedFailures(sim.fleet.apps);
				expect(keysOf(result.items)).toEqual([...expected, ...expected]);
				expect((result.items as Array<INodeExecutionData & { pairedItem: IDataObject }>).map((item) => item.pairedItem.item)).toEqual([...expected.map(() => 0), ...expected.map(() => 1)]);
				expect(sim.snapshot().maxInFlight).toBe(4);
			} finally {
				sim.faults.config.latencyMs = 0;
			}
		});
	});
});

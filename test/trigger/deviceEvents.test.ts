// Trigger, events "Device enrolled" and "Device became non-compliant", polled through n8n-core's
// PollContext against the simulator: silent first polls, each new device reported once, filters.
import { startSimulator } from '../../simulator';
import { Poller } from '../harness/poll';
import { simulatorCredentials } from '../harness/workflow';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

const idsOf = (items: Array<Record<string, unknown>> | null) => (items ?? []).map((item) => (item.Id as { Value: number }).Value);

describe('trigger: device enrolled', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ devices: 1200, seed: 31 });
	});
	afterAll(async () => await sim.close());
	beforeEach(() => sim.resetCounters());

	const watch = (parameters: Record<string, unknown> = {}) =>
		new Poller({ parameters: { event: 'deviceEnrolled', ...parameters }, credentials: simulatorCredentials(sim) });

	it('records where the fleet ends with one call, then reports each new device once, oldest first, with one call a poll', async () => {
		const poller = watch();
		expect(await poller.poll()).toBeNull();
		expect(sim.snapshot().byRoute.deviceSearch).toBe(1);

		const first = sim.fleet.enrol({ platform: 'Android' });
		const second = sim.fleet.enrol({ platform: 'Apple' });
		const found = await poller.poll();
		expect(idsOf(found)).toEqual([first.id, second.id]);
		expect(found?.[0]).toMatchObject({ event: 'deviceEnrolled', SerialNumber: first.serialNumber, Platform: 'Android' });
		expect(await poller.poll()).toBeNull();
		expect(await poller.poll()).toBeNull();
		expect(sim.snapshot().byRoute.deviceSearch).toBe(4);
	});

	it('finds more new devices than one page holds', async () => {
		const poller = watch();
		await poller.poll();
		const enrolled = Array.from({ length: 230 }, () => sim.fleet.enrol()).map((device) => device.id);
		sim.resetCounters();
		expect(idsOf(await poller.poll())).toEqual(enrolled);
		// Pages of 100, newest first, until one reaches a known device.
		expect(sim.snapshot().byRoute.deviceSearch).toBe(3);
	});

	it('reports only devices of the organization group and platform', async () => {
		const poller = watch({ filters: { organizationGroupId: 573, platform: 'WinRT' } });
		await poller.poll();
		const wanted = sim.fleet.enrol({ platform: 'WinRT', groupId: 573 });
		sim.fleet.enrol({ platform: 'WinRT', groupId: 571 });
		sim.fleet.enrol({ platform: 'Android', groupId: 573 });
		expect(idsOf(await poller.poll())).toEqual([wanted.id]);
	});

	it('with Emit Existing on First Poll, outputs every device of the scope, then only new ones', async () => {
		const poller = watch({ filters: { platform: 'AppleOsX' }, options: { emitExisting: true } });
		const expected = sim.fleet.devices.filter((d) => d.platform === 'AppleOsX').map((d) => d.id);
		expect(idsOf(await poller.poll())).toEqual(expected);
		expect(await poller.poll()).toBeNull();
	});
});

describe('trigger: device became non-compliant', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ devices: 1500, seed: 41 });
	});
	afterAll(async () => await sim.close());
	beforeEach(() => sim.resetCounters());

	const watch = (parameters: Record<string, unknown> = {}) =>
		new Poller({ parameters: { event: 'deviceNonCompliant', ...parameters }, credentials: simulatorCredentials(sim) });
	const compliant = (where: (device: Simulator['fleet']['devices'][number]) => boolean = () => true) =>
		sim.fleet.devices.find((d) => d.compliance === 'Compliant' && where(d))!;

	it('records the non-compliant devices silently, then reports a device once when it turns non-compliant', async () => {
		const poller = watch();
		expect(sim.fleet.devices.filter((d) => d.compliance === 'NonCompliant').length).toBeGreaterThan(50);
		expect(await poller.poll()).toBeNull();
		expect(sim.snapshot().byRoute.deviceSearch).toBe(1);

		const device = compliant();
		sim.fleet.setCompliance(device.id, 'NonCompliant');
		const found = await poller.poll();
		expect(idsOf(found)).toEqual([device.id]);
		expect(found?.[0]).toMatchObject({ event: 'deviceNonCompliant', ComplianceStatus: 'NonCompliant' });
		expect(await poller.poll()).toBeNull();
		expect(await poller.poll()).toBeNull();
	});

	it('reports a device again when it becomes compliant and then non-compliant anew', async () => {
		const poller = watch();
		await poller.poll();
		const device = compliant();
		sim.fleet.setCompliance(device.id, 'NonCompliant');
		expect(idsOf(await poller.poll())).toEqual([device.id]);
		sim.fleet.setCompliance(device.id, 'Compliant');
		expect(await poller.poll()).toBeNull();
		sim.fleet.setCompliance(device.id, 'NonCompliant');
		expect(idsOf(await poller.poll())).toEqual([device.id]);
	});

	it('reports only devices of the organization group and platform', async () => {
		const poller = watch({ filters: { organizationGroupId: 571, platform: 'Apple' } });
		await poller.poll();
		const inScope = compliant((d) => d.groupId === 571 && d.platform === 'Apple');
		const outside = compliant((d) => d.groupId === 572 && d.platform === 'Apple');
		sim.fleet.setCompliance(inScope.id, 'NonCompliant');
		sim.fleet.setCompliance(outside.id, 'NonCompliant');
		expect(idsOf(await poller.poll())).toEqual([inScope.id]);
	});

	it('does not take a tenant that ignores the compliance filter for a fleet turned non-compliant', async () => {
		const poller = watch();
		await poller.poll();
		const device = compliant();
		sim.fleet.setCompliance(device.id, 'NonCompliant');
		// A tenant answering every device, whatever compliantstatus says.
		const everyDevice = sim.fleet.devices.slice(0, 500).map((d) => ({ Id: { Value: d.id }, ComplianceStatus: d.compliance }));
		sim.settings.forced.deviceSearch = { status: 200, body: { Devices: everyDevice, Page: 0, PageSize: 500, Total: 500 } };
		try {
			const found = await poller.poll();
			expect(idsOf(found)).toEqual([device.id]);
		} finally {
			delete sim.settings.forced.deviceSearch;
		}
	});
});

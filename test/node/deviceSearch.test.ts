// Device → Search through n8n's engine against the simulator: Return All, Limit, filters, 204.
import { startSimulator } from '../../simulator';
import { runWorkflow, simulatorCredentials } from '../harness/workflow';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

describe('Device → Search', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ devices: 10_000, seed: 11 });
	});
	afterAll(async () => await sim.close());
	beforeEach(() => sim.resetCounters());

	const search = async (parameters: Record<string, unknown>, continueOnFail = false) =>
		await runWorkflow({
			steps: [{ parameters: { resource: 'device', operation: 'search', ...parameters }, continueOnFail }],
			credentials: simulatorCredentials(sim),
		});

	it('Return All over 10,000 devices outputs exactly the fleet, one item per device, in 20 pages', async () => {
		const result = await search({ returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(10_000);
		const ids = result.items.map((item) => (item.json.Id as { Value: number }).Value);
		expect(new Set(ids).size).toBe(10_000);
		expect([...ids].sort((a, b) => a - b)).toEqual(sim.fleet.devices.map((d) => d.id));
		expect(result.items[0].json).toHaveProperty('SerialNumber');
		expect(result.items.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(sim.snapshot().byRoute.deviceSearch).toBe(20);
		expect(sim.snapshot().byVersion.deviceSearch).toEqual({ 1: 20 });
	});

	it('Limit stops after that many devices and asks only for what it needs', async () => {
		const result = await search({ returnAll: false, limit: 7 });
		expect(result.items).toHaveLength(7);
		expect(sim.snapshot().byRoute.deviceSearch).toBe(1);
	});

	it('sends every filter as UEM parameters and outputs only matching devices', async () => {
		const result = await search({
			returnAll: true,
			filters: { platform: 'Android', ownership: 'E', complianceStatus: 'Compliant', organizationGroupId: 571, orderBy: 'SerialNumber', sortOrder: 'DESC' },
		});
		const expected = sim.fleet.devices.filter(
			(d) => d.platform === 'Android' && d.ownership === 'E' && d.compliance === 'Compliant' && d.groupId === 571,
		);
		expect(result.items.map((item) => item.json.SerialNumber)).toEqual(
			expected.map((d) => d.serialNumber).sort().reverse(),
		);
	});

	it('reads the date filters as dates and passes them on', async () => {
		const since = new Date(sim.fleet.referenceTime - 3 * 24 * 3600 * 1000).toISOString();
		const result = await search({ returnAll: true, filters: { seenSince: since, user: 'user01' } });
		const at = Date.parse(since.slice(0, 19) + 'Z');
		const expected = sim.fleet.devices.filter((d) => d.lastSeen >= at && d.userName.includes('user01'));
		expect(result.items.length).toBe(expected.length);
		expect(expected.length).toBeGreaterThan(0);
	});

	it('outputs nothing (and no error) when UEM answers 204 for no match', async () => {
		const result = await search({ returnAll: true, filters: { user: 'no-such-user' } });
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([]);
		expect(sim.snapshot().byStatus[204]).toBe(1);
	});

	it('uses version 2 when asked to', async () => {
		await search({ returnAll: false, limit: 3, options: { apiVersion: '2' } });
		expect(sim.snapshot().byVersion.deviceSearch).toEqual({ 2: 1 });
	});

	it.each([[0], [-5]])('refuses a Limit of %d with a clear error before any request', async (limit) => {
		const result = await search({ returnAll: false, limit });
		expect(result.error?.message).toBe(`Limit must be a whole number of at least 1, got ${limit}`);
		expect(sim.snapshot().requests).toBe(0);
	});

	it('refuses a date it cannot read, naming the field', async () => {
		const result = await search({ returnAll: true, filters: { seenSince: 'last tuesday-ish' } }, true);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toBe('Seen Since is not a date: "last tuesday-ish"');
	});
});

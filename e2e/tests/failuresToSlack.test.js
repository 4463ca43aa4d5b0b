'use strict';
// The main job in real n8n: "profile failures to Slack" over 10,000 devices while tokens live
// only 4 seconds: the fleet example (few calls), then the per-device example (one call per
// device), whose run outlives many tokens.

const { startSimulator } = require('../../simulator');
const { PROFILE_STATUS_NAMES } = require('../../simulator/fleet');
const { N8nInstance } = require('../lib/n8n');
const { DEMO_STATUS_MIX, WORKFLOWS, exampleFor, slackFailureLines, stage } = require('../lib/stage');

describe('profile failures to Slack, in real n8n', () => {
	let sim;
	let n8n;
	let held;
	beforeAll(async () => {
		sim = await startSimulator({ devices: 10_000, tokenLifetimeSeconds: 4, statusMix: DEMO_STATUS_MIX, faults: { latencyMs: 5 } });
		n8n = await N8nInstance.create();
		await stage(n8n, sim);
		held = sim.fleet.notInstalled().map((f) => `${f.deviceId}:${PROFILE_STATUS_NAMES[f.statusCode]}`);
		expect(held.length).toBeGreaterThan(100);
	});
	beforeEach(() => sim.resetCounters());
	afterAll(async () => {
		await n8n?.dispose();
		await sim?.close();
	});

	it('reports the whole fleet with calls per failing device, not per device, and Slack gets exactly the failures', async () => {
		const result = await n8n.execute(WORKFLOWS.failuresToSlack.id);
		expect(result.run?.status).toBe('success');

		const failures = result.run.data.resultData.runData['Profiles not installed'][0].data.main[0];
		expect(failures.filter((item) => item.json.error !== undefined)).toEqual([]);
		expect(failures.map((item) => `${item.json.deviceId}:${item.json.status}`).sort()).toEqual([...held].sort());
		expect(slackFailureLines(sim).sort()).toEqual([...held].sort());
		expect(sim.slack.messages[0].text).toContain(`${held.length} profile installs not confirmed`);

		const { byRoute, unauthorized } = sim.snapshot();
		const failingDevices = new Set(sim.fleet.notInstalled().map((f) => f.deviceId)).size;
		expect(byRoute.deviceProfiles).toBe(failingDevices);
		expect(byRoute.profileSearch).toBe(1);
		expect(byRoute.deviceSearch ?? 0).toBe(0);
		expect(unauthorized).toBe(0);
	});

	it('checks all 10,000 devices one by one with tokens far shorter than the run: no failed item, no refused token', async () => {
		// No client-side rate limit: this simulated tenant has no throttle, and the run should be long
		// only because of its 10,000 calls, not because of the default limit.
		const workflow = exampleFor('statusPerDevice', sim);
		workflow.id = 'uemStatusPerDeviceUnthrottled';
		workflow.nodes.find((node) => node.name === 'Profiles not installed').parameters.options.requestsPerMinute = 0;
		await n8n.importWorkflow(workflow);

		const result = await n8n.execute(workflow.id);
		expect(result.run?.status).toBe('success');
		const runData = result.run.data.resultData.runData;
		const devices = runData['Search all devices'][0].data.main[0];
		const failures = runData['Profiles not installed'][0].data.main[0];
		expect(devices).toHaveLength(10_000);
		expect(failures.filter((item) => item.json.error !== undefined)).toEqual([]);
		expect(failures.map((item) => `${item.json.deviceId}:${item.json.status}`).sort()).toEqual([...held].sort());

		const counters = sim.snapshot();
		const uemSeconds = (runData['Profiles not installed'][0].executionTime + runData['Search all devices'][0].executionTime) / 1000;
		expect(uemSeconds).toBeGreaterThan(8);
		expect(counters.byRoute.deviceProfiles).toBe(10_000);
		expect(counters.unauthorized).toBe(0);
		expect(counters.tokenExchanges).toBeGreaterThanOrEqual(Math.floor(uemSeconds / 4));
		expect(counters.tokenExchanges).toBeLessThanOrEqual(Math.ceil(uemSeconds / 3.6) + 2);
	});
});

'use strict';
// The main job in real n8n: "profile failures to Slack" over 10,000 devices while tokens live
// only 4 seconds, so the run outlives many of them.

const { startSimulator } = require('../../simulator');
const { PROFILE_STATUS_NAMES } = require('../../simulator/fleet');
const { N8nInstance } = require('../lib/n8n');
const { DEMO_STATUS_MIX, WORKFLOWS, slackFailureLines, stage } = require('../lib/stage');

describe('profile failures to Slack, in real n8n', () => {
	let sim;
	let n8n;
	beforeAll(async () => {
		sim = await startSimulator({ devices: 10_000, tokenLifetimeSeconds: 4, statusMix: DEMO_STATUS_MIX, faults: { latencyMs: 5 } });
		n8n = await N8nInstance.create();
		await stage(n8n, sim);
		sim.resetCounters();
	});
	afterAll(async () => {
		await n8n?.dispose();
		await sim?.close();
	});

	it('checks all 10,000 devices with tokens far shorter than the run: no failed item, Slack gets exactly the failures', async () => {
		const result = await n8n.execute(WORKFLOWS.failuresToSlack.id);
		expect(result.run?.status).toBe('success');

		const runData = result.run.data.resultData.runData;
		const devices = runData['Search all devices'][0].data.main[0];
		const failures = runData['Profiles not installed'][0].data.main[0];
		expect(devices).toHaveLength(10_000);
		expect(failures.filter((item) => item.json.error !== undefined)).toEqual([]);

		const held = sim.fleet.notInstalled().map((f) => `${f.deviceId}:${PROFILE_STATUS_NAMES[f.statusCode]}`);
		expect(held.length).toBeGreaterThan(100);
		expect(failures.map((item) => `${item.json.deviceId}:${item.json.status}`).sort()).toEqual([...held].sort());
		expect(slackFailureLines(sim).sort()).toEqual([...held].sort());
		expect(sim.slack.messages[0].text).toContain(`${held.length} profile installs not confirmed`);

		const counters = sim.snapshot();
		const uemSeconds = (runData['Profiles not installed'][0].executionTime + runData['Search all devices'][0].executionTime) / 1000;
		expect(uemSeconds).toBeGreaterThan(8);
		expect(counters.unauthorized).toBe(0);
		expect(counters.tokenExchanges).toBeGreaterThanOrEqual(Math.floor(uemSeconds / 4));
		expect(counters.tokenExchanges).toBeLessThanOrEqual(Math.ceil(uemSeconds / 3.6) + 2);
	});
});

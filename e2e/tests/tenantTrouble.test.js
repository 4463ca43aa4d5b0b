'use strict';
// What a user sees in real n8n when the tenant says no: an unknown device, a throttled tenant,
// tokens revoked mid-run, and a tenant that keeps failing.

const { startSimulator } = require('../../simulator');
const { PROFILE_STATUS_NAMES } = require('../../simulator/fleet');
const { N8nInstance } = require('../lib/n8n');
const { DEMO_STATUS_MIX, WORKFLOWS, exampleFor, slackFailureLines, stage } = require('../lib/stage');

describe('a tenant in trouble, in real n8n', () => {
	let sim;
	let n8n;
	beforeAll(async () => {
		sim = await startSimulator({ devices: 2000, statusMix: DEMO_STATUS_MIX });
		n8n = await N8nInstance.create();
		await stage(n8n, sim, { serialNumber: 'NO-SUCH-SERIAL' });
	});
	afterAll(async () => {
		await n8n?.dispose();
		await sim?.close();
	});
	beforeEach(() => {
		sim.resetCounters();
		Object.assign(sim.faults.config, { throttleLimit: 0, serverErrorRate: 0 });
	});

	it('an unknown serial number stops the lookup with "Device not found" and UEM\'s error details', async () => {
		const { run } = await n8n.execute(WORKFLOWS.deviceLookup.id);
		expect(run.status).toBe('error');
		const error = run.data.resultData.error;
		expect(error.message).toBe('Device not found: no device with Serial Number "NO-SUCH-SERIAL"');
		expect(error.description).toMatch(/If Device Not Found.*UEM activity ID: [0-9a-f-]{36}\./);
		expect(error.httpCode).toBe('404');
	});

	it('a throttled tenant slows the run down but loses nothing: Slack still gets every failure', async () => {
		// Tighter than the node's default Requests Per Minute, as when other clients share the throttle:
		// the fleet report's hundred-odd calls meet it.
		Object.assign(sim.faults.config, { throttleLimit: 25, throttleWindowMs: 1000, retryAfter: 'seconds' });
		const { run } = await n8n.execute(WORKFLOWS.failuresToSlack.id);
		expect(run.status).toBe('success');
		const held = sim.fleet.notInstalled().map((f) => `${f.deviceId}:${PROFILE_STATUS_NAMES[f.statusCode]}`);
		expect(slackFailureLines(sim).sort()).toEqual([...held].sort());
		expect(sim.snapshot().faults.throttled).toBeGreaterThan(0);
	});

	it('every token revoked mid-run, the replacement too before its first answer: renewed twice, nothing lost', async () => {
		// One call at a time, so the call that met the revocation is the one that meets its
		// replacement's 401 too: a per-call "renew once" rule refused the rest of the run here (in CI,
		// where the fault soak's revocation once fell just after a renewal).
		const oneAtATime = exampleFor('failuresToSlack', sim);
		oneAtATime.id = 'uemFailuresToSlackOneAtATime';
		oneAtATime.name += ' (one call at a time)';
		oneAtATime.nodes.find((node) => node.name === 'Profiles not installed').parameters.options = { concurrency: 1 };
		await n8n.importWorkflow(oneAtATime);
		sim.slack.clear();
		sim.revokeTokensAtRequest(10, { replacementToo: true });
		const { run } = await n8n.execute(oneAtATime.id);
		expect(run.status).toBe('success');
		const held = sim.fleet.notInstalled().map((f) => `${f.deviceId}:${PROFILE_STATUS_NAMES[f.statusCode]}`);
		expect(slackFailureLines(sim).sort()).toEqual([...held].sort());
		// The revoked token and its replacement were each refused once; then the third token worked.
		expect(sim.snapshot().unauthorized).toBe(2);
		// Two replacements, and the run's first token when this n8n process held none yet.
		expect(sim.snapshot().tokenExchanges).toBeGreaterThanOrEqual(2);
		expect(sim.snapshot().tokenExchanges).toBeLessThanOrEqual(3);
	});

	it('a tenant that keeps failing stops the run with the status, UEM\'s message and the calls made', async () => {
		await n8n.importWorkflow(exampleFor('deviceLookup', sim, { serialNumber: sim.fleet.devices[0].serialNumber }));
		sim.faults.config.serverErrorRate = 1;
		const { run } = await n8n.execute(WORKFLOWS.deviceLookup.id);
		expect(run.status).toBe('error');
		const error = run.data.resultData.error;
		expect(error.message).toMatch(/^UEM failed with HTTP 50[03]: error 1, An unexpected error occurred on the server\.$/);
		expect(error.description).toContain('5 calls were made for GET /api/mdm/devices?searchby=Serialnumber');
		expect(sim.snapshot().requests).toBe(5);
	});
});

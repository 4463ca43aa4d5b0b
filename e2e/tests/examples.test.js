'use strict';
// The other two example workflows in real n8n, and what n8n keeps of the token: a second CLI
// execution reuses the cached token, and nothing n8n stored holds a token or the secret in clear.

const { startSimulator } = require('../../simulator');
const { N8nInstance } = require('../lib/n8n');
const { WORKFLOWS, exampleFor, stage } = require('../lib/stage');

function outputOf(run, node) {
	return run.data.resultData.runData[node][0].data.main[0].map((item) => item.json);
}

describe('example workflows in real n8n', () => {
	let sim;
	let n8n;
	let device;
	beforeAll(async () => {
		sim = await startSimulator({ devices: 500, tokenLifetimeSeconds: 3600 });
		device = sim.fleet.devices[123];
		n8n = await N8nInstance.create();
		await stage(n8n, sim, { serialNumber: device.serialNumber });
		sim.resetCounters();
	});
	afterAll(async () => {
		await n8n?.dispose();
		await sim?.close();
	});

	it('device lookup finds the device by serial number and lists its profiles', async () => {
		const { run } = await n8n.execute(WORKFLOWS.deviceLookup.id);
		expect(run.status).toBe('success');
		expect(outputOf(run, 'Find the device')[0].SerialNumber).toBe(device.serialNumber);
		expect(outputOf(run, 'List its profiles').map((p) => [p.deviceId, p.profileId, p.statusCode])).toEqual(
			device.assignments.map((a) => [device.id, a.profile.id, a.status]),
		);
		expect(sim.snapshot().tokenExchanges).toBe(1);
	});

	it('a second CLI execution reuses the token kept in static data: no new exchange', async () => {
		const { run } = await n8n.execute(WORKFLOWS.deviceLookup.id);
		expect(run.status).toBe('success');
		expect(sim.snapshot().tokenExchanges).toBe(1);
		expect(sim.snapshot().unauthorized).toBe(0);
	});

	it('the HTTP Request node calls any endpoint with the credential, and recovers after the tenant revokes its token', async () => {
		const first = await n8n.execute(WORKFLOWS.anyEndpoint.id);
		expect(first.run.status).toBe('success');
		const profiles = outputOf(first.run, 'Search profiles (any UEM endpoint)')[0].ProfileList;
		expect(profiles.map((p) => p.ProfileUuid)).toEqual(sim.fleet.profiles.map((p) => p.uuid));

		const exchangesBefore = sim.snapshot().tokenExchanges;
		expect(sim.tokenService.revoke()).toBeGreaterThanOrEqual(1);
		const second = await n8n.execute(WORKFLOWS.anyEndpoint.id);
		expect(second.run.status).toBe('success');
		expect(outputOf(second.run, 'Search profiles (any UEM endpoint)')[0].Total).toBe(sim.fleet.profiles.length);
		expect(sim.snapshot().unauthorized).toBeGreaterThanOrEqual(1);
		expect(sim.snapshot().tokenExchanges).toBe(exchangesBefore + 1);
	});

	it('syncing the non-compliant devices is a dry run as shipped; with Dry Run off each device gets one Sync Device', async () => {
		const nonCompliant = sim.fleet.devices.filter((d) => d.compliance === 'NonCompliant');
		expect(nonCompliant.length).toBeGreaterThan(10);
		const dry = await n8n.execute(WORKFLOWS.syncNonCompliant.id);
		expect(dry.run.status).toBe('success');
		expect(outputOf(dry.run, 'Sync each device')).toEqual(
			nonCompliant.map((d) => ({ dryRun: true, command: 'SyncDevice', device: { deviceId: String(d.id) }, deviceId: d.id, wouldSend: `POST /api/mdm/devices/${d.id}/commands?command=SyncDevice` })),
		);
		expect(sim.commands.entries).toEqual([]);

		const workflow = exampleFor('syncNonCompliant', sim);
		workflow.id = 'uemSyncNonCompliantForReal';
		workflow.nodes.find((node) => node.name === 'Sync each device').parameters.dryRun = false;
		await n8n.importWorkflow(workflow);
		const real = await n8n.execute(workflow.id);
		expect(real.run.status).toBe('success');
		expect(outputOf(real.run, 'Sync each device').map((item) => [item.deviceId, item.status])).toEqual(nonCompliant.map((d) => [d.id, 202]));
		expect(nonCompliant.map((d) => sim.commands.of(d.id))).toEqual(nonCompliant.map(() => ['SyncDevice']));
		expect(sim.commands.entries).toHaveLength(nonCompliant.length);
	});

	it('self-healing profiles: as shipped a dry run posts what it would re-push; with Dry Run off it re-pushes each failure once, and the next run finds none', async () => {
		const failing = sim.fleet.notInstalled();
		expect(failing.length).toBeGreaterThan(10);
		const devices = new Set(failing.map((pair) => pair.deviceId)).size;
		const posted = () => sim.slack.messages.map((message) => message.text);

		const before = posted().length;
		const dry = await n8n.execute(WORKFLOWS.selfHealing.id);
		expect(dry.run.status).toBe('success');
		expect(posted()[before]).toBe(`:eyes: Workspace ONE UEM (dry run): would re-push ${failing.length} profiles on ${devices} devices. Turn off Dry Run in "Re-push each profile" to send.`);
		expect(sim.commands.entries.filter((entry) => entry.command.startsWith('InstallProfile'))).toEqual([]);

		const workflow = exampleFor('selfHealing', sim);
		workflow.id = 'uemSelfHealingForReal';
		workflow.nodes.find((node) => node.name === 'Re-push each profile').parameters.dryRun = false;
		await n8n.importWorkflow(workflow);
		const sentAt = posted().length;
		const real = await n8n.execute(workflow.id);
		expect(real.run.status).toBe('success');
		expect(posted()[sentAt]).toBe(`:wrench: Workspace ONE UEM: re-pushed ${failing.length} profiles on ${devices} devices.`);
		const pushed = sim.commands.entries.filter((entry) => entry.command.startsWith('InstallProfile')).map((entry) => `${entry.deviceId}:${entry.command}`);
		expect(pushed.sort()).toEqual(failing.map((pair) => `${pair.deviceId}:InstallProfile:${pair.profileId}`).sort());

		const again = await n8n.execute(workflow.id);
		expect(again.run.status).toBe('success');
		expect(outputOf(again.run, 'Profiles not installed')).toEqual([]);
		expect(sim.commands.entries.filter((entry) => entry.command.startsWith('InstallProfile'))).toHaveLength(failing.length);
	});

	it("n8n's database holds the node's token cache sealed: no token and no secret in clear text", () => {
		const database = n8n.databaseBytes();
		expect(database.includes('workspaceOneUemTokens')).toBe(true);
		const issued = sim.tokenService.issuedTokens();
		expect(issued.length).toBeGreaterThanOrEqual(3);
		for (const token of issued) expect(database.includes(token)).toBe(false);
		expect(database.includes(sim.clients[0].clientSecret)).toBe(false);
	});
});

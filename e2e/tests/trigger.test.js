'use strict';
// The trigger in real n8n: the example "new profile failures to Slack (trigger)" imported and
// activated on a running n8n, polling every 5 seconds, while the test breaks and repairs profiles
// in the simulator. Slack must get each new failure exactly once, and nothing for a silent first
// poll, a failure that persists, or a repair.

const fs = require('node:fs');
const path = require('node:path');

const { startSimulator } = require('../../simulator');
const { N8nInstance } = require('../lib/n8n');
const { packPackage, REPO } = require('../lib/pack');
const { DEMO_STATUS_MIX, PLACEHOLDERS, simulatorCredential } = require('../lib/stage');

const WORKFLOW_FILE = path.join(REPO, 'examples', 'profile-failures-trigger-to-slack.json');
const TRIGGER_NODE = 'New profile failures';
const CONFIRMED_INSTALL = 3;
const CORRUPTED = 9;

/**
 * n8n refuses a poll time whose seconds field is not one number ("*\/5 * * * * *" is "shorter than
 * a minute"); twelve custom poll times of one second each are accepted and poll every 5 seconds.
 */
const EVERY_5_SECONDS = { item: Array.from({ length: 12 }, (_unused, i) => ({ mode: 'custom', cronExpression: `${i * 5} * * * * *` })) };

/** The example with its placeholders pointed at the simulator, polling every 5 seconds. */
function exampleWorkflow(sim) {
	const text = fs
		.readFileSync(WORKFLOW_FILE, 'utf8')
		.split(PLACEHOLDERS.slackWebhookUrl)
		.join(sim.slackWebhookUrl);
	const workflow = JSON.parse(text);
	workflow.nodes.find((node) => node.name === TRIGGER_NODE).parameters.pollTimes = EVERY_5_SECONDS;
	return workflow;
}

/** Every failure line posted to Slack, as `device/profile/status`, in order. */
function postedFailures(sim) {
	return sim.slack.messages
		.flatMap((message) => message.text.split('\n'))
		.map((line) => /^\u2022 \*(.+)\* on .* \(device (\d+)\): (\S+)$/.exec(line))
		.filter(Boolean)
		.map(([, profile, device, status]) => `${device}/${profile}/${status}`);
}

async function until(what, check, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (check()) return;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

describe('the trigger in an active workflow of real n8n', () => {
	let sim;
	let n8n;
	/** Each poll starts with one profile search: the count of polls so far. */
	const polls = () => sim.snapshot().byRoute.profileSearch ?? 0;
	/** Waits for `count` more polls to finish, and for any run they started to post. */
	const pollsPass = async (count) => {
		const target = polls() + count + 1;
		await until(`${count} more polls`, () => polls() >= target, 30_000 + count * 10_000);
		await new Promise((resolve) => setTimeout(resolve, 3_000));
	};
	const installedPair = (profileName, after = 0) => {
		for (const device of sim.fleet.devices) {
			if (device.id <= after) continue;
			const assignment = device.assignments.find((a) => a.profile.name === profileName && a.status === CONFIRMED_INSTALL);
			if (assignment) return { device, profile: assignment.profile, key: `${device.id}/${profileName}/Corrupted` };
		}
		throw new Error(`nothing installed for ${profileName}`);
	};

	beforeAll(async () => {
		sim = await startSimulator({ devices: 2000, statusMix: DEMO_STATUS_MIX, faults: { latencyMs: 2 } });
		n8n = await N8nInstance.create();
		n8n.installPackage(packPackage());
		await n8n.importCredentials([simulatorCredential(sim)]);
		await n8n.importWorkflow(exampleWorkflow(sim));
		await n8n.start();
		await n8n.signIn();
		sim.resetCounters();
		const activated = await n8n.activate('uemFailuresTrigger');
		expect(activated.active).toBe(true);
		// n8n 2.x publishes the activation through an outbox: the triggers start a moment later,
		// and an activation error shows only in its log.
		await until('the first poll', () => polls() >= 1).catch((error) => {
			throw new Error(`${error.message}\n${n8n.serverLog()}`);
		});
	});
	afterAll(async () => {
		await n8n?.dispose();
		await sim?.close();
	});

	it('records the fleet silently at activation and over the next polls', async () => {
		expect(sim.fleet.notInstalled().length).toBeGreaterThan(20);
		await pollsPass(2);
		expect(sim.slack.messages).toEqual([]);
	});

	it('posts a profile that fails once, and not again while it stays failed', async () => {
		const wifi = installedPair('Wi-Fi - Corporate');
		sim.fleet.setProfileStatus(wifi.device.id, wifi.profile.id, CORRUPTED);
		await until('the failure on Slack', () => sim.slack.messages.length > 0);
		await pollsPass(2);
		expect(postedFailures(sim)).toEqual([wifi.key]);
		expect(sim.slack.messages).toHaveLength(1);
		expect(sim.slack.messages[0].text).toContain('1 new profile failure on 1 device.');
	});

	it('posts two failures found at once, each once', async () => {
		const before = postedFailures(sim);
		const vpn = installedPair('VPN - Always On');
		const passcode = installedPair('Passcode Policy', vpn.device.id);
		sim.fleet.setProfileStatus(vpn.device.id, vpn.profile.id, CORRUPTED);
		sim.fleet.setProfileStatus(passcode.device.id, passcode.profile.id, CORRUPTED);
		await until('both failures on Slack', () => postedFailures(sim).length >= before.length + 2);
		await pollsPass(2);
		expect(postedFailures(sim).slice(before.length).sort()).toEqual([vpn.key, passcode.key].sort());
		expect(postedFailures(sim)).toHaveLength(before.length + 2);
	});

	it('posts nothing for a repair, and posts the pair again when it fails anew', async () => {
		const [first] = postedFailures(sim);
		const [deviceId, profileName] = first.split('/');
		const profile = sim.fleet.profiles.find((p) => p.name === profileName);
		const count = postedFailures(sim).length;
		sim.fleet.setProfileStatus(Number(deviceId), profile.id, CONFIRMED_INSTALL);
		await pollsPass(2);
		expect(postedFailures(sim)).toHaveLength(count);

		sim.fleet.setProfileStatus(Number(deviceId), profile.id, CORRUPTED);
		await until('the new failure on Slack', () => postedFailures(sim).length > count);
		await pollsPass(2);
		expect(postedFailures(sim).slice(count)).toEqual([first]);
	});

	it('kept one token for every poll, from its encrypted cache, and ran the workflow once per Slack message', async () => {
		expect(sim.snapshot().tokenExchanges).toBe(1);
		expect(sim.snapshot().unauthorized).toBe(0);
		const executions = await n8n.rest('GET', '/executions?filter=' + encodeURIComponent(JSON.stringify({ workflowId: 'uemFailuresTrigger' })));
		const runs = executions.results ?? executions;
		// Failures found by one poll make one run and, under 40 lines, one message.
		expect(runs.map((run) => run.status)).toEqual(sim.slack.messages.map(() => 'success'));
		expect(runs.length).toBeGreaterThanOrEqual(3);
	});

	it("saved the trigger's state with the emitted runs, and no token or secret in clear text", () => {
		const database = n8n.databaseBytes();
		expect(database.includes('workspaceOneUemTrigger')).toBe(true);
		for (const token of sim.tokenService.issuedTokens()) expect(database.includes(token)).toBe(false);
		expect(database.includes(sim.clients[0].clientSecret)).toBe(false);
	});
});

#!/usr/bin/env node
'use strict';
// `npm start`: the demo in a real n8n. Starts the UEM simulator (10,000 devices, tokens that
// live a minute so renewals happen while you watch) and n8n on http://localhost:5678 with the
// package installed, a credential for the simulator and the example workflows imported, an owner
// account set up; activates the pushed-events example, which registers itself with the simulated
// tenant, and has the tenant push one device wipe to it; keeps both running until Ctrl+C.
//
//   npm start -- [--devices N] [--port 5678] [--simulator-port 8787] [--token-lifetime S]
//   UEM_N8N_VERSION=1.123.81 npm start    another n8n than the newest (a version in e2e/n8n/)

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');

const { startSimulator } = require('../simulator');
const { N8nInstance } = require('./lib/n8n');
const { REPO } = require('./lib/pack');
const { productionUrl, registeredTarget, registrationSaved, waitFor } = require('./lib/events');
const { DEMO_STATUS_MIX, WORKFLOWS, exampleFor, stage } = require('./lib/stage');

const { values } = parseArgs({
	options: {
		devices: { type: 'string', default: '10000' },
		port: { type: 'string', default: '5678' },
		'simulator-port': { type: 'string', default: '8787' },
		'token-lifetime': { type: 'string', default: '60' },
		latency: { type: 'string', default: '20' },
	},
});

function say(line = '') {
	process.stdout.write(`${line}\n`);
}

async function main() {
	const sim = await startSimulator({
		devices: Number(values.devices),
		port: Number(values['simulator-port']),
		tokenLifetimeSeconds: Number(values['token-lifetime']),
		statusMix: DEMO_STATUS_MIX,
		faults: { latencyMs: Number(values.latency) },
	});
	// A fresh n8n every start, outside the repository: the package must resolve n8n-workflow
	// from n8n itself, not from this repository's node_modules.
	const userFolder = path.join(os.tmpdir(), 'n8n-nodes-workspace-one-uem-demo');
	fs.rmSync(userFolder, { recursive: true, force: true });
	fs.mkdirSync(userFolder, { recursive: true });
	say('Preparing real n8n (the first start installs it once: about 4 minutes)...');
	const n8n = await N8nInstance.create({ userFolder, env: { N8N_PORT: values.port }, keepFolder: true });

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		say('\nStopping n8n and the simulator...');
		await n8n.stop();
		await sim.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);

	try {
		await stage(n8n, sim);
		say('Starting n8n...');
		await n8n.start();
		const owner = await n8n.signIn();
		const failures = sim.fleet.notInstalled().length;

		say();
		say(`${`n8n ${n8n.version} is ready:`.padEnd(20)} http://localhost:${n8n.port}`);
		say(`  log in as          ${owner.email} / ${owner.password}`);
		// Every example the stage imported, by its name, the first one to open first.
		const names = Object.values(WORKFLOWS).map(({ file }) => JSON.parse(fs.readFileSync(path.join(REPO, 'examples', file), 'utf8')).name);
		say(`  workflows          "${names[0]}" (open it, click "Execute workflow")`);
		for (const name of names.slice(1)) say(`                     "${name}"`);
		say('  credential         "Workspace ONE UEM" (points at the simulator; try its Test button)');
		say();
		say(`UEM simulator:       ${sim.url}  (${sim.fleet.devices.length} devices, ${failures} profile installs not confirmed, tokens live ${values['token-lifetime']} s)`);
		say(`  what Slack got     ${sim.url}/_simulator/slack`);
		say(`  counters           ${sim.url}/_simulator/counters`);
		say(`  n8n log            ${n8n.logFile}`);
		say();
		await showPushedEvent(n8n, sim);
	} catch (error) {
		// A failed start leaves nothing running behind it.
		await n8n.stop();
		await sim.close();
		throw error;
	}
	say('Ctrl+C stops both.');
}

/**
 * Activates "device wiped or unenrolled → Slack" (it registers its URL with the simulated tenant
 * through the Event Notifications API), has the tenant push a device wipe, and shows what the run
 * posted to Slack. The tenant pushes more on request (the curl line).
 */
async function showPushedEvent(n8n, sim) {
	const { id } = WORKFLOWS.wipesToSlack;
	const pushed = () => sim.slack.messages.filter((message) => message.text.startsWith(':rotating_light:'));
	await n8n.activate(id);
	const target = await registeredTarget(sim, productionUrl(n8n.url, exampleFor('wipesToSlack', sim)));
	const device = sim.fleet.devices[0];
	// n8n saves the trigger's static data (the Basic pair's HMAC) just after the registration: an
	// event pushed before that is refused (401). The demo pushes at once, so it waits for that.
	await registrationSaved(n8n, id);
	const [answer] = await sim.events.push('deviceWiped', { deviceId: device.id });
	const registrations = () => sim.eventNotifications.log.map((entry) => `${entry.action} ${entry.id}`).join(', ');
	await waitFor(`the pushed event to reach Slack (n8n answered ${answer?.status}: ${answer?.text}; registrations: ${registrations()})`, () => pushed().length > 0, { timeoutMs: 60_000 });
	const name = JSON.parse(fs.readFileSync(path.join(REPO, 'examples', WORKFLOWS.wipesToSlack.file), 'utf8')).name;
	say(`Pushed events:      "${name}" is active and registered itself with the tenant`);
	say(`  (target ${target.id}, ${[...target.kinds].join(', ')}, user ${target.userName}; the password went to the tenant only)`);
	say(`  the tenant pushed  a device wipe of device ${device.id}: n8n answered ${answer.status} in ${answer.answeredAt - answer.postedAt} ms, and the run posted:`);
	say(`                     ${pushed()[0].text}`);
	say(`  push another       curl -X POST ${sim.url}/_simulator/events/push -d '{"kind":"deviceUnenrolled"}'`);
	say();
}

main().catch((error) => {
	process.stderr.write(`npm start failed: ${error.message}\n`);
	process.exit(1);
});

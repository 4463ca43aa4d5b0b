#!/usr/bin/env node
'use strict';
// `npm start`: the demo in a real n8n. Starts the UEM simulator (10,000 devices, tokens that
// live a minute so renewals happen while you watch) and n8n on http://localhost:5678 with the
// package installed, a credential for the simulator and the example workflows imported, an owner
// account set up, and keeps both running until Ctrl+C.
//
//   npm start -- [--devices N] [--port 5678] [--simulator-port 8787] [--token-lifetime S]

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');

const { startSimulator } = require('../simulator');
const { N8nInstance } = require('./lib/n8n');
const { REPO } = require('./lib/pack');
const { DEMO_STATUS_MIX, WORKFLOWS, stage } = require('./lib/stage');

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

	await stage(n8n, sim);
	say('Starting n8n...');
	await n8n.start();
	const owner = await n8n.signIn();
	const failures = sim.fleet.notInstalled().length;

	say();
	say(`n8n is ready:        http://localhost:${n8n.port}`);
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
	say('Ctrl+C stops both.');
}

main().catch((error) => {
	process.stderr.write(`npm start failed: ${error.message}\n`);
	process.exit(1);
});

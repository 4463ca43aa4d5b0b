#!/usr/bin/env node
'use strict';
// `npm run demo`: the main job, headless. Real n8n runs the "profile failures to Slack" example
// over a simulated tenant of 10,000 devices whose tokens live 30 seconds, then this prints what
// was posted to "Slack", the failures found, the API calls, the token exchanges and the time.
//
//   npm run demo -- [--devices N] [--token-lifetime S] [--latency MS] [--keep]

const { parseArgs } = require('node:util');

const { startSimulator } = require('../simulator');
const { N8nInstance } = require('./lib/n8n');
const { DEMO_STATUS_MIX, WORKFLOWS, slackFailureLines, stage } = require('./lib/stage');

const { values } = parseArgs({
	options: {
		devices: { type: 'string', default: '10000' },
		'token-lifetime': { type: 'string', default: '30' },
		latency: { type: 'string', default: '20' },
		keep: { type: 'boolean', default: false },
	},
});

function say(line = '') {
	process.stdout.write(`${line}\n`);
}

async function main() {
	const sim = await startSimulator({
		devices: Number(values.devices),
		tokenLifetimeSeconds: Number(values['token-lifetime']),
		statusMix: DEMO_STATUS_MIX,
		faults: { latencyMs: Number(values.latency) },
	});
	const n8n = await N8nInstance.create({ keepFolder: values.keep });
	try {
		say(`Simulated tenant: ${sim.fleet.devices.length} devices at ${sim.url}, tokens live ${values['token-lifetime']} s, ${values.latency} ms a call`);
		say(`Preparing real n8n ${n8n.version} with the package, the credential and the example workflows...`);
		await stage(n8n, sim);
		sim.resetCounters();

		say('Running "Workspace ONE UEM: profile failures to Slack" (n8n execute)...');
		const started = Date.now();
		const result = await n8n.execute(WORKFLOWS.failuresToSlack.id);
		const seconds = (Date.now() - started) / 1000;
		if (result.run?.status !== 'success') {
			throw new Error(`the workflow did not succeed:\n${result.run?.data?.resultData?.error?.message ?? result.output.slice(-3000)}`);
		}

		const runData = result.run.data.resultData.runData;
		const failuresFound = runData['Profiles not installed'][0].data.main[0].filter((item) => item.json.profileId !== undefined).length;
		const expected = sim.fleet.notInstalled().length;
		const posted = slackFailureLines(sim).length;
		const counters = sim.snapshot();

		say();
		say(`Posted to Slack (${sim.slack.messages.length} messages):`);
		say('-'.repeat(72));
		const [headline, ...details] = sim.slack.messages.map((message) => message.text);
		say(headline);
		if (details.length > 0) {
			say(details[0].split('\n').slice(0, 6).join('\n'));
			say(`... ${details.length} detail message(s), ${posted} device lines in all`);
		}
		say('-'.repeat(72));
		say(`Devices in the fleet: ${sim.fleet.devices.length}`);
		say(`Failures found:      ${failuresFound} (the simulator holds ${expected})`);
		say(`API calls:           ${counters.requests} (one call per device would be ${sim.fleet.devices.length}; ${counters.faults.throttled} throttled, ${counters.unauthorized} refused tokens)`);
		say(`Token exchanges:     ${counters.tokenExchanges}`);
		say(`Time taken:          ${seconds.toFixed(1)} s for the whole n8n execution (n8n start-up included)`);
		if (failuresFound !== expected || posted !== expected) process.exitCode = 1;
	} finally {
		await n8n.dispose();
		await sim.close();
		if (values.keep) say(`n8n user folder kept: ${n8n.userFolder}`);
	}
}

main().catch((error) => {
	process.stderr.write(`demo failed: ${error.message}\n`);
	process.exit(1);
});

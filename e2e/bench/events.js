#!/usr/bin/env node
'use strict';
// `npm run bench:events`: the Event Trigger under a burst in real n8n (regular mode), once per
// expression engine: n8n 2.40's default ("vm": a fresh isolate for each webhook request and each
// execution) and "legacy". The recorder workflow (trigger → HTTP Request) with the device record
// on; the simulated tenant posts the events as fast as 16 open requests allow. Prints events per
// second, the delay from POST to the run's start and token exchanges, for docs/event-trigger.md.
//
//   npm run bench:events -- [--events 1000] [--engines vm,legacy] [--concurrency 16]

const { parseArgs } = require('node:util');

const { startSimulator } = require('../../simulator');
const { measureBurst, productionUrl, recorderWorkflow, registeredTarget, registrationSaved } = require('../lib/events');
const { N8nInstance } = require('../lib/n8n');
const { packPackage } = require('../lib/pack');
const { simulatorCredential } = require('../lib/stage');

const { values } = parseArgs({
	options: { events: { type: 'string', default: '1000' }, engines: { type: 'string', default: 'vm,legacy' }, concurrency: { type: 'string', default: '16' } },
});
const count = Number(values.events);

async function burstWith(engine) {
	const sim = await startSimulator({ devices: count + 100, seed: 5, faults: { latencyMs: 2 } });
	const n8n = await N8nInstance.create({ env: { N8N_EXPRESSION_ENGINE: engine } });
	try {
		n8n.installPackage(packPackage());
		await n8n.importCredentials([simulatorCredential(sim)]);
		const workflow = recorderWorkflow({ id: 'uemEventsBench', sim, includeDevice: true });
		await n8n.importWorkflows([workflow]);
		await n8n.start();
		await n8n.signIn();
		await n8n.activate(workflow.id);
		const target = await registeredTarget(sim, productionUrl(n8n.url, workflow));
		await registrationSaved(n8n, workflow.id);
		sim.resetCounters();
		const { answers, runs, figures } = await measureBurst({
			sim,
			target,
			workflowId: workflow.id,
			count,
			concurrency: Number(values.concurrency),
			startsOf: async () => new Map((await n8n.executions(workflow.id)).map((run) => [run.id, run.startedAt])),
		});
		const lost = count - new Set(runs.map((run) => `${run.item.DeviceId}/${run.item.EventTime}`)).size;
		return { engine, ...figures, refused: answers.filter((answer) => answer.status !== 200).length, lostOrDoubled: lost + (runs.length - count), tokenExchanges: sim.snapshot().tokenExchanges };
	} finally {
		await n8n.dispose();
		await sim.close();
	}
}

(async () => {
	for (const engine of values.engines.split(',')) {
		const row = await burstWith(engine);
		process.stdout.write(
			`${row.engine}: ${row.events} events, ${row.perSecond}/s (${row.seconds} s), POST to run start p50 ${row.delayMs.p50} ms, p95 ${row.delayMs.p95} ms, max ${row.delayMs.max} ms; ` +
				`${row.tokenExchanges} token exchanges; ${row.refused} refused, ${row.lostOrDoubled} lost or doubled\n`,
		);
	}
})().catch((error) => {
	process.stderr.write(`bench:events failed: ${error.stack}\n`);
	process.exit(1);
});

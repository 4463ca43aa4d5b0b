#!/usr/bin/env node
'use strict';
// `npm run bench:commands`: one command (Lock) to every device of a fleet in real n8n, one call per
// device (what the peers do) against Send In Bulk, on the benchmark's tenant (50 ms a call, a
// 20,000/min throttle, Requests Per Minute 19,000, concurrency 16). Prints, per approach, the
// calls, the Send Command node's own time, the limit (the fastest the tenant could answer those
// calls: no faster than the rate limit, at most 16 at once, each at the tenant's latency plus its
// own measured time to answer it) and how many devices received the command twice (from the
// simulator's command log). The device search before it is not timed. A run under 30 s runs three
// times, each on a fresh tenant; the median counts, failures and duplicates are the worst run's.
//
//   npm run bench:commands -- [--devices 10000] [--approaches each,bulk]

const { parseArgs } = require('node:util');

const { startSimulator } = require('../../simulator');
const { N8nInstance } = require('../lib/n8n');
const { stage, CREDENTIAL_ID } = require('../lib/stage');
const { tenantFloorSeconds } = require('./limits');

const { values } = parseArgs({ options: { devices: { type: 'string', default: '10000' }, approaches: { type: 'string', default: 'each,bulk' } } });
const SETTINGS = { latencyMs: 50, throttlePerMinute: 20_000, requestsPerMinute: 19_000, concurrency: 16, bulkChunk: 500 };
const UEM = 'n8n-nodes-workspace-one-uem.workspaceOneUem';
const CREDENTIALS = { workspaceOneUemApi: { id: CREDENTIAL_ID, name: 'Workspace ONE UEM' } };

function lockWorkflow(id, bulk) {
	const options = { concurrency: SETTINGS.concurrency, requestsPerMinute: SETTINGS.requestsPerMinute };
	return {
		id,
		name: `Bench: Lock to every device${bulk ? ' in bulk' : ''}`,
		active: false,
		nodes: [
			{ id: 'b1', name: 'Run now', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'b2', name: 'Search all devices', type: UEM, typeVersion: 1, position: [220, 0], parameters: { resource: 'device', operation: 'search', returnAll: true, options }, credentials: CREDENTIALS },
			{
				id: 'b3',
				name: 'Lock',
				type: UEM,
				typeVersion: 1,
				position: [440, 0],
				onError: 'continueRegularOutput',
				parameters: { resource: 'device', operation: 'sendCommand', command: 'Lock', dryRun: false, bulk, options },
				credentials: CREDENTIALS,
			},
		],
		connections: {
			'Run now': { main: [[{ node: 'Search all devices', type: 'main', index: 0 }]] },
			'Search all devices': { main: [[{ node: 'Lock', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

function say(line = '') {
	process.stdout.write(`${line}\n`);
}

/** One run of one approach on a fresh tenant: the Lock node's time, its calls, and the tenant's floor for them. */
async function runOnce(n8n, devices, bulk, attempt) {
	const sim = await startSimulator({ devices, seed: 7, faults: { latencyMs: SETTINGS.latencyMs, throttleLimit: SETTINGS.throttlePerMinute, throttleWindowMs: 60_000 } });
	try {
		await stage(n8n, sim);
		const workflow = lockWorkflow(`benchLock${bulk ? 'Bulk' : 'Each'}${attempt}`, bulk);
		await n8n.importWorkflow(workflow);
		sim.resetCounters();
		const result = await n8n.execute(workflow.id, { timeoutMs: 3600_000 });
		const task = result.run?.data.resultData.runData.Lock?.[0];
		if (!task?.data) throw new Error(`the run did not finish:\n${result.output.slice(-2000)}`);
		const out = task.data.main[0].map((item) => item.json);
		const counters = sim.snapshot();
		const calls = (counters.byRoute.deviceCommand ?? 0) + (counters.byRoute.deviceCommandBulk ?? 0);
		const received = new Map();
		for (const entry of sim.commands.entries) received.set(entry.deviceId, (received.get(entry.deviceId) ?? 0) + 1);
		// The Lock node's calls are the last ones the tenant answered (the search's came before).
		const limit = tenantFloorSeconds(sim.counters.serviceMs.slice(-calls), SETTINGS);
		return {
			calls,
			seconds: task.executionTime / 1000,
			limit,
			failed: out.filter((item) => item.error !== undefined).length,
			received: received.size,
			twice: [...received.values()].filter((count) => count > 1).length,
			throttled: counters.faults.throttled,
		};
	} finally {
		await sim.close();
	}
}

async function main() {
	const devices = Number(values.devices);
	const n8n = await N8nInstance.create();
	const rows = [];
	try {
		const approaches = values.approaches.split(',');
		for (const bulk of [false, true].filter((inBulk) => approaches.includes(inBulk ? 'bulk' : 'each'))) {
			const approach = bulk ? 'Send Command, Send In Bulk' : 'Send Command, one call per device';
			// As in npm run bench: a run under 30 s runs three times and the median counts (one
			// run of a few hundred milliseconds says more about the machine's moment than the node).
			const runs = [await runOnce(n8n, devices, bulk, 0)];
			if (runs[0].seconds < 30) runs.push(await runOnce(n8n, devices, bulk, 1), await runOnce(n8n, devices, bulk, 2));
			const median = [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
			const worst = (key) => Math.max(...runs.map((run) => run[key]));
			rows.push({ approach, ...median, failed: worst('failed'), twice: worst('twice') });
			say(`  ${approach}: ${runs.map((run) => `${run.calls} calls, ${run.seconds.toFixed(2)} s (limit ${run.limit.toFixed(2)} s)`).join('; ')}`);
		}
	} finally {
		await n8n.dispose();
	}
	say();
	say(`${devices.toLocaleString('en-US')} devices, Lock to each; ${SETTINGS.latencyMs} ms a call, throttle ${SETTINGS.throttlePerMinute}/min, Requests Per Minute ${SETTINGS.requestsPerMinute}, concurrency ${SETTINGS.concurrency}`);
	say();
	say('| Approach | Calls | Time (the node) | Limit | × limit | 429s | Failed | Devices that received it | Received twice |');
	say('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
	for (const row of rows) {
		say(`| ${row.approach} | ${row.calls.toLocaleString('en-US')} | ${row.seconds.toFixed(2)} s | ${row.limit.toFixed(2)} s | ${(row.seconds / row.limit).toFixed(2)} | ${row.throttled} | ${row.failed} | ${row.received.toLocaleString('en-US')} | ${row.twice} |`);
	}
}

main().catch((error) => {
	process.stderr.write(`bench:commands failed: ${error.message}\n`);
	process.exit(1);
});

#!/usr/bin/env node
'use strict';
// `npm run bench:commands`: one command (Lock) to every device of a fleet in real n8n, one call per
// device (what the peers do) against Send In Bulk, on the benchmark's tenant (50 ms a call, a
// 20,000/min throttle, Requests Per Minute 19,000, concurrency 16). Prints, per approach, the
// calls, the Send Command node's own time, the limit (the calls in the rounds concurrency allows,
// at the tenant's latency, no faster than the rate limit) and how many devices received the
// command twice (from the simulator's command log). The device search before it is not timed.
//
//   npm run bench:commands -- [--devices 10000]

const { parseArgs } = require('node:util');

const { startSimulator } = require('../../simulator');
const { N8nInstance } = require('../lib/n8n');
const { stage, CREDENTIAL_ID } = require('../lib/stage');
const { rateLimitSeconds } = require('./limits');

const { values } = parseArgs({ options: { devices: { type: 'string', default: '10000' } } });
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

/** The fastest `calls` can go: in rounds of `concurrency` at the tenant's latency, and no faster than the rate limit. */
function limitSeconds(calls) {
	return Math.max(Math.ceil(calls / SETTINGS.concurrency) * (SETTINGS.latencyMs / 1000), rateLimitSeconds(calls, SETTINGS.requestsPerMinute));
}

function say(line = '') {
	process.stdout.write(`${line}\n`);
}

async function main() {
	const devices = Number(values.devices);
	const n8n = await N8nInstance.create();
	const rows = [];
	try {
		for (const bulk of [false, true]) {
			const sim = await startSimulator({ devices, seed: 7, faults: { latencyMs: SETTINGS.latencyMs, throttleLimit: SETTINGS.throttlePerMinute, throttleWindowMs: 60_000 } });
			try {
				await stage(n8n, sim);
				const workflow = lockWorkflow(bulk ? 'benchLockBulk' : 'benchLockEach', bulk);
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
				const seconds = task.executionTime / 1000;
				rows.push({
					approach: bulk ? 'Send Command, Send In Bulk' : 'Send Command, one call per device',
					calls,
					seconds,
					limit: limitSeconds(calls),
					failed: out.filter((item) => item.error !== undefined).length,
					received: received.size,
					twice: [...received.values()].filter((count) => count > 1).length,
					throttled: counters.faults.throttled,
				});
				say(`  ${rows[rows.length - 1].approach}: ${calls} calls, ${seconds.toFixed(2)} s`);
			} finally {
				await sim.close();
			}
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

#!/usr/bin/env node
'use strict';
// `npm run measure:queue`: the 50,000-device fleet report in n8n's queue mode with 1 and with 2
// workers, without and with a per-minute throttle on the simulated tenant. The report is a parent
// workflow (`n8n execute`) that POSTs one slice of the fleet (organisation group × platform) per
// call to a webhook-triggered sub-workflow; main enqueues each slice and the workers take them.
// Each slice searches its devices and reads every device's profiles (Profile → Get Status: one
// call per device, the call-heavy way, which is what is worth spreading over workers).
//
// Prints a table: wall time, calls, token exchanges per worker (traced to the worker process by
// the operating system), slices and devices per worker, 429s, lost and duplicated devices.
//
//   npm run measure:queue -- [--devices 50000] [--latency 5] [--worker-concurrency 3]
//                            [--node-concurrency 16] [--throttle 18000] [--headroom 0.9] [--json FILE]
//   --throttle 0 skips the throttled runs.

const fs = require('node:fs');
const os = require('node:os');
const { parseArgs } = require('node:util');

const { PROFILE_STATUS_NAMES } = require('../../simulator/fleet');
const { DEMO_STATUS_MIX, simulatorCredential } = require('../lib/stage');
const { QueueCluster } = require('./cluster');
const { startObservedSimulator } = require('./observe');
const { IDS, PATHS, fleetReportWorkflow, fleetSliceWorkflow, fleetSlices } = require('./workflows');

const { values } = parseArgs({
	options: {
		devices: { type: 'string', default: '50000' },
		latency: { type: 'string', default: '5' },
		'worker-concurrency': { type: 'string', default: '3' },
		'node-concurrency': { type: 'string', default: '16' },
		throttle: { type: 'string', default: '18000' },
		headroom: { type: 'string', default: '0.9' },
		json: { type: 'string' },
	},
});

const DEVICES = Number(values.devices);
const WORKER_CONCURRENCY = Number(values['worker-concurrency']);
const NODE_CONCURRENCY = Number(values['node-concurrency']);
const THROTTLE = Number(values.throttle);
const HEADROOM = Number(values.headroom);

function say(line = '') {
	process.stdout.write(`${line}\n`);
}

/**
 * Requests Per Minute for each slice's nodes: the tenant's limit (with headroom for other API
 * users) shared by every slice that can run at the same time (workers × jobs per worker). The
 * option limits one execution; the tenant counts every call made with the API key.
 */
function perExecutionBudget(workers) {
	return THROTTLE > 0 ? Math.floor((THROTTLE * HEADROOM) / (workers * WORKER_CONCURRENCY)) : 0;
}

async function main() {
	let cluster;
	const sim = await startObservedSimulator(
		{ devices: DEVICES, seed: 7, statusMix: DEMO_STATUS_MIX, faults: { latencyMs: Number(values.latency) } },
		() => cluster?.processes() ?? {},
	);
	const scenarios = [
		{ workers: 1, throttle: 0 },
		...(THROTTLE > 0 ? [{ workers: 1, throttle: THROTTLE }] : []),
		{ workers: 2, throttle: 0 },
		...(THROTTLE > 0 ? [{ workers: 2, throttle: THROTTLE }] : []),
	].map((scenario) => ({ ...scenario, requestsPerMinute: scenario.throttle > 0 ? perExecutionBudget(scenario.workers) : 0 }));
	const reportId = (rpm) => `${IDS.report}Rpm${rpm}`;
	const results = [];
	try {
		say(`Simulated tenant: ${DEVICES} devices, ${values.latency} ms a call; n8n queue mode, worker --concurrency=${WORKER_CONCURRENCY}, node Concurrency ${NODE_CONCURRENCY}`);
		say(`Machine: ${os.cpus().length} cores, load average ${os.loadavg().map((n) => n.toFixed(1)).join(' ')} (shared with other work: timings are noisy)`);
		cluster = await QueueCluster.start({ workers: 2, workerConcurrency: WORKER_CONCURRENCY });
		const webhookUrl = `http://127.0.0.1:${cluster.mainPort}/webhook/${PATHS.slice}`;
		const budgets = [...new Set(scenarios.map((s) => s.requestsPerMinute))];
		await cluster.importData({
			credentials: [simulatorCredential(sim)],
			workflows: [
				fleetSliceWorkflow(),
				...budgets.map((rpm) =>
					fleetReportWorkflow(webhookUrl, fleetSlices(sim, { requestsPerMinute: rpm, concurrency: NODE_CONCURRENCY }), {
						id: reportId(rpm),
						name: `UEM queue: fleet report, ${rpm || 'no'} requests per minute per slice`,
					}),
				),
			],
		});
		await cluster.startProcesses();
		await cluster.activate(IDS.slice);

		const held = sim.fleet.notInstalled().map((f) => `${f.deviceId}:${f.profileId}:${PROFILE_STATUS_NAMES[f.statusCode]}`).sort();
		for (const scenario of scenarios) {
			const running = cluster.workers.filter((worker) => worker.pid);
			if (running.length > scenario.workers) for (const worker of running.slice(scenario.workers)) await cluster.stopWorker(worker.name);
			if (running.length < scenario.workers) for (const worker of cluster.workers.slice(running.length, scenario.workers)) await cluster.restartWorker(worker.name);
			sim.faults.config.throttleLimit = scenario.throttle;
			sim.faults.config.throttleWindowMs = 60_000;
			cluster.setStaticData(IDS.slice, {});
			sim.resetCounters();
			sim.resetObservations();
			const before = new Set(cluster.executions(IDS.slice).map((each) => each.id));
			say(`\nRunning: ${scenario.workers} worker(s), tenant throttle ${scenario.throttle ? `${scenario.throttle}/min` : 'none'}, Requests Per Minute per slice ${scenario.requestsPerMinute || 'off'}...`);
			const result = await cluster.main.execute(reportId(scenario.requestsPerMinute), { timeoutMs: 3_600_000 });
			if (result.run?.status !== 'success') throw new Error(`the report did not succeed:\n${result.output.slice(-3000)}`);
			const report = result.run.data.resultData.runData.Report[0].data.main[0][0].json;
			const slices = cluster.executions(IDS.slice).filter((each) => !before.has(each.id));
			const owners = cluster.workerOfExecutions();
			const perWorker = {};
			for (const slice of report.slices) {
				const name = owners.get(Number(slice.executionId)) ?? 'unknown';
				perWorker[name] ??= { slices: 0, devices: 0 };
				perWorker[name].slices++;
				perWorker[name].devices += slice.devices;
			}
			const tokens = sim.byProcess();
			for (const [name, counts] of Object.entries(tokens)) {
				perWorker[name] ??= { slices: 0, devices: 0 };
				perWorker[name].tokenExchanges = counts.tokenExchanges;
			}
			const counters = sim.snapshot();
			const fanOutSeconds = (Math.max(...slices.map((s) => s.stoppedAt)) - Math.min(...slices.map((s) => s.startedAt))) / 1000;
			const failures = [...report.failures].sort();
			const row = {
				...scenario,
				reportSeconds: result.seconds,
				fanOutSeconds,
				callsPerSecond: counters.requests / fanOutSeconds,
				apiCalls: counters.requests,
				perDeviceCalls: counters.byRoute.deviceProfiles ?? 0,
				throttled: counters.faults.throttled,
				busiestMinute: sim.busiestWindow(60_000),
				tokenExchanges: counters.tokenExchanges,
				perWorker,
				slices: slices.length,
				devicesChecked: report.devicesChecked,
				lost: DEVICES - report.uniqueDevices,
				duplicated: report.devicesChecked - report.uniqueDevices,
				failuresFound: failures.length,
				failuresExpected: held.length,
				failuresExact: JSON.stringify(failures) === JSON.stringify(held),
				loadAverage: os.loadavg()[0],
			};
			results.push(row);
			say(
				`  ${fanOutSeconds.toFixed(1)} s fan-out (${result.seconds.toFixed(1)} s with n8n execute's start), ${row.apiCalls} calls, ${row.throttled} throttled, ` +
					`busiest minute ${row.busiestMinute} calls; ` +
					Object.entries(perWorker)
						.map(([name, w]) => `${name}: ${w.slices} slices, ${w.devices} devices, ${w.tokenExchanges ?? 0} token exchanges`)
						.join('; '),
			);
		}
	} finally {
		await cluster?.dispose();
		await sim.close();
	}

	say('\n| Workers | Tenant throttle | Requests Per Minute per slice | Wall time (fan-out) | Calls/s | API calls | 429s | Token exchanges per worker | Slices / devices per worker | Lost | Duplicated | Failures found |');
	say('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
	for (const r of results) {
		const workers = Object.keys(r.perWorker).sort();
		say(
			`| ${r.workers} | ${r.throttle ? `${r.throttle.toLocaleString('en')}/min` : 'none'} | ${r.requestsPerMinute || 'off'} | ` +
				`${r.fanOutSeconds.toFixed(1)} s (${r.reportSeconds.toFixed(1)} s) | ${r.callsPerSecond.toFixed(0)} | ${r.apiCalls.toLocaleString('en')} | ${r.throttled} | ` +
				`${workers.map((w) => `${w}: ${r.perWorker[w].tokenExchanges ?? 0}`).join(', ')} | ` +
				`${workers.map((w) => `${r.perWorker[w].slices} / ${r.perWorker[w].devices.toLocaleString('en')}`).join(', ')} | ` +
				`${r.lost} | ${r.duplicated} | ${r.failuresFound}${r.failuresExact ? ' (exact)' : ` (expected ${r.failuresExpected})`} |`,
		);
	}
	if (values.json) fs.writeFileSync(values.json, JSON.stringify(results, null, 2));
	if (results.some((r) => r.lost !== 0 || r.duplicated !== 0 || !r.failuresExact)) process.exitCode = 1;
}

// Ctrl-C: exit through process.exit, so the cluster's exit handler stops what it started.
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

main().catch((error) => {
	process.stderr.write(`measure failed: ${error.stack ?? error.message}\n`);
	process.exit(1);
});

#!/usr/bin/env node
'use strict';
// `npm run bench`: profile status of a whole fleet, four ways, on the same simulated tenant (50 ms a
// call, a per-minute throttle, tokens that live shorter than the run), at 10,000 and 50,000 devices:
//   1. the field guide's way: sequential per-device calls, renewing the token on a fixed timer;
//   2. n8n's HTTP Request node with n8n's generic OAuth2 client-credentials credential, per device;
//   3. this node, Profile → Get Status per device, default concurrency;
//   4. this node, Profile → Get Fleet Status.
// Prints a table (wall time, calls, token exchanges, failed and lost items, peak memory, and the
// limit that latency, concurrency and the throttle allow) and writes docs/images/benchmark.svg.
//
//   npm run bench -- [--devices 10000,50000,250000] [--latency 50] [--throttle 20000]
//                    [--requests-per-minute 19000] [--token-lifetime 120] [--field-guide-max 10000]
//                    [--per-device-max 50000] [--approaches 1,2,3,4]
// Above --per-device-max devices only Get Fleet Status runs: a per-device report of 250,000 devices
// takes a quarter of an hour at the throttle, and the HTTP Request node would hold every response.

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { parseArgs } = require('node:util');

const { startSimulator } = require('../../simulator');
const { N8nInstance, freePort } = require('../lib/n8n');
const { packPackage, REPO } = require('../lib/pack');
const { DEMO_STATUS_MIX, simulatorCredential } = require('../lib/stage');
const { benchmarkChart, duration } = require('./chart');
const { watchPeakRss } = require('./memory');
const { approachLimits } = require('./limits');
const { fleetWorkflow, genericOAuth2Credential, httpRequestWorkflow, perDeviceWorkflow } = require('./workflows');

const { values } = parseArgs({
	options: {
		devices: { type: 'string', default: '10000,50000,250000' },
		latency: { type: 'string', default: '50' },
		throttle: { type: 'string', default: '20000' },
		'requests-per-minute': { type: 'string', default: '19000' },
		'token-lifetime': { type: 'string', default: '120' },
		'field-guide-max': { type: 'string', default: '10000' },
		'per-device-max': { type: 'string', default: '50000' },
		approaches: { type: 'string', default: '1,2,3,4' },
		chart: { type: 'string', default: path.join(REPO, 'docs', 'images', 'benchmark.svg') },
	},
});

const settings = {
	sizes: values.devices.split(',').map(Number),
	latencyMs: Number(values.latency),
	throttlePerMinute: Number(values.throttle),
	requestsPerMinute: Number(values['requests-per-minute']),
	tokenLifetimeSeconds: Number(values['token-lifetime']),
	fieldGuideMax: Number(values['field-guide-max']),
	perDeviceMax: Number(values['per-device-max']),
	approaches: new Set(values.approaches.split(',').map(Number)),
	concurrency: 16,
};
const CLIENT = { clientId: 'uem-benchmark-client', clientSecret: 'benchmark-secret-not-a-real-one-4f7c1d2e' };
const APPROACHES = [
	'1. Field guide: sequential, fixed-timer renewal',
	'2. HTTP Request + generic OAuth2, per device',
	'3. This node: Get Status per device',
	'4. This node: Get Fleet Status',
];

function say(line = '') {
	process.stdout.write(`${line}\n`);
}

/** A fresh tenant on the same port and fleet for every approach: same devices, an empty throttle window. */
async function freshTenant(size, port) {
	return await startSimulator({
		port,
		devices: size,
		seed: 7,
		statusMix: DEMO_STATUS_MIX,
		tokenLifetimeSeconds: settings.tokenLifetimeSeconds,
		clients: [CLIENT],
		faults: { latencyMs: settings.latencyMs, throttleLimit: settings.throttlePerMinute, throttleWindowMs: 60_000 },
	});
}

const pairKey = (deviceId, profileId) => `${deviceId}/${profileId}`;

/** Failed, lost, duplicated and extra (device, profile) pairs of a report against the fleet. */
function checkReport(sim, items) {
	const expected = new Set(sim.fleet.notInstalled().map((pair) => pairKey(pair.deviceId, pair.profileId)));
	const rows = items.map((item) => item.json);
	const found = rows.filter((row) => row.profileId !== undefined).map((row) => pairKey(row.deviceId, row.profileId));
	const distinct = new Set(found);
	return {
		failed: rows.filter((row) => row.error !== undefined).length,
		lost: [...expected].filter((key) => !distinct.has(key)).length,
		duplicates: found.length - distinct.size,
		extra: [...distinct].filter((key) => !expected.has(key)).length,
		failures: distinct.size,
	};
}

async function runFieldGuide(sim) {
	const args = [
		path.join(__dirname, 'fieldGuide.js'),
		`--api=${sim.url}`,
		`--token-url=${sim.tokenUrl}`,
		`--client-id=${CLIENT.clientId}`,
		`--token-lifetime=${settings.tokenLifetimeSeconds}`,
	];
	const env = { ...process.env, UEM_BENCH_CLIENT_SECRET: CLIENT.clientSecret };
	const stdout = await new Promise((resolve, reject) =>
		execFile(process.execPath, args, { env, timeout: 6 * 3600_000, maxBuffer: 1 << 20 }, (error, out) => (error ? reject(error) : resolve(out))),
	);
	const result = JSON.parse(stdout.trim().split('\n').pop());
	return {
		seconds: result.seconds,
		calls: result.calls,
		exchanges: result.exchanges,
		failed: result.failedDevices,
		lost: result.devices - result.checkedDevices - result.failedDevices + (sim.fleet.devices.length - result.devices),
		duplicates: 0,
		peakRssMb: result.peakRssMb,
	};
}

/** The run's time inside n8n: from the first node after the trigger starting to the last one ending. */
function runSeconds(run, nodeNames) {
	const tasks = nodeNames.map((name) => run.data.resultData.runData[name][0]);
	const first = Math.min(...tasks.map((task) => task.startTime));
	const last = Math.max(...tasks.map((task) => task.startTime + task.executionTime));
	return (last - first) / 1000;
}

/**
 * Runs a workflow and keeps only the figures: the simulator that plays the tenant lives in this
 * process, so a run's output kept here (hundreds of MB for 50,000 items) would slow the next
 * runs' tenant with garbage collection. For the same reason the heap is collected before a run.
 */
async function runInN8n(n8n, sim, workflow, lastNode, summarise) {
	await n8n.importWorkflow(workflow);
	global.gc?.();
	sim.resetCounters();
	const memory = watchPeakRss();
	const result = await n8n.execute(workflow.id, { timeoutMs: 6 * 3600_000, onChild: memory.watch });
	const peakRssMb = memory.stop();
	if (!result.run) throw new Error(`n8n printed no run for ${workflow.name}:\n${result.output.slice(-3000)}`);
	const names = workflow.nodes.slice(1).map((node) => node.name);
	const items = result.run.data.resultData.runData[lastNode]?.[0]?.data?.main?.[0] ?? [];
	const counters = sim.snapshot();
	return {
		seconds: runSeconds(result.run, names),
		calls: counters.requests,
		exchanges: counters.tokenExchanges,
		throttled: counters.faults.throttled,
		peakRssMb,
		...summarise(items),
	};
}

/**
 * A run shorter than half a minute is at the mercy of one busy moment of the machine (a 1.7-s run
 * varies by a tenth of a second from run to run), so it runs three times and the median counts;
 * every run's time is printed, and the failed, lost and duplicated items are the worst run's.
 */
const REPEAT_BELOW_SECONDS = 30;
const REPEATS = 3;

async function medianIfShort(runOnce) {
	const runs = [await runOnce()];
	if (runs[0].seconds < REPEAT_BELOW_SECONDS) while (runs.length < REPEATS) runs.push(await runOnce());
	if (runs.length === 1) return runs[0];
	say(`     ${runs.length} runs: ${runs.map((run) => `${run.seconds.toFixed(2)} s`).join(', ')} (the median counts)`);
	const median = [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
	const worst = (key) => Math.max(...runs.map((run) => run[key]));
	return { ...median, failed: worst('failed'), lost: worst('lost'), duplicates: worst('duplicates'), runs: runs.map((run) => run.seconds) };
}

async function benchSize(n8n, size, measured) {
	const port = await freePort();
	let sim = await freshTenant(size, port);
	await n8n.importCredentials([simulatorCredential(sim), genericOAuth2Credential(sim)]);
	const limits = approachLimits(sim, settings);
	const rows = [];
	say(`\n${size.toLocaleString('en-US')} devices: ${limits.failingDevices} with a profile not installed, ${limits.failures} (device, profile) pairs`);

	const next = async () => {
		await sim.close();
		sim = await freshTenant(size, port);
	};

	const runs = (approach) => settings.approaches.has(approach) && (approach === 4 || size <= settings.perDeviceMax);

	// 1. The field guide, run for real up to --field-guide-max devices, extrapolated above.
	if (!runs(1)) {
		// Not run at this size.
	} else if (size <= settings.fieldGuideMax) {
		say('  1. field guide: running (sequential, this takes a while)...');
		const row = await runFieldGuide(sim);
		measured.fieldGuide = { size, ...row };
		rows.push({ ...row, limit: limits.fieldGuide, approach: APPROACHES[0] });
	} else if (measured.fieldGuide) {
		const base = measured.fieldGuide;
		const factor = size / base.size;
		rows.push({
			seconds: base.seconds * factor,
			calls: Math.round(base.calls * factor),
			exchanges: Math.max(1, Math.ceil((base.seconds * factor) / ((settings.tokenLifetimeSeconds * 55) / 60))),
			failed: 0,
			lost: 0,
			duplicates: 0,
			peakRssMb: base.peakRssMb,
			limit: limits.fieldGuide,
			estimated: true,
			approach: APPROACHES[0],
		});
	}

	if (runs(2)) {
		await next();
		say('  2. HTTP Request + generic OAuth2: running...');
		const http = await runInN8n(n8n, sim, httpRequestWorkflow(`benchHttp${size}`, sim, settings.requestsPerMinute), 'Profiles (HTTP Request)', (items) => ({
			failed: items.filter((item) => item.json.error !== undefined).length,
			lost: size - items.length,
			duplicates: 0,
		}));
		rows.push({ ...http, limit: undefined, approach: APPROACHES[1] });
	}

	// A fresh tenant and a new workflow (no token cached in its static data) for every run.
	const reportOf = (workflowOf) => async () => {
		await next();
		const workflow = workflowOf(`${crypto.randomUUID().slice(0, 8)}${size}`);
		return await runInN8n(n8n, sim, workflow, 'Profiles not installed', (items) => checkReport(sim, items));
	};
	if (runs(3)) {
		say('  3. Get Status per device: running...');
		const perDevice = await medianIfShort(reportOf((id) => perDeviceWorkflow(`benchPerDevice${id}`, settings.requestsPerMinute)));
		rows.push({ ...perDevice, limit: limits.perDevice, approach: APPROACHES[2] });
	}
	if (runs(4)) {
		say('  4. Get Fleet Status: running...');
		const fleet = await medianIfShort(reportOf((id) => fleetWorkflow(`benchFleet${id}`, settings.requestsPerMinute)));
		rows.push({ ...fleet, limit: limits.fleet, approach: APPROACHES[3] });
	}

	await sim.close();
	return rows.map((row) => ({ size, ...row }));
}

function table(results) {
	const header = '| Devices | Approach | Wall time | Limit | × limit | Calls | Token exchanges | 429s | Failed | Lost | Duplicated | Peak memory |';
	const lines = [header, '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|'];
	for (const row of results) {
		const limit = row.limit === undefined ? '–' : duration(row.limit);
		const ratio = row.limit === undefined ? '–' : `${(row.seconds / row.limit).toFixed(2)}`;
		lines.push(
			`| ${row.size.toLocaleString('en-US')} | ${row.approach} | ${duration(row.seconds)}${row.estimated ? ' (extrapolated)' : ''}${row.runs ? ` (median of ${row.runs.length})` : ''} | ${limit} | ${ratio} | ${row.calls.toLocaleString('en-US')} | ${row.exchanges} | ${row.throttled ?? 0} | ${row.failed} | ${row.lost} | ${row.duplicates} | ${Math.round(row.peakRssMb)} MB |`,
		);
	}
	return lines.join('\n');
}

async function main() {
	say(
		`Tenant: ${settings.latencyMs} ms a call, throttle ${settings.throttlePerMinute}/min, tokens live ${settings.tokenLifetimeSeconds} s; ` +
			`this node: concurrency ${settings.concurrency}, Requests Per Minute ${settings.requestsPerMinute}`,
	);
	const n8n = await N8nInstance.create();
	const results = [];
	const measured = {};
	try {
		n8n.installPackage(packPackage());
		for (const size of settings.sizes) results.push(...(await benchSize(n8n, size, measured)));
	} finally {
		await n8n.dispose();
	}

	say();
	say(table(results));
	for (const size of settings.sizes) {
		const rows = results.filter((row) => row.size === size);
		const base = rows.find((row) => row.approach === APPROACHES[0]) ?? (measured.fieldGuide && { seconds: (measured.fieldGuide.seconds * size) / measured.fieldGuide.size });
		if (!base) continue;
		say(`${size}: speed-up over the field guide: ${rows.filter((row) => row.approach !== APPROACHES[0]).map((row) => `${row.approach.slice(0, 2)} ${(base.seconds / row.seconds).toFixed(1)}×`).join(', ')}`);
	}
	const caption = `${settings.latencyMs} ms a call, throttle ${settings.throttlePerMinute.toLocaleString('en-US')}/min, ${settings.tokenLifetimeSeconds}-second tokens; measured by npm run bench on a 2-core machine`;
	const groups = settings.sizes.map((size) => ({
		size,
		rows: results.filter((row) => row.size === size).map((row) => ({ label: row.approach, seconds: row.seconds, estimated: row.estimated })),
	}));
	fs.mkdirSync(path.dirname(values.chart), { recursive: true });
	fs.writeFileSync(values.chart, benchmarkChart(groups, caption));
	say(`Chart written to ${path.relative(process.cwd(), values.chart)}`);
}

main().catch((error) => {
	process.stderr.write(`benchmark failed: ${error.stack}\n`);
	process.exit(1);
});

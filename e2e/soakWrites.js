#!/usr/bin/env node
'use strict';
// `npm run soak:writes`: the write path in real n8n while the tenant misbehaves. One command to
// every device of a 5,000-device fleet, first one call per device (Sync Device), then in bulk
// (Lock), with tokens living 30 s, 50 ms a call, 1 % 5xx, 0.5 % connections dropped before UEM
// records the command and 0.5 % after, 1 % answers slower than the request timeout, a burst of
// 429s every 15 s, every token revoked mid-run and 1 % of bulk values failing on their own.
// Proves from the simulator's per-device command log that no device received a command twice,
// that every item says what happened to its device (sent, UEM's error, or "outcome unknown"), and
// that no output, log or database holds a token or the secret. Exits non-zero otherwise.
//
//   npm run soak:writes -- [--devices 5000] [--json results.json]

const fs = require('node:fs');
const { parseArgs } = require('node:util');

const { startSimulator } = require('../simulator');
const { N8nInstance } = require('./lib/n8n');
const { stage, CREDENTIAL_ID } = require('./lib/stage');

const { values } = parseArgs({ options: { devices: { type: 'string', default: '5000' }, json: { type: 'string' } } });

const REQUEST_TIMEOUT_S = 3;
const UEM = 'n8n-nodes-workspace-one-uem.workspaceOneUem';
const CREDENTIALS = { workspaceOneUemApi: { id: CREDENTIAL_ID, name: 'Workspace ONE UEM' } };

/** Every device of the fleet gets `command`, one call each or in bulk; errors kept as items. */
function commandWorkflow(id, command, bulk) {
	return {
		id,
		name: `Soak: ${command} to every device${bulk ? ' in bulk' : ''}`,
		active: false,
		nodes: [
			{ id: 'w1', name: 'Run now', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'w2',
				name: 'Search all devices',
				type: UEM,
				typeVersion: 1,
				position: [220, 0],
				parameters: { resource: 'device', operation: 'search', returnAll: true, options: { timeout: REQUEST_TIMEOUT_S } },
				credentials: CREDENTIALS,
			},
			{
				id: 'w3',
				name: 'Send command',
				type: UEM,
				typeVersion: 1,
				position: [440, 0],
				onError: 'continueRegularOutput',
				parameters: { resource: 'device', operation: 'sendCommand', command, dryRun: false, bulk, options: { concurrency: 8, timeout: REQUEST_TIMEOUT_S, requestsPerMinute: 0 } },
				credentials: CREDENTIALS,
			},
		],
		connections: {
			'Run now': { main: [[{ node: 'Search all devices', type: 'main', index: 0 }]] },
			'Search all devices': { main: [[{ node: 'Send command', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

function say(line = '') {
	process.stdout.write(`${line}\n`);
}

/**
 * What each item says against what the device received: a device that received the command twice,
 * an item that says "sent" for a device that never received it, or an error that is not "outcome
 * unknown" for a device that did receive it, is a failure of the exactly-once rule.
 */
function audit(sim, command, devices, out) {
	const received = new Map();
	for (const entry of sim.commands.entries) if (entry.command === command) received.set(entry.deviceId, (received.get(entry.deviceId) ?? 0) + 1);
	const tally = { sent: 0, failed: 0, unknown: 0, receivedTwice: 0, sentButNotReceived: 0, failedButReceived: 0 };
	for (const count of received.values()) if (count > 1) tally.receivedTwice++;
	out.forEach((item, index) => {
		const got = received.get(devices[index]) ?? 0;
		if (item.error === undefined) {
			tally.sent++;
			if (got === 0) tally.sentButNotReceived++;
		} else if (item.outcome === 'unknown') tally.unknown++;
		else {
			tally.failed++;
			if (got > 0) tally.failedButReceived++;
		}
	});
	return { ...tally, lost: devices.length - out.length, devicesReceived: received.size };
}

async function runOne(n8n, sim, { id, command, bulk }) {
	await n8n.importWorkflow(commandWorkflow(id, command, bulk));
	sim.resetCounters();
	const timers = [];
	const watcher = setInterval(() => {
		if ((sim.snapshot().byRoute.deviceSearch ?? 0) === 0) return;
		clearInterval(watcher);
		for (let second = 5; second < 900; second += 15) timers.push(setTimeout(() => sim.faults.burst429(10, second % 30 === 5 ? 'seconds' : 'none'), second * 1000));
		timers.push(setTimeout(() => sim.tokenService.revoke(), 12_000));
	}, 50);
	const started = Date.now();
	try {
		const result = await n8n.execute(id, { timeoutMs: 20 * 60_000 });
		if (!result.run) throw new Error(`n8n gave no result:\n${result.output.slice(-3000)}`);
		const runData = result.run.data.resultData.runData;
		const searched = runData['Search all devices']?.[0]?.data?.main?.[0];
		const sent = runData['Send command']?.[0]?.data?.main?.[0];
		if (!searched || !sent) throw new Error(`the run did not finish: ${JSON.stringify(result.run.data.resultData.error ?? {}).slice(0, 500)}`);
		const devices = searched.map((item) => item.json.Id.Value);
		const out = sent.map((item) => item.json);
		const counters = sim.snapshot();
		return {
			command,
			bulk,
			status: result.run.status,
			devices: devices.length,
			...audit(sim, command, devices, out),
			apiCalls: counters.requests,
			commandCalls: (counters.byRoute.deviceCommand ?? 0) + (counters.byRoute.deviceCommandBulk ?? 0),
			faultsInjected: counters.faults,
			refusedTokens: counters.unauthorized,
			tokenExchanges: counters.tokenExchanges,
			seconds: Math.round((Date.now() - started) / 1000),
			text: `${result.output}\n${JSON.stringify(result.run)}`,
			audited: { devices, out },
		};
	} finally {
		clearInterval(watcher);
		timers.forEach(clearTimeout);
	}
}

async function main() {
	const sim = await startSimulator({
		devices: Number(values.devices),
		tokenLifetimeSeconds: 30,
		faults: {
			latencyMs: 50,
			serverErrorRate: 0.01,
			dropRate: 0.005,
			dropAfterWriteRate: 0.005,
			slowRate: 0.01,
			slowMs: (REQUEST_TIMEOUT_S + 1) * 1000,
			bulkValueFaultRate: 0.01,
		},
	});
	const n8n = await N8nInstance.create();
	try {
		await stage(n8n, sim);
		say(`Write soak: ${sim.fleet.devices.length} devices, tokens live 30 s, 50 ms a call, faults on; real n8n running...`);
		const runs = [];
		for (const run of [
			{ id: 'uemSoakSyncEach', command: 'SyncDevice', bulk: false },
			{ id: 'uemSoakLockBulk', command: 'Lock', bulk: true },
		]) {
			const done = await runOne(n8n, sim, run);
			// Slow answers are carried out after the node gave up on them (their connections already
			// closed): let the simulator's handlers finish, then audit again.
			await sim.settled(15_000);
			Object.assign(done, audit(sim, run.command, done.audited.devices, done.audited.out));
			delete done.audited;
			runs.push(done);
		}

		const database = n8n.databaseBytes();
		const secrets = [sim.clients[0].clientSecret, ...sim.tokenService.issuedTokens()];
		const leaks = secrets.filter((secret) => database.includes(secret) || runs.some((run) => run.text.includes(secret))).length;

		let failed = leaks > 0;
		for (const run of runs) {
			const { text, ...figures } = run;
			say();
			say(`${run.command}${run.bulk ? ' in bulk' : ', one call per device'}:`);
			const rows = [
				['devices (items in)', figures.devices],
				['sent (UEM answered 2xx)', figures.sent],
				["UEM's error (not carried out)", figures.failed],
				['outcome unknown (named)', figures.unknown],
				['devices that received it', figures.devicesReceived],
				['received twice', figures.receivedTwice],
				['"sent" but not received', figures.sentButNotReceived],
				['an error but received', figures.failedButReceived],
				['lost items', figures.lost],
				['API calls (commands)', `${figures.apiCalls} (${figures.commandCalls})`],
				['faults injected', Object.entries(figures.faultsInjected).map(([k, v]) => `${k} ${v}`).join(', ')],
				['refused tokens (401)', figures.refusedTokens],
				['token exchanges', figures.tokenExchanges],
				['wall time', `${figures.seconds} s`],
			];
			for (const [name, value] of rows) say(`  ${name.padEnd(32)} ${value}`);
			failed ||= figures.status !== 'success' || figures.receivedTwice > 0 || figures.sentButNotReceived > 0 || figures.failedButReceived > 0 || figures.lost > 0;
			delete run.text;
		}
		say(`\n  ${'tokens or secret found'.padEnd(32)} ${leaks}`);
		if (values.json) fs.writeFileSync(values.json, `${JSON.stringify({ runs, leaks }, null, 2)}\n`);
		say(failed ? '\nWRITE SOAK FAILED' : '\nWrite soak passed: no device received a command twice, every item accounted for, nothing leaked.');
		if (failed) process.exitCode = 1;
	} finally {
		await n8n.dispose();
		await sim.close();
	}
}

main().catch((error) => {
	process.stderr.write(`write soak failed: ${error.message}\n`);
	process.exit(1);
});

#!/usr/bin/env node
'use strict';
// `npm run soak`: the profile-status workflow in real n8n over 10,000 devices while the tenant
// misbehaves: tokens living 30 s, 50 ms a call, 1 % 5xx, 0.5 % dropped connections, 1 % answers
// slower than the request timeout (3 s), a burst of twenty 429s every 30 s (alternately with and
// without Retry-After), every token revoked mid-run (its replacement too) and the token endpoint down for 20 s mid-run. Prints items in and out, error items, duplicates, lost
// items, retries, token exchanges and wall time; checks that nothing n8n stored, logged or output
// holds a token or the secret. Exits non-zero when anything is lost, duplicated or leaked.
//
//   npm run soak -- [--devices 10000] [--json results.json]

const fs = require('node:fs');
const { parseArgs } = require('node:util');

const { startSimulator } = require('../simulator');
const { N8nInstance } = require('./lib/n8n');
const { stage, CREDENTIAL_ID } = require('./lib/stage');

const { values } = parseArgs({
	options: {
		devices: { type: 'string', default: '10000' },
		json: { type: 'string' },
	},
});

const REQUEST_TIMEOUT_S = 3;
const UEM = 'n8n-nodes-workspace-one-uem.workspaceOneUem';
const CREDENTIALS = { workspaceOneUemApi: { id: CREDENTIAL_ID, name: 'Workspace ONE UEM' } };

/** Every profile of every device, errors kept as items (Continue On Fail). */
const soakWorkflow = {
	id: 'uemSoakProfileStatus',
	name: 'Soak: profile status of the whole fleet',
	active: false,
	nodes: [
		{ id: 's1', name: 'Run now', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 's2',
			name: 'Search all devices',
			type: UEM,
			typeVersion: 1,
			position: [220, 0],
			parameters: { resource: 'device', operation: 'search', returnAll: true, options: { timeout: REQUEST_TIMEOUT_S } },
			credentials: CREDENTIALS,
		},
		{
			id: 's3',
			name: 'Profile status',
			type: UEM,
			typeVersion: 1,
			position: [440, 0],
			onError: 'continueRegularOutput',
			parameters: {
				resource: 'profile',
				operation: 'getStatus',
				deviceIdType: 'deviceId',
				deviceIdValue: '={{ $json.Id?.Value }}',
				options: { concurrency: 8, timeout: REQUEST_TIMEOUT_S, noProfiles: 'item' },
			},
			credentials: CREDENTIALS,
		},
	],
	connections: {
		'Run now': { main: [[{ node: 'Search all devices', type: 'main', index: 0 }]] },
		'Search all devices': { main: [[{ node: 'Profile status', type: 'main', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
	pinData: {},
};

function say(line = '') {
	process.stdout.write(`${line}\n`);
}

/** Runs `action` at `seconds` into the run, unless the run is over by then. */
function at(seconds, action, timers) {
	timers.push(setTimeout(action, seconds * 1000));
}

async function main() {
	const sim = await startSimulator({
		devices: Number(values.devices),
		tokenLifetimeSeconds: 30,
		faults: {
			latencyMs: 50,
			serverErrorRate: 0.01,
			dropRate: 0.005,
			slowRate: 0.01,
			slowMs: (REQUEST_TIMEOUT_S + 1) * 1000,
		},
	});
	const n8n = await N8nInstance.create();
	const events = [];
	const timers = [];
	let outageRefusalsBefore = 0;
	try {
		await stage(n8n, sim);
		await n8n.importWorkflow(soakWorkflow);
		sim.resetCounters();

		const started = Date.now();
		let profilesStarted = started;
		const note = (event) => events.push(`${((Date.now() - profilesStarted) / 1000).toFixed(0).padStart(4)} s  ${event}`);
		say(`Soak: ${sim.fleet.devices.length} devices, tokens live 30 s, 50 ms a call, faults on; real n8n running...`);
		// The faults are timed from the first profile-status call, not from n8n's start-up, whose
		// length varies with the machine: the outage and the revocation must fall mid-run.
		const running = n8n.execute(soakWorkflow.id, { timeoutMs: 30 * 60_000 });
		const watcher = setInterval(() => {
			if ((sim.snapshot().byRoute.deviceProfiles ?? 0) === 0) return;
			clearInterval(watcher);
			profilesStarted = Date.now();
			for (let second = 15; second < 1800; second += 30) {
				const withRetryAfter = ((second - 15) / 30) % 2 === 0;
				at(second, () => {
					sim.faults.burst429(20, withRetryAfter ? 'seconds' : 'none');
					note(`burst of 20 × 429 ${withRetryAfter ? 'with' : 'without'} Retry-After`);
				}, timers);
			}
			// The outage starts a second before the node is due to renew (10 % of the 30 s lifetime
			// before expiry), so that the renewal, and every request waiting for it, meets it.
			at(20, () => {
				const renewalDue = sim.tokenService.newestExpiry() - 3_000;
				const startIn = Math.max(0, renewalDue - 1_000 - Date.now());
				at(startIn / 1000, () => {
					outageRefusalsBefore = sim.tokenService.state.outageRefusals;
					sim.tokenService.state.downUntil = Date.now() + 20_000;
					note('token endpoint down for 20 s (from just before the renewal is due)');
				}, timers);
			}, timers);
			// The replacement is revoked too before its first answer (two revocations close together,
			// once a run-wide refusal in CI): a token that worked is replaced, and so, once, a fresh one.
			at(60, () => {
				sim.tokenService.state.issueRevoked = 1;
				note(`every token revoked (${sim.tokenService.revoke()}), and the next one issued revoked`);
			}, timers);
		}, 100);
		timers.push(watcher);
		const result = await running;
		clearInterval(watcher);
		const seconds = (Date.now() - started) / 1000;
		timers.forEach(clearTimeout);
		if (!result.run) throw new Error(`n8n gave no result:\n${result.output.slice(-3000)}`);

		const runData = result.run.data.resultData.runData;
		for (const name of ['Search all devices', 'Profile status']) {
			const task = runData[name]?.[0];
			if (!task?.data) {
				const error = task?.error ?? result.run.data.resultData.error;
				throw new Error(`"${name}" produced no output: ${error?.message ?? 'it did not run'} ${error?.description ?? ''}`);
			}
		}
		const devices = runData['Search all devices'][0].data.main[0].length;
		const out = runData['Profile status'][0].data.main[0].map((item) => item.json);
		const errors = out.filter((row) => row.error !== undefined);
		const pairs = out.filter((row) => row.profileId !== undefined).map((row) => `${row.deviceId}/${row.profileId}`);
		const expected = new Set(sim.fleet.devices.flatMap((d) => d.assignments.map((a) => `${d.id}/${a.profile.id}`)));
		const seen = new Set(pairs);
		const duplicates = pairs.length - seen.size;
		const lost = [...expected].filter((pair) => !seen.has(pair)).length;
		const counters = sim.snapshot();
		const firstTries = devices + Math.ceil(devices / 500);

		const database = n8n.databaseBytes();
		const text = `${result.output}\n${JSON.stringify(result.run)}`;
		const secrets = [sim.clients[0].clientSecret, ...sim.tokenService.issuedTokens()];
		const leaks = secrets.filter((secret) => database.includes(secret) || text.includes(secret)).length;

		const figures = {
			devices: sim.fleet.devices.length,
			itemsIn: devices,
			itemsOut: out.length,
			profilesExpected: expected.size,
			profilesOut: seen.size,
			errorItems: errors.length,
			duplicates,
			lost,
			apiCalls: counters.requests,
			retries: counters.requests - firstTries,
			faultsInjected: counters.faults,
			refusedTokens: counters.unauthorized,
			tokenExchanges: counters.tokenExchanges,
			tokenRequestsDuringOutage: counters.tokenOutageRefusals - outageRefusalsBefore,
			secretsOrTokensFound: leaks,
			wallSeconds: Math.round(seconds),
			n8nStatus: result.run.status,
		};

		say();
		say('Injected:');
		for (const event of events) say(`  ${event}`);
		say();
		const rows = [
			['items in (devices)', figures.itemsIn],
			['items out', `${figures.itemsOut} (${figures.profilesOut} of ${figures.profilesExpected} device profiles)`],
			['error items', figures.errorItems],
			['duplicates', figures.duplicates],
			['lost', figures.lost],
			['API calls', `${figures.apiCalls} (${figures.retries} retries)`],
			['faults injected', Object.entries(figures.faultsInjected).map(([k, v]) => `${k} ${v}`).join(', ')],
			['refused tokens (401)', figures.refusedTokens],
			['token exchanges', figures.tokenExchanges],
			['token requests in the outage', figures.tokenRequestsDuringOutage],
			['tokens or secret found', figures.secretsOrTokensFound],
			['wall time', `${figures.wallSeconds} s`],
		];
		for (const [name, value] of rows) say(`  ${name.padEnd(30)} ${value}`);
		if (errors.length > 0) say(`\nFirst error item: ${JSON.stringify(errors[0])}`);
		if (values.json) fs.writeFileSync(values.json, `${JSON.stringify(figures, null, 2)}\n`);

		const failed = figures.n8nStatus !== 'success' || errors.length > 0 || duplicates > 0 || lost > 0 || leaks > 0;
		say(failed ? '\nSOAK FAILED' : '\nSoak passed: nothing lost, nothing duplicated, nothing leaked.');
		if (failed) process.exitCode = 1;
	} finally {
		timers.forEach(clearTimeout);
		await n8n.dispose();
		await sim.close();
	}
}

main().catch((error) => {
	process.stderr.write(`soak failed: ${error.message}\n`);
	process.exit(1);
});

'use strict';
// The node under n8n's queue mode: PostgreSQL, Redis, one main and two workers on this machine,
// the packed package installed in each, against simulated tenants. The scheduled failures-to-Slack
// job runs on a worker; a 50,000-device report fans out across both workers with nothing lost or
// checked twice; overlapping runs on both workers never send an unusable token although their
// static data overwrites each other's (last writer wins); a run that reads a stale cache entry
// (revoked token) replaces it after one refusal, and a foreign or tampered one is never sent; a
// worker killed mid-run leaves the saved cache as it was and a re-run completes.
//
// The Event Trigger: main receives a burst of 1,000 pushed events (webhooks are main's), the
// workers run them, one run each; only main calls UEM for the device records, one token exchange
// per token lifetime.
//
// Seen in n8n 2.40.7: a queued run starts with empty static data (the execution's workflow
// snapshot leaves staticData out, and a worker reloads it only for a resumed run); the node keeps a
// sealed per-process copy of its token, so consecutive runs on one worker share one exchange; a
// run resumed after a Wait reloads what others saved meanwhile.

const { PROFILE_STATUS_NAMES } = require('../../simulator/fleet');
const { measureBurst, productionUrl, recorderWorkflow, registeredTarget, registrationSaved } = require('../lib/events');
const { DEMO_STATUS_MIX, CREDENTIAL_ID, simulatorCredential, slackFailureLines } = require('../lib/stage');
const { QueueCluster } = require('./cluster');
const { startObservedSimulator } = require('./observe');
const { cacheEntries, openEntry, sealEntry, staticDataWith } = require('./tokenEntries');
const {
	IDS,
	PATHS,
	fleetReportWorkflow,
	fleetSliceWorkflow,
	fleetSlices,
	resumeProbeWorkflow,
	slackExampleOnSchedule,
	tokenProbeWorkflow,
} = require('./workflows');

const FLEET_CREDENTIAL_ID = 'uemQueueFleetCred';
const FLEET_DEVICES = 50_000;
const EVENTS_ID = 'uemQueueEvents';
const EVENT_BURST = 1000;
const EVENT_TOKEN_LIFETIME_S = 15;

function note(line) {
	process.stderr.write(`[queue test] ${line}\n`);
}

/** The one cache entry of a workflow's saved static data, opened with the credential's secret. */
function savedToken(cluster, workflowId, secret) {
	const entries = Object.entries(cacheEntries(cluster.staticData(workflowId)));
	return entries.map(([key, entry]) => ({ key, entry, token: openEntry(key, entry, secret) }));
}

describe('queue mode: PostgreSQL, Redis, an n8n main and two workers', () => {
	/** @type {QueueCluster} */
	let cluster;
	let small;
	let fleet;
	const processes = () => cluster?.processes() ?? {};

	beforeAll(async () => {
		[small, fleet] = await Promise.all([
			startObservedSimulator({ devices: 10_000, statusMix: DEMO_STATUS_MIX, faults: { latencyMs: 5 } }, processes),
			startObservedSimulator({ devices: FLEET_DEVICES, seed: 7, statusMix: DEMO_STATUS_MIX, faults: { latencyMs: 5 } }, processes),
		]);
		// Three jobs per worker at a time: with n8n's default of 10, the first worker to ask takes
		// most of the report's 12 slices at once and the other one idles.
		cluster = await QueueCluster.start({ workers: 2, workerConcurrency: 3 });
		await cluster.importData({
			credentials: [
				simulatorCredential(small),
				{ ...simulatorCredential(fleet), id: FLEET_CREDENTIAL_ID, name: 'Workspace ONE UEM (50,000 devices)' },
			],
			workflows: [
				slackExampleOnSchedule(small, { second: '*/15' }),
				fleetSliceWorkflow({ credentialId: FLEET_CREDENTIAL_ID }),
				fleetReportWorkflow(`http://127.0.0.1:${cluster.main.port}/webhook/${PATHS.slice}`, fleetSlices(fleet, { requestsPerMinute: 0, concurrency: 16 })),
				tokenProbeWorkflow({ credentialId: CREDENTIAL_ID }),
				resumeProbeWorkflow({ credentialId: CREDENTIAL_ID, mailboxUrl: small.slackWebhookUrl }),
				recorderWorkflow({ id: EVENTS_ID, sim: small, includeDevice: true }),
			],
		});
		await cluster.startProcesses();
		await cluster.activate(IDS.slice);
		await cluster.activate(IDS.probe);
		await cluster.activate(IDS.resume);
	}, 600_000);

	afterAll(async () => {
		await cluster?.dispose();
		await small?.close();
		await fleet?.close();
	});

	it('the scheduler starts "profile failures to Slack" once, a worker runs it, and Slack gets exactly the failures', async () => {
		small.resetCounters();
		small.resetObservations();
		await cluster.activate(IDS.slack);
		// The trigger fires every 15 s; turn it off as soon as the first run is enqueued.
		const [first] = await cluster.waitFor(() => cluster.executions(IDS.slack).length > 0 && cluster.executions(IDS.slack), {
			timeoutMs: 60_000,
			intervalMs: 250,
			what: 'the Schedule Trigger to start the workflow',
		});
		await cluster.deactivate(IDS.slack);
		const done = await cluster.waitFor(
			() => {
				const run = cluster.executions(IDS.slack).find((each) => each.id === first.id);
				return ['success', 'error', 'crashed', 'canceled'].includes(run?.status) && run;
			},
			{ timeoutMs: 300_000, what: 'the scheduled run to finish' },
		);
		expect(done).toMatchObject({ status: 'success', mode: 'trigger' });
		expect(cluster.executions(IDS.slack)).toHaveLength(1);
		expect(cluster.workerOfExecutions().get(first.id)).toMatch(/^worker-/);

		const held = small.fleet.notInstalled().map((f) => `${f.deviceId}:${PROFILE_STATUS_NAMES[f.statusCode]}`);
		expect(held.length).toBeGreaterThan(100);
		expect(slackFailureLines(small).sort()).toEqual([...held].sort());
		const counters = small.snapshot();
		// Get Fleet Status: one profiles call per device with a failure, none twice.
		expect(counters.byRoute.deviceProfiles).toBe(new Set(small.fleet.notInstalled().map((f) => f.deviceId)).size);
		expect(counters.unauthorized).toBe(0);
		// The worker that ran it got the token: main only enqueued the run.
		expect(Object.keys(small.byProcess())).toEqual([cluster.workerOfExecutions().get(first.id)]);
		note(`Slack job: ${((done.stoppedAt - done.startedAt) / 1000).toFixed(1)} s on ${cluster.workerOfExecutions().get(first.id)}, ${held.length} failures posted`);
	});

	it(`a ${FLEET_DEVICES.toLocaleString('en')}-device report fans out over both workers: every device checked once, every failure reported once`, async () => {
		fleet.resetCounters();
		fleet.resetObservations();
		const before = new Set(cluster.executions(IDS.slice).map((each) => each.id));
		const result = await cluster.main.execute(IDS.report, { timeoutMs: 900_000 });
		expect(result.run?.status).toBe('success');

		const report = result.run.data.resultData.runData.Report[0].data.main[0][0].json;
		const slices = cluster.executions(IDS.slice).filter((each) => !before.has(each.id));
		const owners = cluster.workerOfExecutions();
		expect(slices).toHaveLength(fleetSlices(fleet).length);
		expect(slices.every((each) => each.status === 'success' && each.mode === 'webhook')).toBe(true);

		// Nothing lost, nothing twice: the devices, the calls and the failures.
		const allIds = fleet.fleet.devices.map((device) => device.id).sort((a, b) => a - b);
		expect(report.errors).toBe(0);
		expect(report.duplicates).toBe(0);
		expect(report.devicesChecked).toBe(FLEET_DEVICES);
		expect([...report.deviceIds].sort((a, b) => a - b)).toEqual(allIds);
		const counters = fleet.snapshot();
		expect(counters.byRoute.deviceProfiles).toBe(FLEET_DEVICES);
		expect(counters.unauthorized).toBe(0);
		const held = fleet.fleet.notInstalled().map((f) => `${f.deviceId}:${f.profileId}:${PROFILE_STATUS_NAMES[f.statusCode]}`);
		expect([...report.failures].sort()).toEqual([...held].sort());

		// Split across workers, each with its own token exchanges.
		const perWorker = {};
		for (const slice of report.slices) {
			const worker = owners.get(Number(slice.executionId));
			perWorker[worker] ??= { slices: 0, devices: 0 };
			perWorker[worker].slices++;
			perWorker[worker].devices += slice.devices;
		}
		expect(Object.keys(perWorker).sort()).toEqual(['worker-1', 'worker-2']);
		const tokens = fleet.byProcess();
		expect(Object.keys(tokens).sort()).toEqual(['worker-1', 'worker-2']);
		for (const name of ['worker-1', 'worker-2']) {
			expect(tokens[name].tokenExchanges).toBeGreaterThanOrEqual(1);
			// One-hour tokens: at most one exchange per slice the worker ran, never one per call.
			expect(tokens[name].tokenExchanges).toBeLessThanOrEqual(perWorker[name].slices);
		}
		const fanOutSeconds = (Math.max(...slices.map((s) => s.stoppedAt)) - Math.min(...slices.map((s) => s.startedAt))) / 1000;
		note(
			`50k report: ${result.seconds.toFixed(1)} s (n8n execute), fan-out ${fanOutSeconds.toFixed(1)} s; ` +
				Object.entries(perWorker)
					.map(([name, w]) => `${name}: ${w.slices} slices, ${w.devices} devices, ${tokens[name].tokenExchanges} token exchanges`)
					.join('; '),
		);
	});

	describe('tokens when runs on both workers overwrite each other\'s static data (last writer wins)', () => {
		const secret = () => small.clients[0].clientSecret;
		const probe = (body = { devices: 24, concurrency: 2 }) => cluster.webhook(PATHS.probe, body);
		/** Keeps `inFlight` probes running for `seconds`; resolves with every answer. */
		async function probeFor(seconds, inFlight, body) {
			const answers = [];
			const deadline = Date.now() + seconds * 1000;
			await Promise.all(
				Array.from({ length: inFlight }, async () => {
					while (Date.now() < deadline) answers.push(await probe(body));
				}),
			);
			return answers;
		}

		beforeEach(() => {
			small.resetCounters();
			small.resetObservations();
			small.slack.clear();
		});
		afterEach(() => {
			small.tokenService.state.lifetimeSeconds = 3600;
			small.faults.config.latencyMs = 5;
		});

		it('many overlapping runs on both workers with 8-second tokens: no call is ever refused, and the last writer leaves a usable entry', async () => {
			small.tokenService.state.lifetimeSeconds = 8;
			small.faults.config.latencyMs = 30;
			cluster.setStaticData(IDS.probe, {});
			const started = Date.now();
			const answers = await probeFor(30, 8, { devices: 24, concurrency: 2 });
			const seconds = (Date.now() - started) / 1000;

			expect(answers.length).toBeGreaterThan(20);
			expect(answers.every((answer) => answer.devices === 24)).toBe(true);
			const owners = cluster.workerOfExecutions();
			const workersUsed = new Set(answers.map((answer) => owners.get(Number(answer.executionId))));
			expect([...workersUsed].sort()).toEqual(['worker-1', 'worker-2']);
			// No call was ever refused: no run sent an expired token, whoever saved what.
			expect(small.snapshot().unauthorized).toBe(0);
			// Tokens came from the workers only, and never more than two per run (one to start, one
			// renewal: each run is shorter than a token's life).
			const byProcess = small.byProcess();
			expect(Object.keys(byProcess).length).toBeGreaterThan(0);
			expect(Object.keys(byProcess).every((name) => name.startsWith('worker-'))).toBe(true);
			const exchanges = small.snapshot().tokenExchanges;
			expect(exchanges).toBeLessThanOrEqual(answers.length * 2);

			// Whoever wrote last, the saved entry opens with the credential's secret and holds a token
			// the tenant issued.
			const [saved, ...others] = savedToken(cluster, IDS.probe, secret());
			expect(others).toEqual([]);
			expect(small.tokenService.issuedTokens()).toContain(saved.token);
			note(
				`token churn: ${answers.length} runs in ${seconds.toFixed(0)} s on 2 workers, ${exchanges} token exchanges (` +
					Object.entries(byProcess).map(([name, p]) => `${name}: ${p.tokenExchanges}`).join(', ') +
					'), 0 refused calls',
			);
		});

		/** A token the tenant issued and then revoked: an entry holding it looks alive but is stale. */
		async function revokedToken() {
			const response = await fetch(small.tokenUrl, {
				method: 'POST',
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ grant_type: 'client_credentials', client_id: small.clients[0].clientId, client_secret: secret() }),
			});
			const { access_token: token } = await response.json();
			small.tokenService.revoke(token);
			return token;
		}

		it.each([
			['stale (its token was revoked at the tenant)', 1, async (key, times) => sealEntry(key, await revokedToken(), secret(), times)],
			['foreign (sealed with another client secret)', 0, async (key, times) => sealEntry(key, 'foreign-token-never-issued', 'another-tenants-secret', times)],
			[
				'tampered (ciphertext altered)',
				0,
				async (key, times) => ({ ...sealEntry(key, 'tampered-token-never-issued', secret(), times), data: Buffer.from('altered').toString('base64') }),
			],
		])('a run resumed on a worker after a Wait finds a %s entry: it is detected and replaced, and the run completes', async (_kind, refusals, forge) => {
			await probe({ devices: 2, concurrency: 1 });
			const [{ key }] = savedToken(cluster, IDS.probe, secret());
			await cluster.webhook(PATHS.resume, {});
			const message = await cluster.waitFor(() => small.slack.messages.find((m) => m.text.startsWith('resume ')), {
				timeoutMs: 60_000,
				intervalMs: 200,
				what: 'the run to post its resume URL',
			});
			const [, executionId, resumeUrl] = message.text.split(' ');
			await cluster.waitFor(() => cluster.executions(IDS.resume).find((each) => each.id === Number(executionId))?.status === 'waiting', {
				timeoutMs: 60_000,
				intervalMs: 200,
				what: 'the run to wait',
			});

			// Meanwhile another writer leaves an entry under the same key that looks alive for an hour.
			const now = Date.now();
			const forged = await forge(key, { expiresAt: now + 3_600_000, renewAt: now + 3_300_000 });
			cluster.setStaticData(IDS.resume, staticDataWith(key, forged));
			small.resetCounters();
			small.resetObservations();

			const resumed = await fetch(resumeUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
			expect(resumed.status).toBe(200);
			const done = await cluster.waitFor(
				() => {
					const run = cluster.executions(IDS.resume).find((each) => each.id === Number(executionId));
					return ['success', 'error', 'crashed', 'canceled'].includes(run?.status) && run;
				},
				{ timeoutMs: 120_000, what: 'the resumed run to finish' },
			);
			expect(done.status).toBe('success');
			expect(cluster.workerOfExecutions().get(done.id)).toMatch(/^worker-/);

			// A stale token is sent once, refused, and replaced; a foreign or tampered one cannot be
			// opened, so it is never sent.
			expect(small.snapshot().unauthorized).toBe(refusals);
			expect(small.snapshot().tokenExchanges).toBe(1);
			const issued = small.tokenService.issuedTokens();
			expect([...small.tokensSent.keys()].every((token) => issued.includes(token))).toBe(true);
			const [replaced, ...others] = savedToken(cluster, IDS.resume, secret());
			expect(others).toEqual([]);
			expect(replaced.key).toBe(key);
			expect(small.tokenService.verify(replaced.token)).toBe('valid');
		});
	});

	it(`the Event Trigger: main receives ${EVENT_BURST.toLocaleString('en')} pushed events sent at a minute's pace, the workers run one each, and only main exchanges tokens, once per lifetime`, async () => {
		small.resetCounters();
		small.resetObservations();
		small.tokenService.state.lifetimeSeconds = EVENT_TOKEN_LIFETIME_S;
		const workflow = recorderWorkflow({ id: EVENTS_ID, sim: small, includeDevice: true });
		try {
			await cluster.activate(EVENTS_ID);
			const target = await registeredTarget(small, productionUrl(cluster.main.url, workflow));
			await registrationSaved(cluster.main, EVENTS_ID);
			const started = Date.now();
			const { answers, runs, figures } = await measureBurst({
				sim: small,
				target,
				workflowId: EVENTS_ID,
				count: EVENT_BURST,
				withinMs: 60_000,
				concurrency: 50,
				startsOf: async () => new Map(cluster.executions(EVENTS_ID).map((run) => [run.id, run.startedAt])),
			});
			const seconds = (Date.now() - started) / 1000;

			expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
			expect(runs).toHaveLength(EVENT_BURST);
			expect(new Set(runs.map((run) => `${run.item.DeviceId}/${run.item.EventTime}`)).size).toBe(EVENT_BURST);
			expect(runs.every((run) => run.item.device?.Id?.Value === run.item.DeviceId)).toBe(true);
			const executions = cluster.executions(EVENTS_ID);
			expect(executions).toHaveLength(EVENT_BURST);
			expect(executions.every((run) => run.status === 'success' && run.mode === 'webhook')).toBe(true);
			const owners = cluster.workerOfExecutions();
			const perWorker = {};
			for (const run of executions) perWorker[owners.get(run.id)] = (perWorker[owners.get(run.id)] ?? 0) + 1;
			expect(Object.keys(perWorker).sort()).toEqual(['worker-1', 'worker-2']);

			// The trigger reads the device records in main, which receives the webhooks: main alone asks for tokens.
			const tokens = small.byProcess();
			expect(Object.keys(tokens)).toEqual(['main']);
			expect(tokens.main.tokenExchanges).toBeLessThanOrEqual(Math.ceil(seconds / (EVENT_TOKEN_LIFETIME_S * 0.9)) + 1);
			expect(small.snapshot().unauthorized).toBe(0);
			note(
				`events: ${figures.events} posted over ${figures.postedOverSeconds} s, all answered after ${figures.seconds} s = ${figures.perSecond}/s; POST to run start p50 ${figures.delayMs.p50} ms, p95 ${figures.delayMs.p95} ms, max ${figures.delayMs.max} ms; ` +
					`runs: ${Object.entries(perWorker).map(([name, count]) => `${name} ${count}`).join(', ')}; ${tokens.main.tokenExchanges} token exchanges (main) with ${EVENT_TOKEN_LIFETIME_S}-s tokens over ${seconds.toFixed(0)} s`,
			);
		} finally {
			small.tokenService.state.lifetimeSeconds = 3600;
			await cluster.deactivate(EVENTS_ID);
		}
		await cluster.waitFor(() => small.eventNotifications.targets().length === 0, { timeoutMs: 30_000, what: 'the registration to be deleted' });
	});

	it('a worker killed mid-run (SIGKILL) leaves the saved token cache as it was, and a re-run completes on the other worker', async () => {
		const secret = small.clients[0].clientSecret;
		// Tokens that expire during the run, so the killed run has a renewed token it never saves.
		// The tokens the workers hold from earlier tests (their per-process copies) live an hour:
		// revoked, so that every run from now on works with 6-second ones.
		small.tokenService.state.lifetimeSeconds = 6;
		small.tokenService.revoke();
		small.faults.config.latencyMs = 40;
		await cluster.webhook(PATHS.probe, { devices: 10, concurrency: 2 });
		const savedBefore = JSON.stringify(cluster.staticData(IDS.probe));
		const known = new Set(cluster.executions(IDS.probe).map((each) => each.id));
		small.resetCounters();

		const aborted = new AbortController();
		const longRun = cluster.webhook(PATHS.probe, { devices: 4000, concurrency: 4 }, { signal: aborted.signal }).catch((error) => error);
		const running = await cluster.waitFor(
			() => {
				const run = cluster.executions(IDS.probe).find((each) => !known.has(each.id));
				const worker = run && cluster.workerOfExecutions().get(run.id);
				// Well into the run: its token renewed once (it holds one it never saved), hundreds of calls made.
				return worker && small.snapshot().tokenExchanges >= 2 && small.snapshot().requests > 300 && { run, worker };
			},
			{ timeoutMs: 120_000, intervalMs: 200, what: 'the long run to be under way on a worker' },
		);
		await cluster.killWorker(running.worker);
		aborted.abort();
		await longRun;

		const savedAfter = cluster.staticData(IDS.probe);
		expect(JSON.stringify(savedAfter)).toBe(savedBefore);
		const entries = Object.entries(cacheEntries(savedAfter));
		expect(entries.length).toBeGreaterThanOrEqual(1);
		for (const [key, entry] of entries) expect(small.tokenService.issuedTokens()).toContain(openEntry(key, entry, secret));
		const killedRun = cluster.executions(IDS.probe).find((each) => each.id === running.run.id);
		expect(killedRun.status).not.toBe('success');

		small.resetCounters();
		const rerun = await cluster.webhook(PATHS.probe, { devices: 400, concurrency: 8 });
		expect(rerun.devices).toBe(400);
		const survivor = cluster.workerOfExecutions().get(Number(rerun.executionId));
		expect(survivor).toMatch(/^worker-/);
		expect(survivor).not.toBe(running.worker);
		// At most the one 401 of a revoked per-process copy, replaced at once.
		expect(small.snapshot().unauthorized).toBeLessThanOrEqual(1);
		const [saved] = savedToken(cluster, IDS.probe, secret);
		expect(small.tokenService.issuedTokens()).toContain(saved.token);
		note(`killed ${running.worker} during execution ${running.run.id} (status now "${killedRun.status}"); re-run ${rerun.executionId} succeeded on ${survivor}`);
	});
});

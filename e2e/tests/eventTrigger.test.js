'use strict';
// The Event Trigger in a running real n8n (regular mode), against the simulated tenant pushing
// events: activating the example "device wiped or unenrolled → Slack" registers its production URL
// with UEM; a pushed event (JSON or XML) starts one run that posts to Slack; a wrong or missing
// password gets 401 and a body that is no UEM event 400, and nothing runs; deactivating deletes
// the registration. Then a burst of 1,000 events with the device record on: one run each, none
// lost or doubled, measured (events per second, delay from POST to the run's start, token
// exchanges); and nothing n8n stored or logged holds the pair, a token or the secret.

const { startSimulator } = require('../../simulator');
const { measureBurst, productionUrl, recorded, recorderWorkflow, registeredTarget, registrationSaved, waitFor } = require('../lib/events');
const { N8nInstance } = require('../lib/n8n');
const { packPackage } = require('../lib/pack');
const { WORKFLOWS, exampleFor, simulatorCredential } = require('../lib/stage');

const EXAMPLE = WORKFLOWS.wipesToSlack.id;
const RECORDER = 'uemEventsRecorder';
const BURST = 1000;
/** Tokens live 15 s, so that the burst outlasts several and the exchanges per lifetime show. */
const TOKEN_LIFETIME_S = 15;

function note(line) {
	process.stderr.write(`[event trigger] ${line}\n`);
}

describe('the Event Trigger in real n8n (regular mode)', () => {
	let sim;
	let n8n;
	let example;
	let exampleTarget;
	/** Every target registered during the suite, with the pair UEM was given. */
	const targets = [];
	const slackLines = () => sim.slack.messages.filter((message) => message.path === '/slack/webhook').map((message) => message.text);
	const post = (url, { authorization, body, contentType = 'application/json' }) =>
		fetch(url, { method: 'POST', headers: { 'Content-Type': contentType, ...(authorization ? { Authorization: authorization } : {}) }, body });
	const runsOf = async (workflowId) => (await n8n.executions(workflowId)).length;
	/** Waits long enough for a run the request might have started to show, then counts again. */
	const runsAfterAWhile = async (workflowId) => {
		await new Promise((resolve) => setTimeout(resolve, 2_000));
		return await runsOf(workflowId);
	};

	beforeAll(async () => {
		sim = await startSimulator({ devices: BURST + 200, seed: 5, tokenLifetimeSeconds: TOKEN_LIFETIME_S, faults: { latencyMs: 2 } });
		n8n = await N8nInstance.create();
		n8n.installPackage(packPackage());
		await n8n.importCredentials([simulatorCredential(sim)]);
		example = exampleFor('wipesToSlack', sim);
		await n8n.importWorkflows([example, recorderWorkflow({ id: RECORDER, sim, includeDevice: true })]);
		await n8n.start();
		await n8n.signIn();
	});
	afterAll(async () => {
		await n8n?.dispose();
		await sim?.close();
	});

	it('activating the example registers its production URL with UEM: the wipe and unenrolment events, a fresh random pair', async () => {
		expect((await n8n.activate(EXAMPLE)).active).toBe(true);
		const url = productionUrl(n8n.url, example);
		exampleTarget = await registeredTarget(sim, url).catch((error) => {
			throw new Error(`${error.message}\n${n8n.serverLog()}`);
		});
		targets.push(exampleTarget);
		expect([...exampleTarget.kinds].sort()).toEqual(['deviceUnenrolled', 'deviceWiped', 'enterpriseWipeRequested']);
		expect(exampleTarget.userName).toMatch(/^n8n-[0-9a-f]{12}$/);
		expect(Buffer.from(exampleTarget.password, 'base64url')).toHaveLength(32);
		expect(sim.eventNotifications.targets()).toHaveLength(1);
		await registrationSaved(n8n, EXAMPLE);
	});

	it('a device wipe UEM pushes starts one run, which posts to Slack with the time in ISO 8601', async () => {
		const device = sim.fleet.devices[12];
		const at = Date.UTC(2026, 10, 3, 9, 15, 30, 123);
		const [answer] = await sim.events.push('deviceWiped', { deviceId: device.id, at });
		expect(answer.status).toBe(200);
		await waitFor('the Slack message', () => slackLines().length === 1);
		expect(slackLines()).toEqual([
			`:rotating_light: Workspace ONE UEM: device wipe requested for *${device.userName} ${device.model} ${device.serialNumber}* (serial ${device.serialNumber}, device ${device.id}, user ${device.userName}) at 2026-11-03T09:15:30.123Z`,
		]);
		expect((await n8n.executions(EXAMPLE)).map((run) => [run.mode, run.status])).toEqual([['webhook', 'success']]);
	});

	it('an XML event (a target set to XML in the console) is parsed into the same message', async () => {
		const device = sim.fleet.devices[13];
		exampleTarget.format = 'XML';
		try {
			const [answer] = await sim.events.push('enterpriseWipeRequested', { deviceId: device.id, at: Date.UTC(2026, 10, 3, 10, 0, 0, 5) });
			expect(answer.status).toBe(200);
		} finally {
			exampleTarget.format = 'JSON';
		}
		await waitFor('the second Slack message', () => slackLines().length === 2);
		expect(slackLines()[1]).toBe(
			`:rotating_light: Workspace ONE UEM: enterprise wipe requested for *${device.userName} ${device.model} ${device.serialNumber}* (serial ${device.serialNumber}, device ${device.id}, user ${device.userName}) at 2026-11-03T10:00:00.005Z`,
		);
	});

	it('a wrong password, no password, a forged body or an event not chosen: refused or acknowledged, and nothing runs', async () => {
		const url = exampleTarget.targetUrl;
		const event = sim.events.payloadOf(sim.events.eventFields('deviceWiped', sim.fleet.devices[14], Date.now()), 'JSON').body;
		const before = await runsOf(EXAMPLE);
		const wrong = await post(url, { authorization: sim.events.basicHeader(exampleTarget.userName, `${exampleTarget.password}x`), body: event });
		expect(wrong.status).toBe(401);
		expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
		expect((await post(url, { body: event })).status).toBe(401);
		const rightPair = sim.events.basicHeader(exampleTarget.userName, exampleTarget.password);
		const forged = await post(url, { authorization: rightPair, body: JSON.stringify({ hello: 'world' }) });
		expect(forged.status).toBe(400);
		expect(await forged.json()).toEqual({ code: 400, message: 'The body has neither an EventId nor an EventType: it is not a UEM event.' });
		const enrolment = sim.events.payloadOf(sim.events.eventFields('deviceEnrolled', sim.fleet.devices[14], Date.now()), 'JSON').body;
		const notChosen = await post(url, { authorization: rightPair, body: enrolment });
		expect(notChosen.status).toBe(200);
		expect(await notChosen.json()).toEqual({ received: true, started: false, reason: 'Device Enrolled is not a chosen event' });
		expect(await runsAfterAWhile(EXAMPLE)).toBe(before);
		expect(slackLines()).toHaveLength(2);
	});

	it('deactivating deletes the registration at UEM; the URL then starts nothing', async () => {
		const url = exampleTarget.targetUrl;
		await n8n.deactivate(EXAMPLE);
		await waitFor('the registration to be deleted', () => sim.eventNotifications.targets().length === 0);
		const before = await runsOf(EXAMPLE);
		const event = sim.events.payloadOf(sim.events.eventFields('deviceWiped', sim.fleet.devices[15], Date.now()), 'JSON').body;
		const answer = await post(url, { authorization: sim.events.basicHeader(exampleTarget.userName, exampleTarget.password), body: event });
		expect(answer.status).toBe(404);
		expect(await runsAfterAWhile(EXAMPLE)).toBe(before);
	});

	it(`a burst of ${BURST.toLocaleString('en')} events sent at a minute's pace, device record on: one run each, none lost or doubled, one token exchange per token lifetime`, async () => {
		const workflow = recorderWorkflow({ id: RECORDER, sim, includeDevice: true });
		await n8n.activate(RECORDER);
		const target = await registeredTarget(sim, productionUrl(n8n.url, workflow));
		targets.push(target);
		await registrationSaved(n8n, RECORDER);
		sim.resetCounters();
		const startedAt = Date.now();
		const { answers, runs, figures } = await measureBurst({
			sim,
			target,
			workflowId: RECORDER,
			count: BURST,
			// A minute's worth, as UEM would send them: 1,000 at a steady pace, up to 50 open at once.
			withinMs: 60_000,
			concurrency: 50,
			startsOf: async () => new Map((await n8n.executions(RECORDER)).map((run) => [run.id, run.startedAt])),
		});
		const burstSeconds = (Date.now() - startedAt) / 1000;

		expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
		// One run per event: each event's device and time once, each execution once.
		expect(runs).toHaveLength(BURST);
		expect(new Set(runs.map((run) => `${run.item.DeviceId}/${run.item.EventTime}`)).size).toBe(BURST);
		expect(new Set(runs.map((run) => run.executionId)).size).toBe(BURST);
		const executions = await n8n.executions(RECORDER);
		expect(executions).toHaveLength(BURST);
		expect(executions.every((run) => run.status === 'success' && run.mode === 'webhook')).toBe(true);
		// Every run carries the device record it fetched.
		expect(runs.every((run) => run.item.device?.Id?.Value === run.item.DeviceId)).toBe(true);
		expect(figures.delayMs.measured).toBe(BURST);

		// Tokens: shared by every event in this one n8n process, renewed once per lifetime (less the 10 % margin).
		const { tokenExchanges, unauthorized, byRoute } = sim.snapshot();
		expect(byRoute.device).toBe(BURST);
		expect(unauthorized).toBe(0);
		expect(tokenExchanges).toBeLessThanOrEqual(Math.ceil(burstSeconds / (TOKEN_LIFETIME_S * 0.9)) + 1);
		note(
			`regular mode: ${figures.events} events posted over ${figures.postedOverSeconds} s, all answered after ${figures.seconds} s = ${figures.perSecond}/s; POST to run start p50 ${figures.delayMs.p50} ms, p95 ${figures.delayMs.p95} ms, max ${figures.delayMs.max} ms; ` +
				`${tokenExchanges} token exchanges with ${TOKEN_LIFETIME_S}-s tokens over ${burstSeconds.toFixed(0)} s; ${byRoute.device} device reads`,
		);
		await n8n.deactivate(RECORDER);
		await waitFor('the recorder registration to be deleted', () => sim.eventNotifications.targets().length === 0);
	});

	it('n8n stored and logged no Basic pair, token or client secret in clear text', () => {
		const database = n8n.databaseBytes();
		const log = n8n.serverLog();
		expect(targets).toHaveLength(2);
		const secrets = [...targets.flatMap((target) => [target.password, target.userName]), sim.clients[0].clientSecret, ...sim.tokenService.issuedTokens()];
		for (const secret of secrets) {
			expect(database.includes(secret)).toBe(false);
			expect(log.includes(secret)).toBe(false);
		}
		expect(database.includes('workspaceOneUemEventRegistrations')).toBe(true);
		const items = JSON.stringify(recorded(sim, RECORDER));
		for (const target of targets) expect(items.includes(target.password)).toBe(false);
	});
});

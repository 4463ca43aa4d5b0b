'use strict';
// The Event Trigger in real n8n, shared by the regular-mode suite and the queue-mode suite: a
// recorder workflow (every event it starts posts its item and execution id to the simulator's
// Slack recorder), waiting for UEM's registration to appear, and measuring a burst: events per
// second, the delay from each POST to the start of its execution, nothing lost or doubled.

const { CREDENTIAL_ID } = require('./stage');

const EVENT_TRIGGER_TYPE = 'n8n-nodes-workspace-one-uem.workspaceOneUemEventTrigger';

/** A webhook id per recorder workflow, stable so that its URL is known before activation. */
function webhookIdOf(workflowId) {
	const hex = Buffer.from(workflowId).toString('hex').padEnd(12, '0').slice(0, 12);
	return `7e1d0c2b-5a4f-4e3d-9c2b-${hex}`;
}

/**
 * Event Trigger (all events unless told) → HTTP Request posting `{executionId, item}` to the
 * simulator's Slack recorder under `/slack/<workflowId>`: the test sees each run's trigger item.
 */
function recorderWorkflow({ id, sim, includeDevice = false, events = ['*'], credentialId = CREDENTIAL_ID }) {
	return {
		id,
		name: `UEM events recorder (${id})`,
		active: false,
		nodes: [
			{
				id: `${webhookIdOf(id).slice(0, 24)}000000000001`,
				name: 'UEM event',
				type: EVENT_TRIGGER_TYPE,
				typeVersion: 1,
				position: [0, 0],
				webhookId: webhookIdOf(id),
				parameters: { registration: 'api', events, organizationGroup: { __rl: true, mode: 'list', value: '' }, includeDevice, options: {} },
				credentials: { workspaceOneUemApi: { id: credentialId, name: 'Workspace ONE UEM' } },
			},
			{
				id: `${webhookIdOf(id).slice(0, 24)}000000000002`,
				name: 'Record',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [260, 0],
				parameters: {
					method: 'POST',
					url: `${sim.url}/slack/${id}`,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '={{ JSON.stringify({ text: JSON.stringify({ executionId: $execution.id, item: $json }) }) }}',
					options: {},
				},
			},
		],
		connections: { 'UEM event': { main: [[{ node: 'Record', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/** What a recorder workflow posted: [{executionId, item}], in arrival order. */
function recorded(sim, workflowId) {
	return sim.slack.messages.filter((message) => message.path === `/slack/${workflowId}`).map((message) => JSON.parse(message.text));
}

/** The production URL n8n serves a workflow's Event Trigger at. */
function productionUrl(baseUrl, workflow) {
	const trigger = workflow.nodes.find((node) => node.type === EVENT_TRIGGER_TYPE);
	return `${baseUrl.replace(/\/$/, '')}/webhook/${trigger.webhookId}/webhook`;
}

async function waitFor(what, check, { timeoutMs = 60_000, intervalMs = 200 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}

/** The target UEM holds for a URL, once activation registered it. */
async function registeredTarget(sim, url, timeoutMs = 60_000) {
	return await waitFor(`UEM to hold a target for ${url}`, () => sim.eventNotifications.targets().find((target) => target.targetUrl === url), { timeoutMs });
}

/**
 * Waits until n8n has saved the trigger's static data after registering (it does so just after the
 * registration call returns): an event pushed before that is refused with 401.
 */
async function registrationSaved(n8n, workflowId, timeoutMs = 30_000) {
	await waitFor(
		`n8n to save workflow ${workflowId}'s static data`,
		async () => {
			const workflow = await n8n.rest('GET', `/workflows/${workflowId}`);
			return Object.entries(workflow.staticData ?? {}).some(([key, value]) => key.startsWith('node:') && Object.keys(value ?? {}).length > 0);
		},
		{ timeoutMs, intervalMs: 100 },
	);
}

function percentile(sorted, share) {
	return sorted.length === 0 ? undefined : sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
}

/**
 * Sends `count` events to a target, started at a steady pace over `withinMs` (as fast as
 * `concurrency` open requests allow when 0), then waits until every run has recorded its item. Returns the answers,
 * the runs by event, and the figures: events per second, POST-to-start delays (p50, p95, max).
 * `startsOf()` gives each execution's start (ms) by id, read from n8n once all have run.
 */
async function measureBurst({ sim, target, workflowId, count, concurrency = 16, withinMs = 0, startsOf, timeoutMs = 300_000 }) {
	const before = recorded(sim, workflowId).length;
	const answers = await sim.events.burst(target, { count, concurrency, withinMs });
	const sent = answers.filter((answer) => answer.status === 200);
	const runs = await waitFor(
		`${sent.length} runs to record their event`,
		() => {
			const now = recorded(sim, workflowId).slice(before);
			return now.length >= sent.length && now;
		},
		{ timeoutMs, intervalMs: 500 },
	);
	const firstPost = Math.min(...answers.map((answer) => answer.postedAt));
	const lastPost = Math.max(...answers.map((answer) => answer.postedAt));
	const lastAnswer = Math.max(...answers.map((answer) => answer.answeredAt));
	const starts = await startsOf();
	const byEvent = new Map(answers.map((answer) => [`${answer.deviceId}/${answer.eventTime}`, answer]));
	const delays = [];
	for (const run of runs) {
		const answer = byEvent.get(`${run.item.DeviceId}/${Date.parse(run.item.EventTime)}`);
		const startedAt = starts.get(Number(run.executionId));
		if (answer && startedAt !== undefined) delays.push(startedAt - answer.postedAt);
	}
	delays.sort((a, b) => a - b);
	const seconds = (lastAnswer - firstPost) / 1000;
	return {
		answers,
		runs,
		figures: {
			events: count,
			accepted: sent.length,
			/** From the first POST to the last: the pace the sender kept. */
			postedOverSeconds: Number(((lastPost - firstPost) / 1000).toFixed(1)),
			/** From the first POST to the last answer: the pace n8n kept. */
			seconds: Number(seconds.toFixed(1)),
			perSecond: Number((count / seconds).toFixed(1)),
			delayMs: { p50: percentile(delays, 0.5), p95: percentile(delays, 0.95), max: delays[delays.length - 1], measured: delays.length },
		},
	};
}

module.exports = { measureBurst, productionUrl, recorded, recorderWorkflow, registeredTarget, registrationSaved, waitFor };

'use strict';
// Workflows for queue mode. A fleet report split across workers: a parent fans out one slice of
// the fleet (organisation group × platform) per HTTP call to a webhook-triggered sub-workflow;
// main enqueues each webhook execution, and whichever worker is free runs it. (An Execute
// Workflow node would not do: n8n 2.40 runs a sub-workflow inside the parent's own process.)

const { CREDENTIAL_ID, exampleFor } = require('../lib/stage');

const NODE_TYPE = 'n8n-nodes-workspace-one-uem.workspaceOneUem';
const credentialRef = (id = CREDENTIAL_ID) => ({ workspaceOneUemApi: { id, name: 'Workspace ONE UEM' } });

const IDS = {
	slice: 'uemQueueFleetSlice',
	report: 'uemQueueFleetReport',
	probe: 'uemQueueTokenProbe',
	resume: 'uemQueueResumeProbe',
	slack: 'uemFailuresToSlack',
};
const PATHS = { slice: 'uem-fleet-slice', probe: 'uem-token-probe', resume: 'uem-resume-probe' };

let nodeCounter = 0;
function node(name, type, typeVersion, parameters, extra = {}) {
	nodeCounter++;
	return {
		id: `7a0c9e52-0000-4000-8000-${String(nodeCounter).padStart(12, '0')}`,
		name,
		type,
		typeVersion,
		position: [nodeCounter * 220, 0],
		parameters,
		...extra,
	};
}

/** Connects nodes in a line. */
function chain(...names) {
	const connections = {};
	for (let i = 0; i < names.length - 1; i++) connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	return connections;
}

function webhookNode(name, path, responseMode = 'lastNode') {
	return node(
		name,
		'n8n-nodes-base.webhook',
		2,
		{ httpMethod: 'POST', path, responseMode, responseData: 'firstEntryJson', options: {} },
		{ webhookId: `5d1f0c3a-${path.length.toString(16).padStart(4, '0')}-4000-8000-${Buffer.from(path).toString('hex').slice(0, 12).padEnd(12, '0')}` },
	);
}

/**
 * The sub-workflow: one slice of the fleet. Searches the slice's devices (organisation group ×
 * platform), checks each device's profiles (Profile → Get Status, one call per device), and
 * answers the webhook with the device ids it checked and the profiles not installed.
 */
function fleetSliceWorkflow({ credentialId } = {}) {
	const credentials = credentialRef(credentialId);
	const body = "$('Receive slice').first().json.body";
	const nodes = [
		webhookNode('Receive slice', PATHS.slice),
		node(
			'Search slice devices',
			NODE_TYPE,
			1,
			{
				resource: 'device',
				operation: 'search',
				returnAll: true,
				filters: { organizationGroupId: `={{ ${body}.lgid }}`, platform: `={{ ${body}.platform }}` },
				options: { requestsPerMinute: `={{ ${body}.requestsPerMinute }}` },
			},
			{ credentials },
		),
		node(
			'Profiles not installed',
			NODE_TYPE,
			1,
			{
				resource: 'profile',
				operation: 'getStatus',
				deviceIdType: 'deviceId',
				deviceIdValue: '={{ $json.Id?.Value }}',
				options: {
					onlyNotInstalled: true,
					concurrency: `={{ ${body}.concurrency }}`,
					requestsPerMinute: `={{ ${body}.requestsPerMinute }}`,
				},
			},
			{ credentials, alwaysOutputData: true },
		),
		node('Slice result', 'n8n-nodes-base.code', 2, {
			jsCode: [
				`const slice = ${body};`,
				"const devices = $('Search slice devices').all().map((item) => item.json.Id.Value);",
				'const rows = $input.all().map((item) => item.json);',
				'const failures = rows.filter((row) => row.profileId !== undefined).map((row) => `${row.deviceId}:${row.profileId}:${row.status}`);',
				'const errors = rows.filter((row) => row.error !== undefined).length;',
				'return [{ json: { slice: slice.name, executionId: $execution.id, devices, failures, errors } }];',
			].join('\n'),
		}),
	];
	return {
		id: IDS.slice,
		name: 'UEM queue: fleet report slice (webhook)',
		active: false,
		nodes,
		connections: chain('Receive slice', 'Search slice devices', 'Profiles not installed', 'Slice result'),
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/**
 * The slices of the simulator's fleet: each leaf organisation group × each platform, largest
 * first (a worker takes the next waiting slice when it has a free slot, so big slices first
 * keep the workers' shares even at the end).
 */
function fleetSlices(sim, { requestsPerMinute = 0, concurrency = 16 } = {}) {
	const groups = sim.fleet.groups.filter((group) => !sim.fleet.groups.some((child) => child.parentId === group.id));
	const platforms = [...new Set(sim.fleet.devices.map((device) => device.platform))].sort();
	const size = (lgid, platform) => sim.fleet.devices.filter((d) => d.groupId === lgid && d.platform === platform).length;
	return groups
		.flatMap((group) => platforms.map((platform) => ({ group, platform, devices: size(group.id, platform) })))
		.filter((slice) => slice.devices > 0)
		.sort((a, b) => b.devices - a.devices)
		.map(({ group, platform }) => ({ name: `${group.name}/${platform}`, lgid: group.id, platform, requestsPerMinute, concurrency }));
}

/**
 * The parent: makes the slices, POSTs each to the sub-workflow's webhook (all at once; the HTTP
 * Request node sends an item's request without waiting for the previous one), and adds up.
 */
function fleetReportWorkflow(webhookUrl, slices, { id = IDS.report, name = 'UEM queue: fleet report (fans out to workers)' } = {}) {
	const nodes = [
		node('Run report', 'n8n-nodes-base.manualTrigger', 1, {}),
		node('Slices', 'n8n-nodes-base.code', 2, {
			jsCode: `return ${JSON.stringify(slices)}.map((slice) => ({ json: slice }));`,
		}),
		node('Check slice on a worker', 'n8n-nodes-base.httpRequest', 4.2, {
			method: 'POST',
			url: webhookUrl,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '={{ JSON.stringify($json) }}',
			options: { timeout: 1_800_000 },
		}),
		node('Report', 'n8n-nodes-base.code', 2, {
			jsCode: [
				'const slices = $input.all().map((item) => item.json);',
				'const seen = new Set();',
				'let duplicates = 0;',
				'for (const slice of slices) for (const id of slice.devices) { if (seen.has(id)) duplicates++; seen.add(id); }',
				'const failures = slices.flatMap((slice) => slice.failures);',
				'return [{ json: {',
				'  devicesChecked: slices.reduce((sum, slice) => sum + slice.devices.length, 0),',
				'  uniqueDevices: seen.size,',
				'  duplicates,',
				'  failures,',
				'  errors: slices.reduce((sum, slice) => sum + slice.errors, 0),',
				'  slices: slices.map((slice) => ({ slice: slice.slice, executionId: slice.executionId, devices: slice.devices.length, failures: slice.failures.length })),',
				'  deviceIds: [...seen],',
				'} }];',
			].join('\n'),
		}),
	];
	return {
		id,
		name,
		active: false,
		nodes,
		connections: chain('Run report', 'Slices', 'Check slice on a worker', 'Report'),
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/**
 * A short production run for token tests: a few devices searched and their profiles read, with
 * the request pace set by the caller so that runs overlap token renewals.
 */
function tokenProbeWorkflow({ credentialId } = {}) {
	const credentials = credentialRef(credentialId);
	const body = "$('Receive probe').first().json.body";
	const nodes = [
		webhookNode('Receive probe', PATHS.probe),
		node(
			'Search some devices',
			NODE_TYPE,
			1,
			{ resource: 'device', operation: 'search', returnAll: false, limit: `={{ ${body}.devices }}`, filters: {}, options: { requestsPerMinute: 0 } },
			{ credentials },
		),
		node(
			'Profiles of each',
			NODE_TYPE,
			1,
			{
				resource: 'profile',
				operation: 'getStatus',
				deviceIdType: 'deviceId',
				deviceIdValue: '={{ $json.Id?.Value }}',
				options: { concurrency: `={{ ${body}.concurrency }}`, requestsPerMinute: 0 },
			},
			{ credentials },
		),
		node('Probe result', 'n8n-nodes-base.code', 2, {
			jsCode: [
				"const devices = new Set($input.all().map((item) => item.json.deviceId));",
				'return [{ json: { executionId: $execution.id, devices: devices.size, profiles: $input.all().length } }];',
			].join('\n'),
		}),
	];
	return {
		id: IDS.probe,
		name: 'UEM queue: token probe (webhook)',
		active: false,
		nodes,
		connections: chain('Receive probe', 'Search some devices', 'Profiles of each', 'Probe result'),
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/**
 * A run that waits in the middle, the way an approval step does: UEM calls, then a Wait node
 * (resumed by a webhook call; the run posts its resume URL to `mailboxUrl` first), then more UEM
 * calls. A resumed run is the one kind of queued run for which n8n 2.40's worker reloads the
 * workflow's static data from the database, so it reads whatever other runs saved meanwhile.
 */
function resumeProbeWorkflow({ credentialId, mailboxUrl } = {}) {
	const credentials = credentialRef(credentialId);
	const nodes = [
		webhookNode('Receive resume probe', PATHS.resume, 'onReceived'),
		node('Before the wait', NODE_TYPE, 1, { resource: 'device', operation: 'search', returnAll: false, limit: 3, filters: {}, options: { requestsPerMinute: 0 } }, { credentials }),
		node(
			'Post resume URL',
			'n8n-nodes-base.httpRequest',
			4.2,
			{
				method: 'POST',
				url: mailboxUrl,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify({ text: `resume ${$execution.id} ${$execution.resumeUrl}` }) }}',
				options: {},
			},
			{ executeOnce: true },
		),
		node('Wait for approval', 'n8n-nodes-base.wait', 1.1, { resume: 'webhook', httpMethod: 'POST', options: {} }, { webhookId: '5d1f0c3a-0000-4000-8000-0000a1a1a1a1' }),
		node('After the wait', NODE_TYPE, 1, { resource: 'device', operation: 'search', returnAll: false, limit: 3, filters: {}, options: { requestsPerMinute: 0 } }, { credentials }),
	];
	return {
		id: IDS.resume,
		name: 'UEM queue: resumed run (webhook, wait, webhook)',
		active: false,
		nodes,
		connections: chain('Receive resume probe', 'Before the wait', 'Post resume URL', 'Wait for approval', 'After the wait'),
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/**
 * The shipped "profile failures to Slack" example, pointed at the simulator. Two changes: its
 * Schedule Trigger fires at second `second` of every minute (instead of 07:00 on weekdays), so a
 * test can have the scheduler start it; and Requests Per Minute is `requestsPerMinute` (the
 * simulated tenant has no throttle, and the default 4,000/min would only pace the test).
 */
function slackExampleOnSchedule(sim, { second, requestsPerMinute = 0 }) {
	const workflow = exampleFor('failuresToSlack', sim);
	for (const each of workflow.nodes) {
		if (each.type === 'n8n-nodes-base.scheduleTrigger') {
			each.parameters.rule.interval = [{ field: 'cronExpression', expression: `${second} * * * * *` }];
		}
		if (each.type === NODE_TYPE) each.parameters.options = { ...each.parameters.options, requestsPerMinute };
	}
	return workflow;
}

module.exports = { IDS, PATHS, fleetReportWorkflow, fleetSliceWorkflow, fleetSlices, resumeProbeWorkflow, slackExampleOnSchedule, tokenProbeWorkflow };

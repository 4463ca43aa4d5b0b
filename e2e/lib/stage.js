'use strict';
// Puts the package, a credential for a simulator and the example workflows into an n8n
// instance: what `npm start`, `npm run demo` and the end-to-end tests all begin with.

const fs = require('node:fs');
const path = require('node:path');

const { packPackage, REPO } = require('./pack');

const EXAMPLES = path.join(REPO, 'examples');

/** Values in the shipped examples that a user replaces with their own. */
const PLACEHOLDERS = {
	apiUrl: 'https://as1506.awmdm.com',
	slackWebhookUrl: 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
	serialNumber: 'C02XK1ABJGH5',
};

const CREDENTIAL_ID = 'workspaceOneUemCred';

const WORKFLOWS = {
	failuresToSlack: { id: 'uemFailuresToSlack', file: 'profile-failures-to-slack.json' },
	statusPerDevice: { id: 'uemProfileStatusPerDevice', file: 'profile-status-per-device.json' },
	failuresTrigger: { id: 'uemFailuresTrigger', file: 'profile-failures-trigger-to-slack.json' },
	deviceLookup: { id: 'uemDeviceLookup', file: 'device-lookup.json' },
	anyEndpoint: { id: 'uemAnyEndpoint', file: 'any-endpoint-http-request.json' },
	syncNonCompliant: { id: 'uemSyncNonCompliant', file: 'sync-non-compliant-devices.json' },
	selfHealing: { id: 'uemSelfHealingProfiles', file: 'self-healing-profiles.json' },
	offboarding: { id: 'uemOffboarding', file: 'offboarding.json' },
	wipesToSlack: { id: 'uemWipesToSlack', file: 'device-wiped-or-unenrolled-to-slack.json' },
	mcpServer: { id: 'uemMcpServer', file: 'mcp-server-tools.json' },
	aiAgent: { id: 'uemAiAgent', file: 'ai-agent-device-questions.json' },
};

/** A fleet where a realistic share of profile installs is not confirmed (about 0.6 %). */
const DEMO_STATUS_MIX = { 3: 9940, 1: 20, 2: 8, 7: 8, 9: 8, 8: 6, 0: 5, 4: 3, 6: 2 };

/** An example workflow with its placeholders pointed at a simulator. */
function exampleFor(key, sim, values = {}) {
	const file = path.join(EXAMPLES, WORKFLOWS[key].file);
	let text = fs.readFileSync(file, 'utf8');
	const replacements = {
		apiUrl: sim.url,
		slackWebhookUrl: sim.slackWebhookUrl,
		serialNumber: values.serialNumber ?? sim.fleet.devices[0].serialNumber,
	};
	for (const [name, value] of Object.entries(replacements)) text = text.split(PLACEHOLDERS[name]).join(value);
	return JSON.parse(text);
}

/** The Workspace ONE UEM API credential for a simulator (Token Endpoint = Custom URL). */
function simulatorCredential(sim, overrides = {}) {
	return {
		id: CREDENTIAL_ID,
		name: 'Workspace ONE UEM',
		type: 'workspaceOneUemApi',
		data: {
			apiUrl: sim.url,
			region: 'custom',
			tokenUrl: sim.tokenUrl,
			clientId: sim.clients[0].clientId,
			clientSecret: sim.clients[0].clientSecret,
			tenantApiKey: '',
			ignoreSslIssues: false,
			...overrides,
		},
	};
}

/** Installs the packed package and imports the credential and the example workflows. */
async function stage(n8n, sim, values = {}) {
	n8n.installPackage(packPackage());
	await n8n.importCredentials([simulatorCredential(sim)]);
	await n8n.importWorkflows(Object.keys(WORKFLOWS).map((key) => exampleFor(key, sim, values)));
}

/** What a run posted to the simulator's Slack webhook, and what it should have posted. */
function slackFailureLines(sim) {
	return sim.slack.messages
		.flatMap((message) => message.text.split('\n'))
		.map((line) => /\(device (\d+)\): (\S+)$/.exec(line))
		.filter(Boolean)
		.map((match) => `${match[1]}:${match[2]}`);
}

module.exports = {
	CREDENTIAL_ID,
	DEMO_STATUS_MIX,
	PLACEHOLDERS,
	WORKFLOWS,
	exampleFor,
	simulatorCredential,
	slackFailureLines,
	stage,
};

#!/usr/bin/env node
'use strict';
// `npm run bench:trigger`: the profile-failed trigger over a large simulated tenant (default
// 250,000 devices, the demo's status mix, 50 ms a call): the time, calls and state size of its
// first (silent) poll, of a poll with nothing new, and of one after ten profiles start failing.
// The built trigger (dist/) runs in n8n's own poll context (n8n-core), as an active workflow
// polls it; figures are printed for docs/benchmark.md.
//
//   npm run bench:trigger -- [--devices 250000] [--latency 50]

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');

// n8n-core keeps instance settings in its user folder: a scratch one, not the user's ~/.n8n.
process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'uem-bench-trigger-'));
const { PollContext } = require('n8n-core');
const { ICredentialsHelper, Workflow } = require('n8n-workflow');

const { startSimulator } = require('../../simulator');
const { REPO } = require('../lib/pack');
const { DEMO_STATUS_MIX, simulatorCredential } = require('../lib/stage');

const { values } = parseArgs({ options: { devices: { type: 'string', default: '250000' }, latency: { type: 'string', default: '50' } } });

const { WorkspaceOneUemTrigger } = require(path.join(REPO, 'dist/nodes/WorkspaceOneUem/WorkspaceOneUemTrigger.node.js'));
const TYPE = 'n8n-nodes-workspace-one-uem.workspaceOneUemTrigger';

/** Only what the trigger asks of n8n's credentials: the decrypted fields. */
class Credentials extends ICredentialsHelper {
	constructor(data) {
		super();
		this.data = data;
	}
	async getDecrypted() {
		return { ...this.data };
	}
	getParentTypes() {
		return [];
	}
	async authenticate(_credentials, _type, options) {
		return options;
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	getCredentialsProperties() {
		return [];
	}
	async getCredentials() {
		throw new Error('not used');
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
	isCredentialUsableByNode() {
		return true;
	}
}

async function main() {
	const devices = Number(values.devices);
	const sim = await startSimulator({ devices, seed: 7, statusMix: DEMO_STATUS_MIX, faults: { latencyMs: Number(values.latency) } });
	const trigger = new WorkspaceOneUemTrigger();
	const node = {
		id: 'uem-trigger',
		name: 'Workspace ONE UEM Trigger',
		type: TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { event: 'profileFailed', options: { requestsPerMinute: 0 } },
		credentials: { workspaceOneUemApi: { id: 'credential-1', name: 'UEM simulator' } },
	};
	const nodeTypes = { getByName: () => trigger, getByNameAndVersion: () => trigger, getKnownTypes: () => ({}) };
	const workflow = new Workflow({ id: 'trigger-scale', nodes: [node], connections: {}, active: true, nodeTypes, staticData: {} });
	const additionalData = {
		credentialsHelper: new Credentials(simulatorCredential(sim).data),
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		variables: {},
	};
	const poll = async (label) => {
		sim.resetCounters();
		const context = new PollContext(workflow, node, additionalData, 'trigger', 'activate');
		const started = process.hrtime.bigint();
		const output = await trigger.poll.call(context);
		const seconds = Number(process.hrtime.bigint() - started) / 1e9;
		const state = JSON.stringify(workflow.staticData[`node:${node.name}`] ?? {});
		const { requests, byRoute } = sim.snapshot();
		process.stdout.write(
			`${label}: ${seconds.toFixed(1)} s, ${requests} calls (${byRoute.profileDevices ?? 0} listing pages, ${byRoute.deviceProfiles ?? 0} device reads), ` +
				`${output === null ? 0 : output[0].length} items, state ${(Buffer.byteLength(state) / 1024).toFixed(1)} KB\n`,
		);
	};
	try {
		process.stdout.write(`${devices.toLocaleString('en-US')} devices, ${sim.fleet.notInstalled().length.toLocaleString('en-US')} (device, profile) pairs not installed, ${values.latency} ms a call\n`);
		await poll('first poll (records silently)');
		await poll('next poll, nothing new');
		let flipped = 0;
		for (const device of sim.fleet.devices) {
			const installed = device.assignments.find((assignment) => assignment.status === 3);
			if (installed && flipped < 10 && device.id % 997 === 0) {
				sim.fleet.setProfileStatus(device.id, installed.profile.id, 9);
				flipped++;
			}
		}
		await poll(`after ${flipped} profiles fail`);
	} finally {
		await sim.close();
		fs.rmSync(process.env.N8N_USER_FOLDER, { recursive: true, force: true });
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});

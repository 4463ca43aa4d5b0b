'use strict';
// The benchmark's n8n workflows (approaches 2 to 4) and the generic OAuth2 credential of approach 2.

const { CREDENTIAL_ID } = require('../lib/stage');

const UEM_NODE = 'n8n-nodes-workspace-one-uem.workspaceOneUem';
const OAUTH2_CREDENTIAL_ID = 'benchGenericOAuth2';
const uemCredential = { workspaceOneUemApi: { id: CREDENTIAL_ID, name: 'Workspace ONE UEM' } };

function node(name, type, typeVersion, x, parameters, extra = {}) {
	return { id: `bench-${name.replace(/\W+/g, '-')}`, name, type, typeVersion, position: [x, 0], parameters, ...extra };
}

function chain(id, name, nodes) {
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { id, name, active: false, nodes, connections, settings: {}, pinData: {} };
}

const start = () => node('Run now', 'n8n-nodes-base.manualTrigger', 1, 0, {});

const searchAll = (requestsPerMinute) =>
	node('Search all devices', UEM_NODE, 1, 200, { resource: 'device', operation: 'search', returnAll: true, filters: {}, options: { requestsPerMinute } }, { credentials: uemCredential });

/** n8n's generic OAuth2 credential with the client-credentials grant, as a user would set it up. */
function genericOAuth2Credential(sim) {
	return {
		id: OAUTH2_CREDENTIAL_ID,
		name: 'UEM via generic OAuth2',
		type: 'oAuth2Api',
		data: {
			grantType: 'clientCredentials',
			accessTokenUrl: sim.tokenUrl,
			clientId: sim.clients[0].clientId,
			clientSecret: sim.clients[0].clientSecret,
			scope: '',
			authQueryParameters: '',
			authentication: 'body',
		},
	};
}

/** Approach 2: the HTTP Request node, one request per device item, with the generic OAuth2 credential. */
function httpRequestWorkflow(id, sim, requestsPerMinute) {
	const perDevice = node(
		'Profiles (HTTP Request)',
		'n8n-nodes-base.httpRequest',
		4.2,
		400,
		{
			method: 'GET',
			url: `=${sim.url}/api/mdm/devices/{{ $json.Id.Value }}/profiles`,
			authentication: 'genericCredentialType',
			genericAuthType: 'oAuth2Api',
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'Accept', value: 'application/json;version=1' }] },
			options: {},
		},
		// Failed requests become items, so the benchmark can count them instead of losing the run.
		{ credentials: { oAuth2Api: { id: OAUTH2_CREDENTIAL_ID, name: 'UEM via generic OAuth2' } }, onError: 'continueRegularOutput' },
	);
	return chain(id, 'Benchmark: HTTP Request + generic OAuth2', [start(), searchAll(requestsPerMinute), perDevice]);
}

/** Approach 3: this node's per-device Get Status at its default concurrency. */
function perDeviceWorkflow(id, requestsPerMinute) {
	const status = node(
		'Profiles not installed',
		UEM_NODE,
		1,
		400,
		{ resource: 'profile', operation: 'getStatus', deviceIdType: 'deviceId', deviceIdValue: '={{ $json.Id?.Value }}', options: { onlyNotInstalled: true, requestsPerMinute } },
		{ credentials: uemCredential, alwaysOutputData: true },
	);
	return chain(id, 'Benchmark: Get Status per device', [start(), searchAll(requestsPerMinute), status]);
}

/** Approach 4: this node's Get Fleet Status over all profiles. */
function fleetWorkflow(id, requestsPerMinute) {
	const fleet = node(
		'Profiles not installed',
		UEM_NODE,
		1,
		200,
		{ resource: 'profile', operation: 'getFleetStatus', profiles: 'all', options: { requestsPerMinute } },
		{ credentials: uemCredential, alwaysOutputData: true },
	);
	return chain(id, 'Benchmark: Get Fleet Status', [start(), fleet]);
}

module.exports = { fleetWorkflow, genericOAuth2Credential, httpRequestWorkflow, perDeviceWorkflow };

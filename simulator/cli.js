#!/usr/bin/env node
'use strict';
// `npm run simulator -- --devices 10000 --port 8787 [--token-lifetime 3600] [--latency 50]
//   [--throttle 5000] [--seed 1] [--client-id id --client-secret secret]`
// Starts the UEM tenant simulator on 127.0.0.1 and prints what a credential needs.

const { parseArgs } = require('node:util');
const { startSimulator } = require('./index');

const { values } = parseArgs({
	options: {
		devices: { type: 'string', default: '10000' },
		port: { type: 'string', default: '8787' },
		seed: { type: 'string', default: '1' },
		'token-lifetime': { type: 'string', default: '3600' },
		latency: { type: 'string', default: '0' },
		throttle: { type: 'string', default: '0' },
		'client-id': { type: 'string' },
		'client-secret': { type: 'string' },
		help: { type: 'boolean', short: 'h' },
	},
});

if (values.help) {
	process.stdout.write(
		'Usage: npm run simulator -- [--devices N] [--port P] [--token-lifetime S] [--latency MS]\n' +
			'                            [--throttle PER_MINUTE] [--seed N] [--client-id ID --client-secret SECRET]\n',
	);
	process.exit(0);
}

function integer(name) {
	const value = Number(values[name]);
	if (!Number.isInteger(value) || value < 0) {
		process.stderr.write(`--${name} must be a whole number, got "${values[name]}"\n`);
		process.exit(2);
	}
	return value;
}

(async () => {
	const clients =
		values['client-id'] && values['client-secret']
			? [{ clientId: values['client-id'], clientSecret: values['client-secret'] }]
			: undefined;
	const sim = await startSimulator({
		devices: integer('devices'),
		port: integer('port'),
		seed: integer('seed'),
		tokenLifetimeSeconds: integer('token-lifetime'),
		clients,
		faults: { latencyMs: integer('latency'), throttleLimit: integer('throttle') },
	});
	const [client] = sim.clients;
	const failures = sim.fleet.notInstalled().length;
	process.stdout.write(
		[
			`UEM simulator listening on ${sim.url}`,
			`  devices:          ${sim.fleet.devices.length} (${failures} profile installs not confirmed)`,
			`  API server URL:   ${sim.url}`,
			`  token URL:        ${sim.tokenUrl}  (credential: Token Endpoint = Custom URL)`,
			`  client ID:        ${client.clientId}`,
			values['client-secret']
				? '  client secret:    (the one you passed)'
				: `  client secret:    ${client.clientSecret}  (generated for this run; pass --client-secret to fix it)`,
			`  Slack webhook:    ${sim.slackWebhookUrl}`,
			`  push an event:    curl -X POST ${sim.url}/_simulator/events/push -d '{"kind":"deviceWiped"}'  (to the targets registered through /api/system/eventnotifications)`,
			`  counters:         ${sim.url}/_simulator/counters`,
			'Ctrl+C stops it.',
			'',
		].join('\n'),
	);
	const stop = async () => {
		await sim.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
})().catch((error) => {
	process.stderr.write(`simulator failed to start: ${error.message}\n`);
	process.exit(1);
});

#!/usr/bin/env node
'use strict';
// Approach 1 of the benchmark: the field guide's PowerShell, line for line in Node. One token from
// the token endpoint (Get-WorkspaceOneOAuth), a header with it and the API version (Get-Header), a
// stopwatch that renews the token after a fixed share of its life (the guide's 55 of 60 minutes),
// the device search page by page, then one GET /api/mdm/devices/{id}/profiles per device, one
// after another, without retries or error handling. Run as its own process so its memory is its own;
// prints one JSON line with what it did.
//
//   node e2e/bench/fieldGuide.js --api URL --token-url URL --client-id ID --client-secret-env NAME
//                                --token-lifetime S [--devices-limit N]

const { parseArgs } = require('node:util');
const { Agent, request } = require('undici');

const { values } = parseArgs({
	options: {
		api: { type: 'string' },
		'token-url': { type: 'string' },
		'client-id': { type: 'string' },
		'client-secret-env': { type: 'string', default: 'UEM_BENCH_CLIENT_SECRET' },
		'token-lifetime': { type: 'string' },
	},
});

// Like Invoke-RestMethod, a single connection at a time, kept alive.
const dispatcher = new Agent({ connections: 1, keepAliveTimeout: 30_000 });
/** The guide renewed after 55 minutes of a 60-minute token: the same share of whatever lifetime. */
const RENEW_AFTER_MS = (Number(values['token-lifetime']) * 1000 * 55) / 60;

const counts = { calls: 0, exchanges: 0, failedDevices: 0, checkedDevices: 0, profiles: 0 };

async function getWorkspaceOneOAuth() {
	counts.exchanges++;
	const form = new URLSearchParams({
		grant_type: 'client_credentials',
		client_id: values['client-id'],
		client_secret: process.env[values['client-secret-env']] ?? '',
	});
	const answer = await request(values['token-url'], {
		method: 'POST',
		body: form.toString(),
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		dispatcher,
	});
	const body = await answer.body.json();
	return body.access_token;
}

let token;
let tokenFetchedAt = 0;

/** The guide's stopwatch check before every call. */
async function getHeader(version) {
	if (token === undefined || Date.now() - tokenFetchedAt > RENEW_AFTER_MS) {
		token = await getWorkspaceOneOAuth();
		tokenFetchedAt = Date.now();
	}
	return { authorization: `Bearer ${token}`, accept: `application/json;version=${version}` };
}

async function get(path, version) {
	counts.calls++;
	const answer = await request(`${values.api}${path}`, { headers: await getHeader(version), dispatcher });
	const text = await answer.body.text();
	return { status: answer.statusCode, body: answer.statusCode === 200 ? JSON.parse(text) : undefined };
}

async function main() {
	const started = Date.now();
	const deviceIds = [];
	for (let page = 0; ; page++) {
		const { status, body } = await get(`/api/mdm/devices/search?page=${page}&pagesize=500`, 1);
		if (status !== 200) break;
		for (const device of body.Devices) deviceIds.push(device.Id.Value);
		if (body.Devices.length < 500) break;
	}
	for (const id of deviceIds) {
		const { status, body } = await get(`/api/mdm/devices/${id}/profiles`, 1);
		if (status === 200 || status === 204) {
			counts.checkedDevices++;
			counts.profiles += body?.DeviceProfiles?.length ?? 0;
		} else {
			counts.failedDevices++;
		}
	}
	const result = {
		devices: deviceIds.length,
		...counts,
		seconds: (Date.now() - started) / 1000,
		peakRssMb: process.resourceUsage().maxRSS / 1024,
	};
	process.stdout.write(`${JSON.stringify(result)}\n`);
	await dispatcher.close();
}

main().catch((error) => {
	process.stderr.write(`field-guide run failed: ${error.message}\n`);
	process.exit(1);
});

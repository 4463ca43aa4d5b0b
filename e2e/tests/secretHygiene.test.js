'use strict';
// Secret hygiene in real n8n: after runs that succeed, a run with a wrong secret and a run against
// an API server that redirects to another origin, n8n's database, everything it logged and
// printed, and the run data hold no client secret and no access token in clear text; the other
// origin received nothing; the token cache exported with the workflow opens only with the
// credential's secret.

const fs = require('node:fs');
const path = require('node:path');

const { startSimulator } = require('../../simulator');
const { startServer } = require('../../test/harness/loopbackServers');
const { N8nInstance } = require('../lib/n8n');
const { REPO } = require('../lib/pack');
const { DEMO_STATUS_MIX, WORKFLOWS, simulatorCredential, stage } = require('../lib/stage');

describe('secrets stay secret in real n8n', () => {
	let sim;
	let n8n;
	let redirecting;
	let otherOrigin;
	let redirectedRun;
	const printed = [];
	beforeAll(async () => {
		sim = await startSimulator({ devices: 800, tokenLifetimeSeconds: 2, statusMix: DEMO_STATUS_MIX, faults: { latencyMs: 5 } });
		n8n = await N8nInstance.create();
		await stage(n8n, sim);
		for (const id of [WORKFLOWS.failuresToSlack.id, WORKFLOWS.deviceLookup.id, WORKFLOWS.anyEndpoint.id]) {
			const result = await n8n.execute(id);
			expect(result.run?.status).toBe('success');
			printed.push(result.output);
		}
		// A run with a wrong secret: its error must not echo the secret either.
		await n8n.importCredentials([simulatorCredential(sim, { clientSecret: 'wrong-secret-for-hygiene-test' })]);
		const failed = await n8n.execute(WORKFLOWS.deviceLookup.id);
		expect(failed.run?.status).toBe('error');
		expect(failed.run.data.resultData.error.message).toContain('rejected the client ID or client secret');
		printed.push(failed.output);
		// A run whose API server answers every call with a redirect to another origin.
		otherOrigin = await startServer((_req, res) => res.end('{}'));
		redirecting = await startServer((req, res) => {
			res.writeHead(302, { Location: `${otherOrigin.origin}${req.url}` });
			res.end();
		});
		await n8n.importCredentials([simulatorCredential(sim, { apiUrl: redirecting.origin })]);
		redirectedRun = await n8n.execute(WORKFLOWS.deviceLookup.id);
		printed.push(redirectedRun.output);
		await n8n.importCredentials([simulatorCredential(sim)]);
	});
	afterAll(async () => {
		await n8n?.dispose();
		await sim?.close();
		await redirecting?.close();
		await otherOrigin?.close();
	});

	it('follows no redirect of the API server: the run fails saying where it pointed, and the other origin received nothing', () => {
		expect(redirectedRun.run?.status).toBe('error');
		expect(redirectedRun.run.data.resultData.error.message).toBe(
			`The API server ${redirecting.host} answered HTTP 302, a redirect to ${otherOrigin.origin}`,
		);
		expect(redirecting.received.length).toBeGreaterThan(0);
		expect(otherOrigin.received).toEqual([]);
	});

	it('issued several tokens across the runs (2-second lifetime)', () => {
		expect(sim.tokenService.issuedTokens().length).toBeGreaterThanOrEqual(3);
	});

	it('n8n\'s database, its printed logs and the runs hold no token and neither secret in clear text', () => {
		const database = n8n.databaseBytes();
		const text = printed.join('\n');
		const secrets = [sim.clients[0].clientSecret, 'wrong-secret-for-hygiene-test', ...sim.tokenService.issuedTokens()];
		for (const secret of secrets) {
			expect({ secret: secret.slice(0, 6), inDatabase: database.includes(secret), printed: text.includes(secret) }).toEqual({
				secret: secret.slice(0, 6),
				inDatabase: false,
				printed: false,
			});
		}
	});

	it('the token cache exported with the workflow opens only with the credential\'s secret', async () => {
		const file = path.join(n8n.userFolder, 'exported.json');
		const exported = await n8n.cli(['export:workflow', `--id=${WORKFLOWS.failuresToSlack.id}`, `--output=${file}`]);
		expect(exported.code).toBe(0);
		const [workflow] = JSON.parse(fs.readFileSync(file, 'utf8'));
		const entries = workflow.staticData.global.workspaceOneUemTokens;
		const [[key, entry]] = Object.entries(entries);
		expect(JSON.stringify(workflow)).not.toContain(sim.clients[0].clientSecret);

		const { openToken } = require(path.join(REPO, 'dist/nodes/WorkspaceOneUem/transport/tokenCrypto.js'));
		const associated = `${key}|${entry.expiresAt}|${entry.renewAt}`;
		expect(openToken(entry, 'someone-elses-secret', associated)).toBeUndefined();
		expect(openToken(entry, sim.clients[0].clientSecret, `${key}|${entry.expiresAt + 1}|${entry.renewAt}`)).toBeUndefined();
		const token = openToken(entry, sim.clients[0].clientSecret, associated);
		expect(sim.tokenService.issuedTokens()).toContain(token);
	});
});

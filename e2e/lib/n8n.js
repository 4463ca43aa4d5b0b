'use strict';
// One real n8n instance for tests, the demo and benchmarks: its own user folder (database,
// settings, installed community package), its CLI (import, execute) and its server (start, REST).

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { prepare } = require('../prepare');

const PACKAGE_NAME = 'n8n-nodes-workspace-one-uem';

/** A free TCP port on 127.0.0.1. */
async function freePort() {
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/**
 * The run n8n prints as pretty JSON among its log lines (`n8n execute --rawOutput`; after an
 * "Execution error" banner when the run failed, followed by more lines).
 */
function jsonAfterLogs(text) {
	const start = text.search(/^\{/m);
	if (start < 0) return undefined;
	const end = text.indexOf('\n}', start);
	try {
		return JSON.parse(text.slice(start, end < 0 ? undefined : end + 2));
	} catch {
		return undefined;
	}
}

/**
 * The run with the status n8n gave it. n8n 1.85.3 prints a CLI run before it records the run's
 * final status, so `status` still reads "running" (1.123.81 and 2.x print the final one); its CLI
 * judges such a run by whether it holds an error, and so does this.
 */
function settledRun(run) {
	if (run?.status !== 'running' || run.finished === undefined) return run;
	return { ...run, status: run.data?.resultData?.error ? 'error' : 'success' };
}

/** Whether every URL answers 2xx now (each asked in turn, 5 s at most each). */
async function allAnswerOk(urls) {
	for (const url of urls) {
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
			await response.arrayBuffer();
			if (!response.ok) return false;
		} catch {
			return false; // not listening yet
		}
	}
	return true;
}

class N8nInstance {
	/**
	 * @param {{userFolder?: string, env?: Record<string, string>, keepFolder?: boolean, encryptionKey?: string}} [options]
	 *   `encryptionKey`: give several processes the same key (queue mode: main and workers share one database).
	 */
	static async create(options = {}) {
		const install = prepare();
		const userFolder = options.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'uem-n8n-'));
		const instance = new N8nInstance(install, userFolder, options);
		instance.port = Number(options.env?.N8N_PORT) || (await freePort());
		return instance;
	}

	constructor(install, userFolder, options) {
		this.install = install;
		this.userFolder = userFolder;
		this.extraEnv = options.env ?? {};
		this.keepFolder = options.keepFolder ?? false;
		this.encryptionKey = options.encryptionKey ?? crypto.randomBytes(24).toString('base64url');
		this.server = undefined;
		this.cookie = undefined;
		this.logFile = path.join(userFolder, 'n8n-server.log');
	}

	/** The n8n version this instance runs (e2e/n8n/<version>/), e.g. "2.41.1". */
	get version() {
		return this.install.version;
	}

	get url() {
		return `http://127.0.0.1:${this.port}`;
	}

	/** The environment every n8n process of this instance runs with: local, quiet, offline. */
	async env(extra = {}) {
		// jest sets NODE_ENV=test, and n8n then refuses to load nodes ("Not available in tests").
		const { NODE_ENV: _testRunnerMode, ...inherited } = process.env;
		return {
			...inherited,
			PATH: `${this.install.binDir}${path.delimiter}${process.env.PATH}`,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			N8N_PORT: String(this.port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_SECURE_COOKIE: 'false',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_LOG_LEVEL: 'info',
			// Each n8n process starts its own task broker (Code node); give it its own port.
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			GENERIC_TIMEZONE: 'UTC',
			...this.extraEnv,
			...extra,
		};
	}

	/** Installs the packed package as a community package (as n8n's own installer lays it out). */
	installPackage(tarball) {
		const target = path.join(this.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
		fs.rmSync(target, { recursive: true, force: true });
		fs.mkdirSync(target, { recursive: true });
		const extracted = fs.mkdtempSync(path.join(os.tmpdir(), 'uem-pkg-'));
		try {
			require('node:child_process').execFileSync('tar', ['xzf', tarball, '-C', extracted]);
			fs.cpSync(path.join(extracted, 'package'), target, { recursive: true });
		} finally {
			fs.rmSync(extracted, { recursive: true, force: true });
		}
		return target;
	}

	/**
	 * Runs `n8n <args>`; resolves with its exit code and output. `onChild` receives the process
	 * (to watch its memory, say) as soon as it is started. Standard output goes to a file, not a
	 * pipe: n8n exits as soon as it has written a run, and writes to a pipe still pending then are
	 * lost (a run of tens of megabytes arrived cut short), while writes to a file are complete.
	 */
	async cli(args, { timeoutMs = 180_000, env = {}, onChild } = {}) {
		const childEnv = await this.env(env);
		const outFile = path.join(this.userFolder, `n8n-${args[0].replace(/\W/g, '')}-${crypto.randomUUID()}.out`);
		const out = fs.openSync(outFile, 'w');
		const readOut = () => {
			const text = fs.readFileSync(outFile, 'utf8');
			fs.rmSync(outFile, { force: true });
			return text;
		};
		return await new Promise((resolve, reject) => {
			const child = spawn(this.install.node, [this.install.n8n, ...args], {
				cwd: this.userFolder,
				env: childEnv,
				stdio: ['ignore', out, 'pipe'],
			});
			fs.closeSync(out);
			onChild?.(child);
			let stderr = '';
			child.stderr.on('data', (chunk) => (stderr += chunk));
			const timer = setTimeout(() => {
				child.kill('SIGKILL');
				reject(new Error(`n8n ${args[0]} took longer than ${timeoutMs} ms\n${readOut().slice(-5000)}\n${stderr}`));
			}, timeoutMs);
			child.once('exit', (code) => {
				clearTimeout(timer);
				resolve({ code, stdout: readOut(), stderr });
			});
		});
	}

	async importCredentials(credentials) {
		const file = path.join(this.userFolder, `credentials-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(credentials));
		try {
			const result = await this.cli(['import:credentials', `--input=${file}`]);
			if (result.code !== 0) throw new Error(`import:credentials failed\n${result.stdout}\n${result.stderr}`);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	async importWorkflow(workflow) {
		const file = path.join(this.userFolder, `workflow-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(workflow));
		try {
			const result = await this.cli(['import:workflow', `--input=${file}`]);
			if (result.code !== 0) throw new Error(`import:workflow failed\n${result.stdout}\n${result.stderr}`);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	/** Imports several workflows with one CLI call (each call starts n8n: seconds apiece). */
	async importWorkflows(workflows) {
		const dir = fs.mkdtempSync(path.join(this.userFolder, 'workflows-'));
		try {
			workflows.forEach((workflow, index) => fs.writeFileSync(path.join(dir, `${index}.json`), JSON.stringify(workflow)));
			const result = await this.cli(['import:workflow', '--separate', `--input=${dir}`]);
			if (result.code !== 0) throw new Error(`import:workflow failed\n${result.stdout}\n${result.stderr}`);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}

	/** Publishes (activates) a workflow's current version through the REST API, as the editor's toggle does. */
	async activate(workflowId) {
		const workflow = await this.rest('GET', `/workflows/${workflowId}`);
		return await this.rest('POST', `/workflows/${workflowId}/activate`, { versionId: workflow.versionId });
	}

	async deactivate(workflowId) {
		return await this.rest('POST', `/workflows/${workflowId}/deactivate`, {});
	}

	/**
	 * Every execution of a workflow as the REST API lists them (100 a page, newest first), as
	 * {id, status, mode, startedAt, stoppedAt} with times in ms, oldest first.
	 */
	async executions(workflowId) {
		const all = [];
		// The next page: n8n 2.41 hands out a cursor (and refuses lastId); older versions page by lastId.
		let next;
		for (let page = 0; page < 10_000; page++) {
			const query = new URLSearchParams({ filter: JSON.stringify({ workflowId }), limit: '100', ...next });
			const data = await this.rest('GET', `/executions?${query}`);
			const results = data.results ?? data;
			all.push(...results);
			if (typeof data.nextCursor === 'string') next = { cursor: data.nextCursor };
			else if (results.length === 100 && !('nextCursor' in data)) next = { lastId: String(results[results.length - 1].id) };
			else break;
		}
		const ms = (text) => (text ? Date.parse(text) : undefined);
		return all
			.map((run) => ({ id: Number(run.id), status: run.status, mode: run.mode, startedAt: ms(run.startedAt), stoppedAt: ms(run.stoppedAt) }))
			.sort((a, b) => a.id - b.id);
	}

	/**
	 * `n8n execute --id` (mode "cli": static data is saved afterwards, like a production run).
	 * @returns {Promise<{run: any, code: number, output: string, seconds: number}>}
	 */
	async execute(workflowId, { timeoutMs = 600_000, env = {}, onChild } = {}) {
		const started = Date.now();
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], { timeoutMs, env, onChild });
		const output = `${result.stdout}\n${result.stderr}`;
		return { run: settledRun(jsonAfterLogs(result.stdout)), code: result.code, output, seconds: (Date.now() - started) / 1000 };
	}

	/**
	 * Starts `n8n start` (or another long-running command, e.g. `worker`) and waits until it answers.
	 * `readinessUrl`: what to poll (default: this instance's `/healthz/readiness`, then
	 * `/rest/settings`: n8n 1.x reports ready before its REST routes exist).
	 * `processGroup`: run it in its own process group, so that stop() and kill() reach its task
	 * runner too (n8n starts one as a child process).
	 * @param {{timeoutMs?: number, env?: Record<string, string>, command?: string, args?: string[], readinessUrl?: string, processGroup?: boolean}} [options]
	 */
	async start({ timeoutMs = 120_000, env = {}, command = 'start', args = [], readinessUrl, processGroup = false } = {}) {
		if (this.server) return;
		const log = fs.openSync(this.logFile, 'a');
		const child = spawn(this.install.node, [this.install.n8n, command, ...args], {
			cwd: this.userFolder,
			env: await this.env(env),
			stdio: ['ignore', log, log],
			detached: processGroup,
		});
		fs.closeSync(log);
		this.server = child;
		this.processGroup = processGroup;
		const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
		this.serverExited = exited;
		const readiness = readinessUrl ? [readinessUrl] : [`${this.url}/healthz/readiness`, `${this.url}/rest/settings`];
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('waiting'), 500))]);
			if (code !== 'waiting') {
				this.server = undefined;
				throw new Error(`n8n ${command} exited with ${code} while starting:\n${this.serverLog()}`);
			}
			if (await allAnswerOk(readiness)) return;
		}
		await this.stop();
		throw new Error(`n8n ${command} did not get ready within ${timeoutMs} ms:\n${this.serverLog()}`);
	}

	/** Process id of the running server or worker, if any. */
	get pid() {
		return this.server?.pid;
	}

	/** Sends a signal to the running process (its whole group when started with `processGroup`). */
	signal(signal) {
		const child = this.server;
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		try {
			if (this.processGroup) process.kill(-child.pid, signal);
			else child.kill(signal);
		} catch (error) {
			if (error.code !== 'ESRCH') throw error;
		}
	}

	/** Kills the running process at once (SIGKILL: no shutdown, as in a crash) and waits until it is gone. */
	async kill() {
		const child = this.server;
		if (!child) return;
		this.signal('SIGKILL');
		await this.serverExited;
		this.server = undefined;
		this.cookie = undefined;
	}

	serverLog() {
		return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8').slice(-4000) : '';
	}

	async stop() {
		const child = this.server;
		if (!child) return;
		if (child.exitCode === null && child.signalCode === null) {
			this.signal('SIGTERM');
			const forced = setTimeout(() => this.signal('SIGKILL'), 15_000);
			await this.serverExited;
			clearTimeout(forced);
		}
		this.server = undefined;
		this.cookie = undefined;
	}

	/** Sets up the owner account (first run) or logs in, keeping the auth cookie. */
	async signIn(owner = { email: 'owner@example.com', firstName: 'Demo', lastName: 'Owner', password: 'Demo-Owner-2026' }) {
		const setup = await fetch(`${this.url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(owner),
		});
		let response = setup;
		if (!setup.ok) {
			response = await fetch(`${this.url}/rest/login`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
			});
		}
		if (!response.ok) throw new Error(`could not sign in: ${response.status} ${await response.text()}`);
		this.cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
		return owner;
	}

	/** A REST call as the signed-in owner; returns the `data` of n8n's answer. */
	async rest(method, route, body) {
		const response = await fetch(`${this.url}/rest${route}`, {
			method,
			headers: { 'Content-Type': 'application/json', Cookie: this.cookie ?? '', 'browser-id': 'uem-e2e' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /rest${route}: ${response.status} ${text}`);
		return JSON.parse(text).data;
	}

	/**
	 * Activates (publishes) a workflow's current version, so that its triggers run; returns the
	 * workflow. n8n 1.123 and 2.x take POST /workflows/<id>/activate; older 1.x (seen in 1.85.3)
	 * has no such route (404 for a workflow that exists) and takes PATCH with `active: true`.
	 */
	async activate(workflowId) {
		const workflow = await this.rest('GET', `/workflows/${workflowId}`);
		try {
			return await this.rest('POST', `/workflows/${workflowId}/activate`, { versionId: workflow.versionId });
		} catch (error) {
			if (!/: 404 /.test(error.message)) throw error;
			return await this.rest('PATCH', `/workflows/${workflowId}`, { active: true, versionId: workflow.versionId });
		}
	}

	/** Every byte of n8n's database (and its write-ahead log), for checking what it stores. */
	databaseBytes() {
		const folder = path.join(this.userFolder, '.n8n');
		return Buffer.concat(
			fs
				.readdirSync(folder)
				.filter((file) => file.startsWith('database.sqlite'))
				.map((file) => fs.readFileSync(path.join(folder, file))),
		);
	}

	/** Every log line n8n wrote for this instance (server log plus what the CLI printed). */
	logs() {
		return this.serverLog();
	}

	async dispose() {
		await this.stop();
		if (!this.keepFolder) fs.rmSync(this.userFolder, { recursive: true, force: true });
	}
}

module.exports = { N8nInstance, PACKAGE_NAME, freePort, jsonAfterLogs };

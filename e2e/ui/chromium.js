'use strict';
// Debian's Chromium for the editor tests: playwright-core cannot download a browser on these
// machines, so the browser comes from apt. Fast when it is already there; installs it otherwise.

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');

const CHROMIUM = '/usr/bin/chromium';

/**
 * Flags that work as root on a closed network: no sandbox (root), no GPU (headless server), and
 * none of the background connections (updates, sync, field trials) that this network refuses.
 * Headless itself and a new empty --user-data-dir come from playwright's `launch()`.
 */
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

/** Whether Chromium is installed and starts (its --version answers). */
function chromiumWorks() {
	if (!fs.existsSync(CHROMIUM)) return false;
	try {
		execFileSync(CHROMIUM, ['--version'], { stdio: 'pipe', timeout: 30_000 });
		return true;
	} catch {
		return false;
	}
}

/** Installs Debian's chromium package when it is missing (needs root and apt); returns its path. */
function ensureChromium() {
	if (chromiumWorks()) return CHROMIUM;
	const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	const sudo = asRoot ? [] : ['sudo', '-n'];
	const run = (args) => {
		const [command, ...rest] = [...sudo, ...args];
		execFileSync(command, rest, {
			stdio: ['ignore', 'inherit', 'inherit'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
			timeout: 900_000,
		});
	};
	console.error(`${CHROMIUM} is missing: installing Debian's chromium with apt-get`);
	run(['apt-get', 'update']);
	run(['apt-get', 'install', '-y', '--no-install-recommends', 'chromium']);
	if (!chromiumWorks()) throw new Error(`apt-get installed chromium, but ${CHROMIUM} does not start`);
	return CHROMIUM;
}

if (require.main === module) {
	const started = Date.now();
	ensureChromium();
	const version = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: 'pipe' }).trim();
	console.log(`${version} (${CHROMIUM}, checked in ${Date.now() - started} ms)`);
}

module.exports = { CHROMIUM, CHROMIUM_ARGS, ensureChromium };

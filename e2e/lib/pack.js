'use strict';
// The package as it would be published: built, then `npm pack`ed. Done once per process.

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');
let packed;

/** Path of the .tgz; builds first unless UEM_E2E_SKIP_BUILD=1 (the caller just built). */
function packPackage() {
	if (packed && fs.existsSync(packed)) return packed;
	if (process.env.UEM_E2E_SKIP_BUILD !== '1') {
		execFileSync('npm', ['run', 'build', '--silent'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
	}
	const destination = fs.mkdtempSync(path.join(os.tmpdir(), 'uem-pack-'));
	const output = execFileSync('npm', ['pack', '--pack-destination', destination, '--silent'], {
		cwd: REPO,
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const file = output.toString().trim().split('\n').pop();
	packed = path.join(destination, file);
	return packed;
}

module.exports = { packPackage, REPO };

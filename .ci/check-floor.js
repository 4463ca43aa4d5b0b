#!/usr/bin/env node
'use strict';
// The oldest n8n the package supports, checked without installing that n8n: every built module in
// dist/ is loaded, and every node and credential constructed, against the n8n-workflow that n8n
// ships (.ci/floor/, installed once into the e2e cache). A community package has no n8n-workflow of
// its own: it gets n8n's. So an import the floor lacks (NodeConnectionTypes before n8n-workflow
// 1.83.0: "Cannot read properties of undefined (reading 'Main')") fails here, not in a user's n8n.
// Run after a build. The floor's own behaviour is proven in real n8n by hand:
// `UEM_N8N_VERSION=1.85.3 npm run test:e2e:compat` (docs/compatibility.md).

const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { CACHE_ROOT, withLock } = require('../e2e/prepare');

const REPO = path.resolve(__dirname, '..');
const FLOOR = path.join(__dirname, 'floor');
const MANIFEST_FILES = ['package.json', 'package-lock.json', '.npmrc'];

/** n8n-workflow at the floor, installed once (a few seconds, 34 MB) and reused. */
function floorInstall() {
	const manifest = Buffer.concat(MANIFEST_FILES.map((file) => fs.readFileSync(path.join(FLOOR, file))));
	const key = crypto.createHash('sha256').update(manifest).digest('hex').slice(0, 12);
	const version = require('./floor/package.json').dependencies['n8n-workflow'];
	const dir = path.join(CACHE_ROOT, `n8n-workflow-${version}-${key}`);
	const ready = path.join(dir, '.ready');
	if (fs.existsSync(ready)) return { dir, version };
	fs.mkdirSync(CACHE_ROOT, { recursive: true });
	return withLock(dir, () => {
		if (fs.existsSync(ready)) return { dir, version };
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		for (const file of MANIFEST_FILES) fs.copyFileSync(path.join(FLOOR, file), path.join(dir, file));
		execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
		fs.writeFileSync(ready, new Date().toISOString());
		return { dir, version };
	});
}

/**
 * Runs in a child process, from a copy of dist/ outside the repository (whose node_modules hold a
 * current n8n-workflow): there `require('n8n-workflow')` finds only the floor's, through NODE_PATH.
 */
const LOADER = `
const path = require('node:path');
const [dist, nodes, credentials] = [process.argv[1], JSON.parse(process.argv[2]), JSON.parse(process.argv[3])];
const loaded = require('n8n-workflow/package.json').version;
const problems = [];
const files = require('node:fs').readdirSync(dist, { recursive: true }).filter((file) => file.endsWith('.js'));
for (const file of files) {
	try { require(path.join(dist, file)); } catch (error) { problems.push(file + ': ' + error.message); }
}
function construct(file) {
	const exported = Object.values(require(path.join(dist, '..', file)));
	if (exported.length !== 1 || typeof exported[0] !== 'function') throw new Error('exports no single class');
	return new exported[0]();
}
for (const file of nodes) {
	try {
		const { description } = construct(file);
		const connections = [...description.inputs, ...description.outputs];
		if (!description.outputs.length || connections.some((type) => typeof type !== 'string' || type === '')) throw new Error('has connections the floor cannot name: ' + JSON.stringify(connections));
	} catch (error) { problems.push(file + ': ' + error.message); }
}
for (const file of credentials) {
	try { if (!construct(file).name) throw new Error('has no name'); } catch (error) { problems.push(file + ': ' + error.message); }
}
process.stdout.write(JSON.stringify({ loaded, files: files.length, problems }));
`;

function main() {
	const pkg = require(path.join(REPO, 'package.json'));
	const floor = floorInstall();
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'uem-floor-'));
	try {
		const dist = path.join(scratch, 'dist');
		fs.cpSync(path.join(REPO, 'dist'), dist, { recursive: true });
		const { NODE_PATH: _current, ...env } = process.env;
		const output = execFileSync(process.execPath, ['-e', LOADER, dist, JSON.stringify(pkg.n8n.nodes), JSON.stringify(pkg.n8n.credentials)], {
			cwd: scratch,
			env: { ...env, NODE_PATH: path.join(floor.dir, 'node_modules') },
			timeout: 60_000,
		});
		const result = JSON.parse(output.toString());
		if (result.loaded !== floor.version) result.problems.push(`loaded n8n-workflow ${result.loaded}, not the floor's ${floor.version}`);
		if (result.files === 0) result.problems.push('dist/ holds no module: build first');
		if (result.problems.length > 0) {
			process.stderr.write(`floor check failed against n8n-workflow ${floor.version}:\n- ${result.problems.join('\n- ')}\n`);
			process.exit(1);
		}
		process.stdout.write(
			`floor check: ${result.files} modules, ${pkg.n8n.nodes.length} nodes and ${pkg.n8n.credentials.length} credential load against n8n-workflow ${floor.version} (n8n 1.85.3)\n`,
		);
	} finally {
		fs.rmSync(scratch, { recursive: true, force: true });
	}
}

main();

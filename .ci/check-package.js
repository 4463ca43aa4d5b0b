#!/usr/bin/env node
'use strict';
// The verification gate n8n's community-node rules imply: no runtime dependencies, n8n-workflow
// as the only peer dependency, and a tarball holding nothing but dist/, the README, the licence
// and package.json, with every node and credential package.json names in it. Run after a build.

const { execFileSync } = require('node:child_process');
const path = require('node:path');

const repo = path.resolve(__dirname, '..');
const pkg = require(path.join(repo, 'package.json'));
const problems = [];

const runtime = Object.keys(pkg.dependencies ?? {});
if (runtime.length > 0) problems.push(`runtime dependencies are not allowed: ${runtime.join(', ')}`);
const peers = Object.keys(pkg.peerDependencies ?? {});
if (peers.length !== 1 || peers[0] !== 'n8n-workflow') problems.push(`peerDependencies must be exactly n8n-workflow, got: ${peers.join(', ')}`);

const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--silent'], { cwd: repo }).toString());
const files = packed.files.map((file) => file.path);
const allowed = (file) => file.startsWith('dist/') || /^(README\.md|LICENSE(\.md)?|package\.json)$/.test(file);
for (const file of files.filter((f) => !allowed(f))) problems.push(`the tarball must not contain ${file}`);

const required = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
for (const entry of pkg.n8n.nodes) {
	const base = entry.replace(/\.js$/, '');
	required.push(`${base}.json`);
}
for (const file of required.filter((f) => !files.includes(f))) problems.push(`the tarball lacks ${file}`);
if (!files.some((f) => f.endsWith('.dark.svg')) || !files.some((f) => /[^k]\.svg$/.test(f))) {
	problems.push('the tarball lacks the light and dark icons');
}

if (problems.length > 0) {
	process.stderr.write(`package check failed:\n- ${problems.join('\n- ')}\n`);
	process.exit(1);
}
process.stdout.write(`package check: ${files.length} files, ${packed.size} bytes packed, no runtime dependencies\n`);

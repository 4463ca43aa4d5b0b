'use strict';
// The editor in a real browser: Debian's Chromium driven by playwright-core against real n8n
// (prepared once by e2e/prepare.js) with the UEM simulator behind it.
const path = require('node:path');

module.exports = {
	rootDir: path.resolve(__dirname, '..', '..'),
	testEnvironment: 'node',
	roots: ['<rootDir>/e2e/ui'],
	testMatch: ['**/*.test.js'],
	// One n8n and one browser at a time: the machines have two cores.
	maxWorkers: 1,
	// Each step bounds its own waits (20 s per UI action); this only catches a hung step.
	testTimeout: 180_000,
	slowTestThreshold: 60,
};

'use strict';
// End-to-end suites: real n8n (prepared once by e2e/prepare.js) against the UEM simulator.
const path = require('node:path');

module.exports = {
	rootDir: path.resolve(__dirname, '..'),
	testEnvironment: 'node',
	roots: ['<rootDir>/e2e/tests'],
	testMatch: ['**/*.test.js'],
	// One n8n at a time: each is a heavy process, and the machines have two cores.
	maxWorkers: 1,
	testTimeout: 600_000,
	slowTestThreshold: 60,
};

'use strict';
// Queue-mode suite: Redis, PostgreSQL, an n8n main and two n8n workers on this machine, against
// the UEM simulator (`npm run test:queue`; prepares real n8n first, like test:e2e).
const path = require('node:path');

module.exports = {
	rootDir: path.resolve(__dirname, '..', '..'),
	testEnvironment: 'node',
	roots: ['<rootDir>/e2e/queue'],
	testMatch: ['**/*.test.js'],
	// One cluster at a time: main, two workers, PostgreSQL and Redis already fill two cores.
	maxWorkers: 1,
	testTimeout: 900_000,
	slowTestThreshold: 120,
};

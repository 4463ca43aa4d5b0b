'use strict';
// Unit and integration tests: TypeScript through ts-jest, against the simulator on 127.0.0.1.
const path = require('node:path');

module.exports = {
	rootDir: path.resolve(__dirname, '..'),
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] },
	setupFiles: ['<rootDir>/test/setup/environment.js'],
	testTimeout: 120_000,
	maxWorkers: 2,
};

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
	// Three workers on two cores: the suites wait on loopback servers, deadlines and pauses for much
	// of their time (two workers kept the CPU ~75 % busy), so a third fills the gaps: 46-49 s
	// instead of 60 s on a quiet machine, 51 s with a cold ts-jest cache.
	maxWorkers: 3,
};

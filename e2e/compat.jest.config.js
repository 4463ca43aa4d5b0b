'use strict';
// The compatibility subset, run on the older n8n versions the package supports (UEM_N8N_VERSION):
// the example workflows, the credential test through n8n's REST API and the polling trigger, i.e.
// what a user does first. The full suites run on the newest version (e2e/jest.config.js).
const fs = require('node:fs');
const path = require('node:path');

const base = require('./jest.config');

const COMPAT_SUITES = ['examples', 'failuresToSlack', 'offboarding', 'credentialTest', 'trigger'];

// A renamed suite must not drop out of the subset unnoticed.
for (const suite of COMPAT_SUITES) {
	if (!fs.existsSync(path.join(__dirname, 'tests', `${suite}.test.js`))) throw new Error(`e2e/tests/${suite}.test.js is missing`);
}

module.exports = {
	...base,
	testMatch: [`**/e2e/tests/{${COMPAT_SUITES.join(',')}}.test.js`],
};

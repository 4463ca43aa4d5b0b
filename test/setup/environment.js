'use strict';
// n8n-core keeps its instance settings (encryption key) in a user folder: give each jest
// worker a scratch one so tests never touch ~/.n8n.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const folder = path.join(os.tmpdir(), `uem-node-tests-${process.pid}`);
fs.mkdirSync(folder, { recursive: true });
process.env.N8N_USER_FOLDER = folder;
process.env.N8N_LOG_LEVEL = process.env.N8N_LOG_LEVEL ?? 'silent';

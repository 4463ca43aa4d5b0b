'use strict';
// The shipped example workflows as files, for the tests that check them (reading files is for
// plain JavaScript here: n8n's Cloud lint rules forbid it in TypeScript).

const fs = require('node:fs');
const path = require('node:path');

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');

/** Every examples/*.json: its file name, its text and the workflow it holds. */
function shippedExamples() {
	return fs
		.readdirSync(EXAMPLES)
		.filter((file) => file.endsWith('.json'))
		.map((file) => {
			const text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
			return { file, text, workflow: JSON.parse(text) };
		});
}

module.exports = { shippedExamples };

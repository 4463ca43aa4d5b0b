'use strict';
// Plays a Slack incoming webhook so the demo and the end-to-end tests can see exactly what a
// workflow posted: answers like Slack does ("ok", 400 "invalid_payload" / "no_text").

const { readBody } = require('./respond');

function createSlackRecorder() {
	const messages = [];
	return {
		/** Every message posted, oldest first: {path, receivedAt, text, body}. */
		messages,
		clear() {
			messages.length = 0;
		},
		async handle(req, res, path) {
			if (req.method !== 'POST') return reply(res, 405, 'method_not_allowed');
			const raw = await readBody(req);
			let body;
			try {
				body = JSON.parse(raw);
			} catch {
				return reply(res, 400, 'invalid_payload');
			}
			if (!body || (typeof body.text !== 'string' && !Array.isArray(body.blocks))) return reply(res, 400, 'no_text');
			messages.push({ path, receivedAt: new Date().toISOString(), text: body.text ?? '', body });
			return reply(res, 200, 'ok');
		},
	};
}

function reply(res, status, text) {
	res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
	res.end(text);
}

module.exports = { createSlackRecorder };

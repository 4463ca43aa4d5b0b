'use strict';
// Small HTTP helpers shared by the simulator's handlers.

const JSON_TYPE = 'application/json; charset=utf-8';

function send(res, status, body, headers = {}) {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(text), ...headers });
	res.end(text);
}

async function readBody(req) {
	const chunks = [];
	for await (const chunk of req) chunks.push(chunk);
	return Buffer.concat(chunks).toString('utf8');
}

module.exports = { send, readBody, JSON_TYPE };

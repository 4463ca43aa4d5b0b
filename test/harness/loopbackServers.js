'use strict';
// Loopback servers a test writes every answer of: a hostile token endpoint, an API server that
// redirects or trickles, the "other origin" a redirect points at. Each records what it received
// (method, path, headers, body) and how many connections it saw closed, so a test can prove what
// reached it. Plain JavaScript: they need node:http, timers and child_process (openssl), which the
// Cloud lint rules forbid in the TypeScript tests.

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const os = require('node:os');
const path = require('node:path');

/**
 * @typedef {{method: string, path: string, headers: import('node:http').IncomingHttpHeaders, body: string}} Received
 * @typedef {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, body: string) => void} Handler
 */

let certificate;
/** A self-signed certificate for 127.0.0.1, made once per test process with Debian's openssl. */
function selfSignedCertificate() {
	if (certificate) return certificate;
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uem-tls-'));
	try {
		execFileSync(
			'openssl',
			['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
				'-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')],
			{ stdio: 'ignore' },
		);
		certificate = { key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) };
		return certificate;
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * Starts a server on 127.0.0.1 (https with a self-signed certificate when `tls` is set).
 * @param {Handler} handle
 * @param {{tls?: boolean}} [options]
 */
async function startServer(handle, options = {}) {
	/** @type {Received[]} */
	const received = [];
	const connections = { opened: 0, closed: 0 };
	const timers = new Set();
	const onAllClosed = new Set();
	const onRequest = (req, res) => {
		let body = '';
		req.setEncoding('utf8');
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
			handle(req, res, body);
		});
	};
	const server = options.tls ? https.createServer(selfSignedCertificate(), onRequest) : http.createServer(onRequest);
	server.on('connection', (socket) => {
		connections.opened++;
		socket.once('close', () => {
			connections.closed++;
			if (connections.closed === connections.opened) for (const wake of onAllClosed) wake(true);
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	const origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
	return {
		origin,
		port,
		host: `127.0.0.1:${port}`,
		received,
		connections,
		/** Runs `tick` every `ms` until the connection closes; the timer is cleared on close. */
		every(res, ms, tick) {
			const timer = setInterval(() => {
				if (res.destroyed || res.writableEnded) {
					clearInterval(timer);
					timers.delete(timer);
					return;
				}
				tick();
			}, ms);
			timers.add(timer);
			res.once('close', () => {
				clearInterval(timer);
				timers.delete(timer);
			});
		},
		/** Whether every connection this server saw is closed, waiting at most `ms` for the last ones. */
		async allClosed(ms = 5000) {
			if (connections.closed === connections.opened) return true;
			return await new Promise((resolve) => {
				const give = (value) => {
					onAllClosed.delete(give);
					clearTimeout(timer);
					resolve(value);
				};
				const timer = setTimeout(() => give(connections.closed === connections.opened), ms);
				onAllClosed.add(give);
			});
		},
		async close() {
			for (const timer of timers) clearInterval(timer);
			server.closeAllConnections?.();
			await new Promise((resolve) => server.close(() => resolve()));
		},
	};
}

/** A token answer: JSON, with the given fields over a usable default. */
function tokenAnswer(res, fields = {}) {
	res.writeHead(200, { 'Content-Type': 'application/json' });
	res.end(JSON.stringify({ access_token: 'token-from-loopback', token_type: 'Bearer', expires_in: 3600, ...fields }));
}

/** A UEM-shaped JSON answer. */
function json(res, status, body) {
	res.writeHead(status, { 'Content-Type': 'application/json' });
	res.end(JSON.stringify(body));
}

/** Sends the headers, then one byte every `ms` for as long as the client listens. */
function trickle(server, res, ms = 300, status = 200) {
	res.writeHead(status, { 'Content-Type': 'application/json' });
	res.write(' ');
	server.every(res, ms, () => res.write(' '));
}

/** Writes `bytes` of JSON-looking padding in 64 KiB chunks, honouring back-pressure, until the client stops reading. */
function hugeBody(res, bytes, status = 200) {
	res.writeHead(status, { 'Content-Type': 'application/json' });
	const chunk = Buffer.alloc(64 * 1024, 0x20);
	let sent = 0;
	const pump = () => {
		while (sent < bytes && !res.destroyed) {
			sent += chunk.length;
			if (!res.write(chunk)) return void res.once('drain', pump);
		}
		if (!res.destroyed) res.end();
	};
	pump();
	return () => sent;
}

module.exports = { startServer, tokenAnswer, json, trickle, hugeBody, selfSignedCertificate };

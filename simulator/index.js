'use strict';
// A Workspace ONE UEM tenant on 127.0.0.1: its token service, the device, profile, tag,
// organization group, smart group, user and app endpoints, device commands, messages and notes,
// event notifications (the API and the events it pushes), fault knobs and counters of everything
// served.
// Used by the unit tests, the end-to-end tests, the benchmarks and the `npm start` demo; startable
// alone with `npm run simulator`.

const crypto = require('node:crypto');
const http = require('node:http');

const { createAppRoutes } = require('./apps');
const { createCommandLog, createCommandRoutes } = require('./commands');
const { createEventNotifications } = require('./eventNotifications');
const { createEventSender } = require('./eventSender');
const { createFaults } = require('./faults');
const { createFleet } = require('./fleet');
const { createGroupRoutes } = require('./groups');
const { createMessageRoutes } = require('./messages');
const { createRoutes, uemError } = require('./routes');
const { createSlackRecorder } = require('./slack');
const { createSmartGroupRoutes } = require('./smartGroups');
const { createTagRoutes } = require('./tags');
const { createTokenService } = require('./tokens');
const { createUserRoutes } = require('./users');
const { JSON_TYPE, readBody, send } = require('./respond');

/**
 * @typedef {object} SimulatorOptions
 * @property {number} [port]                 0 (default) picks a free port
 * @property {number} [devices]              fleet size (default 1000)
 * @property {number} [seed]                 fleet and fault seed (default 1)
 * @property {Record<string, number>} [statusMix]  weights of profile status codes
 * @property {number} [tokenLifetimeSeconds] `expires_in` of issued tokens (default 3600)
 * @property {Array<{clientId: string, clientSecret: string}>} [clients]  default: one random client
 * @property {boolean} [profileStatusAsString]  send profile Status as the spec's string enum
 * @property {boolean} [profileEndpoints]    per-profile device endpoints exist (default true)
 * @property {boolean} [appEndpoints]        per-app device listings exist (default true)
 * @property {boolean} [appStatusAsCode]     send a device's app Status as a number (the simulator's own codes)
 * @property {Record<string, number>} [appStatusMix]  weights of app install statuses
 * @property {'json'|'html'} [apiAnswers]    'html' plays a console login page on every API path
 * @property {number} [profileConfirmDelayMs] a profile installed or removed stays pending this long (default 0)
 * @property {'flags'|'list'} [eventNotificationReading] which reading of a target's fields the Event Notifications API plays (default flags)
 * @property {Partial<import('./faults').FaultConfig>} [faults]
 */

/** @param {SimulatorOptions} [options] */
async function startSimulator(options = {}) {
	const seed = options.seed ?? 1;
	const fleet = createFleet({ devices: options.devices ?? 1000, seed, statusMix: options.statusMix, appStatusMix: options.appStatusMix });
	const clients = options.clients ?? [
		{ clientId: 'uem-simulator-client', clientSecret: crypto.randomBytes(24).toString('base64url') },
	];
	const tokens = createTokenService({ clients, lifetimeSeconds: options.tokenLifetimeSeconds ?? 3600 });
	const faults = createFaults(options.faults ?? {}, seed);
	const slack = createSlackRecorder();
	/** Behaviour switches a test may flip while the simulator runs. */
	const settings = {
		profileStatusAsString: options.profileStatusAsString ?? false,
		profileEndpoints: options.profileEndpoints ?? true,
		appEndpoints: options.appEndpoints ?? true,
		appStatusAsCode: options.appStatusAsCode ?? false,
		apiAnswers: options.apiAnswers ?? 'json',
		/** How long a profile installed or removed stays pending before it is confirmed (0: confirmed at once). */
		profileConfirmDelayMs: options.profileConfirmDelayMs ?? 0,
		/**
		 * Routes forced to one answer, e.g. {deviceSearch: {status: 204}} or {any: {status: 200, raw: ''}}.
		 * @type {Record<string, {status: number, body?: unknown, raw?: string, contentType?: string}>}
		 */
		forced: {},
		/**
		 * The Event Notifications API: which reading of a target's fields it plays, whether it
		 * refuses fields it does not know, whether the server has the API, whether the OAuth
		 * client's role may use it.
		 */
		eventNotifications: { reading: options.eventNotificationReading ?? 'flags', strict: false, available: true, forbidden: false },
	};
	const commands = createCommandLog();
	/** @type {import('./messages').SentMessage[]} */
	const messages = [];
	const notifications = createEventNotifications({ fleet, settings });
	const events = createEventSender({ fleet, notifications });
	const routes = [
		...notifications.routes,
		...createCommandRoutes({ fleet, log: commands, settings, faults }),
		...createTagRoutes({ fleet, log: commands, faults }),
		...createMessageRoutes({ fleet, log: commands, messages }),
		...createGroupRoutes({ fleet }),
		...createSmartGroupRoutes({ fleet }),
		...createUserRoutes({ fleet }),
		...createAppRoutes({ fleet, settings }),
		...createRoutes({ fleet, settings }),
	];
	const counters = createCounters();
	/** The API request at which every token is revoked (0: none), and whether the next one issued is too. */
	let revokeAtRequest = 0;
	let revokeReplacement = false;
	const sockets = new Set();

	const server = http.createServer((req, res) => {
		handle(req, res).catch((error) => {
			if (!res.headersSent) send(res, 500, { errorCode: 1, message: `Simulator fault: ${error.message}` });
		});
	});
	server.keepAliveTimeout = 30_000;
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});

	/**
	 * API requests whose handler is still running. Not `counters.inFlight`: a request the client
	 * gave up on closes its connection at once, while a slow write is carried out when its delay ends.
	 */
	let handlersRunning = 0;
	/** @type {Array<() => void>} */
	const whenSettled = [];

	async function handle(req, res) {
		const url = new URL(req.url, 'http://simulator');
		const path = url.pathname.replace(/\/+$/, '') || '/';
		const query = {};
		// UEM (ASP.NET) reads query names case-insensitively: searchBy and searchby are the same.
		for (const [key, value] of url.searchParams) query[key.toLowerCase()] = value;

		if (req.method === 'POST' && path === '/connect/token') return tokenRequest(req, res);
		if (path.startsWith('/slack/')) return slack.handle(req, res, path);
		if (path.startsWith('/_simulator/')) return control(req, res, path);
		if (!/^\/api\//i.test(path)) return send(res, 404, { error: 'not_found' });

		counters.requests++;
		if (counters.requests === revokeAtRequest) {
			tokens.revoke();
			if (revokeReplacement) tokens.state.issueRevoked = 1;
		}
		counters.arrivals.push(Date.now());
		counters.inFlight++;
		counters.maxInFlight = Math.max(counters.maxInFlight, counters.inFlight);
		res.on('close', () => counters.inFlight--);
		handlersRunning++;
		try {
			await apiRequest(req, res, path, query);
		} finally {
			counters.byStatus[res.statusCode] = (counters.byStatus[res.statusCode] ?? 0) + 1;
			if (--handlersRunning === 0) for (const resolve of whenSettled.splice(0)) resolve();
		}
	}

	async function apiRequest(req, res, path, query) {
		// Read first: a write that is slow to answer is still carried out once its delay is over,
		// even when the client has given up on it by then (as a real server would).
		const body = req.method === 'GET' ? undefined : parseJson(await readBody(req));
		await delay(faults.config.latencyMs);
		const fault = faults.beforeRequest();
		if (fault.kind === 'drop') {
			counters.faults.drop++;
			req.socket.destroy();
			return;
		}
		if (fault.kind === 'slow') {
			counters.faults.slow++;
			await delay(faults.config.slowMs);
		}
		if (fault.kind === 'throttle') {
			counters.faults.throttled++;
			const headers = fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {};
			return sendUem(res, uemError(429, 1020, 'The request was throttled: too many requests for this API key.'), headers);
		}
		if (fault.kind === 'serverError') {
			counters.faults.serverError++;
			return sendUem(res, uemError(fault.status, 1, 'An unexpected error occurred on the server.'));
		}

		if (settings.apiAnswers === 'html') {
			res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
			return res.end('<!DOCTYPE html><html><head><title>Workspace ONE UEM - Login</title></head><body><form>Sign in</form></body></html>');
		}

		const auth = authorise(req.headers.authorization);
		if (auth !== 'valid') {
			counters.unauthorized++;
			return sendUem(
				res,
				auth === 'expired'
					? uemError(401, 4207, 'The access token has expired.')
					: uemError(401, 6000, 'Authentication failed: the bearer token is missing or not recognised.'),
			);
		}

		const atPath = routes.filter((r) => r.pattern.test(path));
		const route = atPath.find((r) => (r.method ?? 'GET') === req.method);
		if (!route && atPath.length > 0) return sendUem(res, uemError(405, 8, `${req.method} is not allowed on ${path}.`));
		if (!route) return sendUem(res, uemError(404, 8, `No API endpoint at ${path}.`));
		const requested = requestedVersion(req.headers.accept);
		const version = route.versions.includes(requested) ? requested : 1;
		counters.count(route.name, version);

		const forced = settings.forced[route.name] ?? settings.forced.any;
		if (forced) return sendForced(res, forced);

		const handling = performance.now();
		const result = route.handle({ params: route.pattern.exec(path).slice(1).map(decodeURIComponent), query, version, body });
		// The tenant's own time for the call (one thread: calls that arrive together wait for each
		// other here), for a benchmark's limit; the injected latency comes on top.
		res.once('finish', () => counters.serviceMs.push(performance.now() - handling));
		// Drawn for every write (so a seed gives the same faults), but not counted as a second fault of
		// a slow write whose client already gave up: its answer was lost with the closed connection.
		if (req.method !== 'GET' && faults.dropAfterWrite() && !req.socket.destroyed) {
			// Carried out, and then the answer is lost: the client cannot know that it was.
			counters.faults.dropAfterWrite++;
			req.socket.destroy();
			return;
		}
		if (result.status === 204 || (result.status < 300 && result.body === undefined)) {
			res.writeHead(result.status);
			return res.end();
		}
		if (!acceptsJson(req.headers.accept)) {
			// Without a JSON Accept header the real API answers XML; a client must ask for JSON.
			res.writeHead(result.status, { 'Content-Type': 'application/xml; charset=utf-8' });
			return res.end(`<?xml version="1.0" encoding="utf-8"?><Response status="${result.status}"/>`);
		}
		if (result.status === 200 && faults.malformNext()) {
			counters.faults.malformed++;
			const text = JSON.stringify(result.body);
			res.writeHead(200, { 'Content-Type': JSON_TYPE });
			return res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
		}
		return sendUem(res, result);
	}

	function authorise(header) {
		const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
		return match ? tokens.verify(match[1].trim()) : 'unknown';
	}

	async function tokenRequest(req, res) {
		const raw = await readBody(req);
		const form = Object.fromEntries(new URLSearchParams(raw));
		const basic = parseBasic(req.headers.authorization);
		await delay(faults.config.tokenLatencyMs);
		const answer = tokens.exchange(form, basic);
		send(res, answer.status, answer.body, { 'Cache-Control': 'no-store' });
	}

	async function control(req, res, path) {
		if (req.method === 'GET' && path === '/_simulator/counters') return send(res, 200, simulator.snapshot());
		if (req.method === 'GET' && path === '/_simulator/slack') return send(res, 200, slack.messages);
		if (req.method === 'POST' && path === '/_simulator/revoke') return send(res, 200, { revoked: tokens.revoke() });
		if (req.method === 'GET' && path === '/_simulator/eventnotifications') {
			return send(res, 200, notifications.targets().map(({ password: _secret, kinds, ...target }) => ({ ...target, kinds: [...kinds] })));
		}
		if (req.method === 'POST' && path === '/_simulator/events/push') return pushEvent(req, res);
		return send(res, 404, { error: 'not_found' });
	}

	/** Plays a device event happening: `{kind, deviceId?}` → one POST to each target that wants it. */
	async function pushEvent(req, res) {
		const { kind, deviceId } = parseJson(await readBody(req)) ?? {};
		try {
			const answers = await events.push(kind, { deviceId });
			return send(res, 200, answers.map(({ targetId, status, postedAt, answeredAt }) => ({ targetId, status, ms: answeredAt - postedAt })));
		} catch (error) {
			return send(res, 400, { error: error.message });
		}
	}

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', resolve);
	});
	const { port } = server.address();
	const url = `http://127.0.0.1:${port}`;

	const simulator = {
		url,
		port,
		tokenUrl: `${url}/connect/token`,
		slackWebhookUrl: `${url}/slack/webhook`,
		clients,
		fleet,
		faults,
		settings,
		counters,
		/** Every device command carried out, in order (tag changes, messages and notes too). */
		commands,
		/** The Event Notifications targets registered (with their passwords) and the API's log. */
		eventNotifications: notifications,
		/** UEM pushing events to the targets: push(kind, {deviceId}), sendTo(target, …), burst(target, …). */
		events,
		/** Every push, email and SMS accepted, in order, as the user would receive it. */
		messages,
		slack,
		tokenService: tokens,
		/** Plain numbers, for printing and for the control endpoint. */
		snapshot() {
			return {
				devices: fleet.devices.length,
				tokenExchanges: tokens.state.exchanges,
				tokenRejections: tokens.state.rejections,
				tokenOutageRefusals: tokens.state.outageRefusals,
				requests: counters.requests,
				unauthorized: counters.unauthorized,
				maxInFlight: counters.maxInFlight,
				byRoute: { ...counters.byRoute },
				byVersion: structuredClone(counters.byVersion),
				byStatus: { ...counters.byStatus },
				faults: { ...counters.faults },
				slackMessages: slack.messages.length,
				eventTargets: notifications.targets().length,
			};
		},
		/**
		 * The most API requests that arrived within any `windowMs` (a sliding window, as a tenant's
		 * per-minute throttle would see them), since the counters were last reset.
		 */
		busiestWindow(windowMs) {
			return busiestWindow(counters.arrivals, windowMs);
		},
		/**
		 * Revoke every token issued so far when the `n`th API request (counted from now) arrives;
		 * with `replacementToo`, the next token issued is born revoked as well.
		 */
		revokeTokensAtRequest(n, { replacementToo = false } = {}) {
			revokeAtRequest = counters.requests + n;
			revokeReplacement = replacementToo;
		},
		/** Zero the counters (not the fleet or the tokens). */
		resetCounters() {
			Object.assign(counters, createCounters());
			tokens.state.exchanges = 0;
			tokens.state.rejections = 0;
			tokens.state.outageRefusals = 0;
		},
		/**
		 * Resolves once no API request is being handled (a slow write the client gave up on has been
		 * carried out by then, and is in the command log); rejects after `timeoutMs`.
		 */
		settled(timeoutMs = 10_000) {
			if (handlersRunning === 0) return Promise.resolve();
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`the simulator still handles ${handlersRunning} API requests after ${timeoutMs} ms`)), timeoutMs);
				whenSettled.push(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		},
		async close() {
			for (const socket of sockets) socket.destroy();
			await new Promise((resolve) => server.close(() => resolve()));
		},
	};
	return simulator;
}

/**
 * @typedef {object} Counters
 * @property {number} requests
 * @property {number} unauthorized
 * @property {number} inFlight
 * @property {number} maxInFlight
 * @property {number[]} arrivals     arrival time (ms) of each API request, in order: 8 bytes each
 * @property {number[]} serviceMs    the simulator's own time for each API call answered, in the order answered
 * @property {Record<string, number>} byRoute
 * @property {Record<string, Record<string, number>>} byVersion
 * @property {Record<string, number>} byStatus
 * @property {{drop: number, slow: number, throttled: number, serverError: number, malformed: number, dropAfterWrite: number}} faults
 * @property {(route: string, version: number) => void} count
 */

/** @returns {Counters} */
function createCounters() {
	/** @type {Counters} */
	const counters = {
		requests: 0,
		unauthorized: 0,
		inFlight: 0,
		maxInFlight: 0,
		arrivals: [],
		/** Milliseconds the simulator spent on each API call it answered (routing, the answer, sending it). */
		serviceMs: [],
		byRoute: {},
		byVersion: {},
		byStatus: {},
		faults: { drop: 0, slow: 0, throttled: 0, serverError: 0, malformed: 0, dropAfterWrite: 0 },
		count(route, version) {
			counters.byRoute[route] = (counters.byRoute[route] ?? 0) + 1;
			counters.byVersion[route] ??= {};
			counters.byVersion[route][version] = (counters.byVersion[route][version] ?? 0) + 1;
		},
	};
	return counters;
}

/** Two pointers over sorted times: the largest count within any span shorter than `windowMs`. */
function busiestWindow(times, windowMs) {
	let busiest = 0;
	let start = 0;
	for (let end = 0; end < times.length; end++) {
		while (times[end] - times[start] >= windowMs) start++;
		busiest = Math.max(busiest, end - start + 1);
	}
	return busiest;
}

function requestedVersion(accept) {
	const match = /version\s*=\s*(\d+)/i.exec(accept ?? '');
	return match ? Number(match[1]) : 1;
}

function acceptsJson(accept) {
	return /json|\*\/\*/i.test(accept ?? '');
}

function sendForced(res, forced) {
	if (forced.status === 204) {
		res.writeHead(204);
		return res.end();
	}
	res.writeHead(forced.status, { 'Content-Type': forced.contentType ?? JSON_TYPE });
	res.end(forced.raw ?? JSON.stringify(forced.body ?? {}));
}

function sendUem(res, result, headers = {}) {
	const body = result.body && result.body.errorCode !== undefined
		? { ...result.body, activityId: crypto.randomUUID() }
		: result.body;
	send(res, result.status, body, headers);
}

/** A request body as JSON, or undefined when it is empty or not JSON (the route then says what is missing). */
function parseJson(text) {
	try {
		return text === '' ? undefined : JSON.parse(text);
	} catch {
		return undefined;
	}
}

function parseBasic(header) {
	const match = /^Basic\s+(.+)$/i.exec(header ?? '');
	if (!match) return undefined;
	const [clientId, ...rest] = Buffer.from(match[1], 'base64').toString('utf8').split(':');
	return { clientId: decodeURIComponent(clientId), clientSecret: decodeURIComponent(rest.join(':')) };
}

/** Waits without keeping the process alive: a closed simulator must not hold up a test run. */
function delay(ms) {
	return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms).unref()) : Promise.resolve();
}

module.exports = { startSimulator };

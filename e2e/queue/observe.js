'use strict';
// The simulated tenant, watched from the outside: which n8n process (main, worker-1, worker-2, …)
// asked for each token, and which bearer tokens the API calls carried. The simulator cannot tell
// its clients apart (they all use one credential), so this asks the operating system: the
// client's socket of a token request is looked up in /proc/net/tcp and found among the open
// files of the cluster's processes.

const fs = require('node:fs');
const http = require('node:http');

const { startSimulator } = require('../../simulator');

/** Inode of the client end of a loopback TCP connection (client port → server port), or undefined. */
function clientSocketInode(clientPort, serverPort) {
	const hex = (port) => port.toString(16).toUpperCase().padStart(4, '0');
	const local = `:${hex(clientPort)}`;
	const remote = `:${hex(serverPort)}`;
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let text;
		try {
			text = fs.readFileSync(table, 'utf8');
		} catch {
			continue;
		}
		for (const line of text.split('\n')) {
			const fields = line.trim().split(/\s+/);
			if (fields.length > 9 && fields[1].endsWith(local) && fields[2].endsWith(remote)) return fields[9];
		}
	}
	return undefined;
}

/** Name of the process (among `processes`: name → pid) that holds the socket with this inode. */
function ownerOfInode(inode, processes) {
	const target = `socket:[${inode}]`;
	for (const [name, pid] of Object.entries(processes)) {
		let fds;
		try {
			fds = fs.readdirSync(`/proc/${pid}/fd`);
		} catch {
			continue;
		}
		for (const fd of fds) {
			try {
				if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === target) return name;
			} catch {
				// closed meanwhile
			}
		}
	}
	return 'other';
}

function emptyTally() {
	return { tokenRequests: 0, tokenExchanges: 0, tokensIssued: [] };
}

/**
 * Starts the simulator and watches it. `processes()` returns the cluster's processes (name → pid)
 * at the time a token is requested. Only token requests are traced to a process: n8n opens a new
 * connection per API call, and looking each of 50,000 up in /proc would slow the tenant down
 * more than the run itself. API calls are counted per bearer token instead (and so per process
 * that obtained the token).
 * @param {import('../../simulator').SimulatorOptions} options
 * @param {() => Record<string, number>} processes
 */
async function startObservedSimulator(options, processes) {
	// startSimulator creates its server synchronously, before its first await: catch that one
	// call and put http.createServer back at once (two simulators may start side by side).
	let server;
	const createServer = http.createServer;
	http.createServer = (...args) => {
		server = createServer.apply(http, args);
		return server;
	};
	let starting;
	try {
		starting = startSimulator(options);
	} finally {
		http.createServer = createServer;
	}
	const sim = await starting;
	if (!server || server.address()?.port !== sim.port) throw new Error('could not watch the simulator\'s server');

	/** @type {Map<string, ReturnType<typeof emptyTally>>} */
	const byProcess = new Map();
	const tally = (name) => {
		if (!byProcess.has(name)) byProcess.set(name, emptyTally());
		return byProcess.get(name);
	};
	/** Every bearer token sent to the API, with how often, and which process obtained it. */
	const tokensSent = new Map();
	const tokenOwner = new Map();
	const answers = { unauthorized: 0, throttled: 0 };

	server.prependListener('request', (req, res) => {
		const pathname = (req.url ?? '').split('?')[0];
		if (req.method === 'POST' && pathname === '/connect/token') {
			const inode = clientSocketInode(req.socket.remotePort, sim.port);
			const owner = inode === undefined ? 'other' : ownerOfInode(inode, processes());
			const counts = tally(owner);
			counts.tokenRequests++;
			const end = res.end;
			res.end = function endAndRecord(chunk, ...rest) {
				if (res.statusCode === 200 && chunk) {
					try {
						const token = JSON.parse(String(chunk)).access_token;
						if (token) {
							counts.tokenExchanges++;
							counts.tokensIssued.push(token);
							tokenOwner.set(token, owner);
						}
					} catch {
						// not JSON: not an issued token
					}
				}
				return end.call(this, chunk, ...rest);
			};
			return;
		}
		if (!/^\/api\//i.test(pathname)) return;
		const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
		if (bearer) tokensSent.set(bearer, (tokensSent.get(bearer) ?? 0) + 1);
		res.once('finish', () => {
			if (res.statusCode === 401) answers.unauthorized++;
			if (res.statusCode === 429) answers.throttled++;
		});
	});

	return Object.assign(sim, {
		/**
		 * Per process: token requests and exchanges, and API calls made with the tokens it obtained
		 * (by whichever process sent them: a token saved in static data serves the next execution).
		 */
		byProcess() {
			const out = {};
			for (const [name, counts] of [...byProcess.entries()].sort(([a], [b]) => a.localeCompare(b))) {
				const callsWithItsTokens = counts.tokensIssued.reduce((sum, token) => sum + (tokensSent.get(token) ?? 0), 0);
				out[name] = { tokenRequests: counts.tokenRequests, tokenExchanges: counts.tokenExchanges, callsWithItsTokens };
			}
			return out;
		},
		tokensSent,
		tokenOwner,
		answers,
		resetObservations() {
			byProcess.clear();
			tokensSent.clear();
			tokenOwner.clear();
			answers.unauthorized = 0;
			answers.throttled = 0;
		},
	});
}

module.exports = { startObservedSimulator };

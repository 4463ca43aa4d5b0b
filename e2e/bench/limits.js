'use strict';
// The fastest each approach could possibly be on a given tenant: the calls it must make, in the
// rounds that its concurrency allows, at the tenant's latency, and no faster than the requests-per-
// minute limit lets them out (evenly spaced). n8n's own work is not in it, so a run
// can only come near it, never under it.

const PAGE = 500;

/** Seconds for `calls` to pass the node's rate limit of `perMinute`: the first at once, then evenly spaced. */
function rateLimitSeconds(calls, perMinute) {
	if (!(perMinute > 0)) return 0;
	return (Math.max(0, calls - 1) / Math.max(1, perMinute - 1)) * 60;
}

function approachLimits(sim, settings) {
	const { latencyMs, concurrency, requestsPerMinute } = settings;
	const latency = latencyMs / 1000;
	const devices = sim.fleet.devices.length;
	const searchPages = Math.max(1, Math.ceil(devices / PAGE));
	const failingDevices = new Set(sim.fleet.notInstalled().map((pair) => pair.deviceId)).size;
	const profilePages = sim.fleet.profiles.map((profile) => Math.max(1, Math.ceil(sim.fleet.devicesForProfile(profile, false).length / PAGE)));

	// 1: every page and every device one after another (the guide asks for one page past a full last one).
	const fieldGuide = (Math.floor(devices / PAGE) + 1 + devices) * latency;

	// 3: the search pages in turn, then the devices `concurrency` at a time.
	const perDeviceCalls = searchPages + devices;
	const perDevice = Math.max(
		(searchPages + Math.ceil(devices / concurrency)) * latency,
		rateLimitSeconds(perDeviceCalls, requestsPerMinute),
	);

	// 4: the profile search, then the first profile's listing alone (it tells whether the tenant has
	// the listing): its first page starts the pool of device reads, its later pages come one after
	// another; then the other profiles' pages and the failing devices `concurrency` at a time in the
	// same pool (each listing's pages in turn, so the first listing's pages, then the longest other
	// listing's, then one read, are a floor too).
	const [firstPages, ...otherPages] = profilePages;
	const otherPageCalls = otherPages.reduce((sum, pages) => sum + pages, 0);
	const fleetRounds =
		2 + Math.max(Math.ceil((firstPages - 1 + otherPageCalls + failingDevices) / concurrency), firstPages - 1 + Math.max(0, ...otherPages) + 1);
	const fleetCalls = 1 + firstPages + otherPageCalls + failingDevices;
	const fleet = Math.max(fleetRounds * latency, rateLimitSeconds(fleetCalls, requestsPerMinute));

	return { fieldGuide, perDevice, fleet, failingDevices, failures: sim.fleet.notInstalled().length };
}

/**
 * The fastest a tenant can answer `serviceMs.length` independent calls: they leave no faster than
 * the rate limit lets them out (evenly spaced) and at most `concurrency` at once; each waits the
 * tenant's latency, then takes its own measured service time of the tenant's one thread (calls
 * that arrive together queue there). The client is taken as infinitely fast.
 */
function tenantFloorSeconds(serviceMs, { latencyMs, concurrency, requestsPerMinute }) {
	const spacingMs = requestsPerMinute > 1 ? 60_000 / (requestsPerMinute - 1) : 0;
	const slots = Array(concurrency).fill(0);
	let tenantFree = 0;
	let last = 0;
	serviceMs.forEach((service, index) => {
		const slot = slots.indexOf(Math.min(...slots));
		const start = Math.max(index * spacingMs, slots[slot]);
		tenantFree = Math.max(tenantFree, start + latencyMs) + service;
		slots[slot] = tenantFree;
		last = Math.max(last, tenantFree);
	});
	return last / 1000;
}

module.exports = { approachLimits, rateLimitSeconds, tenantFloorSeconds };

'use strict';
// Device commands as UEM takes them: `POST /api/mdm/devices/{id}/commands?command=X`, or by an
// alternate id (`/devices/commands?command=X&searchby=Serialnumber&id=…`), answered 202 with no
// body; in bulk (`/devices/commands/bulk?command=X&searchby=DeviceId`, body `{BulkValues:{Value:[…]}}`,
// answered with totals and a fault per value not carried out); a device record deleted (`DELETE /api/mdm/devices/{id}`); a profile installed on or removed from a device (`POST /api/mdm/profiles/{id}/install`,
// body `{DeviceId}`). Every command carried out is logged per device, so a test can prove that none arrived
// twice, and has its effect on the fleet (a wipe leaves the device pending a wipe).

/** UEM's command names, and the platforms that cannot carry one out (the simulator's choice). */
const COMMANDS = {
	DeviceQuery: {},
	SyncDevice: {},
	Lock: {},
	SoftReset: {},
	Shutdown: { unsupportedOn: ['Android', 'WinRT'] },
	ClearPasscode: { unsupportedOn: ['WinRT'] },
	EnterpriseWipe: { enrollment: 'EnterpriseWipePending' },
	DeviceWipe: { enrollment: 'DeviceWipePending' },
};

/** The most values one bulk command takes (the simulator's choice: UEM's limit is unconfirmed; its pages hold 500). */
const BULK_MAX_VALUES = 500;
/** `searchby` values of the bulk command endpoint. */
const BULK_SEARCH_BY = { deviceid: 'id', serialnumber: 'serialNumber', udid: 'udid' };

/** `searchby` values the command endpoint accepts, and the fleet index each reads. */
const COMMAND_SEARCH_BY = { serialnumber: 'serialNumber', udid: 'udid', macaddress: 'macAddress', imeinumber: 'imei' };

function uemError(status, errorCode, message) {
	return { status, body: { errorCode, message } };
}

function createCommandLog() {
	/** @type {Array<{deviceId: number, command: string, at: number}>} */
	const entries = [];
	return {
		entries,
		/** How many times each device received a command: a device listed with more than 1 got one twice. */
		perDevice() {
			const counts = new Map();
			for (const { deviceId, command } of entries) {
				const key = `${deviceId}:${command}`;
				counts.set(key, (counts.get(key) ?? 0) + 1);
			}
			return counts;
		},
		of(deviceId) {
			return entries.filter((entry) => entry.deviceId === deviceId).map((entry) => entry.command);
		},
	};
}

/** Carries out one command on one device, or says why UEM would not. */
function runCommand(log, device, query) {
	const name = Object.keys(COMMANDS).find((command) => command.toLowerCase() === String(query.command ?? '').toLowerCase());
	if (!name) return uemError(400, 1001, `Invalid command '${query.command ?? ''}'.`);
	if (!device) return uemError(404, 5002, 'Device not found.');
	const command = COMMANDS[name];
	if (command.unsupportedOn?.includes(device.platform)) {
		return uemError(400, 1001, `The command ${name} is not supported on ${device.platform} devices.`);
	}
	log.entries.push({ deviceId: device.id, command: name, at: Date.now() });
	if (command.enrollment) device.enrollment = command.enrollment;
	if (name === 'SyncDevice' || name === 'DeviceQuery') device.lastSeen = Date.now();
	return { status: 202 };
}

/** The device a profile install or removal names in its body: `DeviceId`, `SerialNumber`, `Udid` or `MacAddress`. */
function deviceOfBody(fleet, body) {
	if (body?.DeviceId !== undefined) return fleet.find('id', body.DeviceId);
	if (body?.SerialNumber !== undefined) return fleet.find('serialNumber', body.SerialNumber);
	if (body?.Udid !== undefined) return fleet.find('udid', body.Udid);
	if (body?.MacAddress !== undefined) return fleet.find('macAddress', body.MacAddress);
	return undefined;
}

/**
 * Install or remove a profile on a device: the assignment goes pending, and `delayMs` later (0:
 * at once) it is confirmed, so the next fleet report finds fewer (or more) failures.
 */
function profileAction(fleet, log, settings, { params, body }, action) {
	if (!/^\d+$/.test(params[0])) return uemError(422, 1012, `Invalid profile id '${params[0]}'.`);
	const profile = fleet.profileById(params[0]);
	if (!profile) return uemError(404, 5061, 'Profile not found.');
	if (!['DeviceId', 'SerialNumber', 'Udid', 'MacAddress'].some((key) => body?.[key] !== undefined)) {
		return uemError(400, 1001, 'The request body must name the device: DeviceId, SerialNumber, Udid or MacAddress.');
	}
	const device = deviceOfBody(fleet, body);
	if (!device) return uemError(404, 5002, 'Device not found.');
	const assignment = device.assignments.find((a) => a.profile === profile);
	if (!assignment) return uemError(400, 1001, `The profile ${profile.name} is not assigned to this device.`);
	log.entries.push({ deviceId: device.id, command: `${action}Profile:${profile.id}`, at: Date.now() });
	const [pending, confirmed] = action === 'Install' ? [1, 3] : [4, 6];
	assignment.status = pending;
	const confirm = () => {
		if (assignment.status === pending) assignment.status = confirmed;
	};
	if (settings.profileConfirmDelayMs > 0) setTimeout(confirm, settings.profileConfirmDelayMs).unref();
	else confirm();
	return { status: 202 };
}

/**
 * One command to many devices: `BulkValues.Value` lists them by `searchby`; the answer counts them
 * and lists a fault per value not carried out (unknown device, platform, or a simulated fault).
 */
function bulkCommand(fleet, log, faults, { query, body }) {
	const searchBy = BULK_SEARCH_BY[String(query.searchby ?? '').toLowerCase()];
	if (!searchBy) return uemError(422, 5003, `Invalid searchby value '${query.searchby ?? ''}'.`);
	const values = body?.BulkValues?.Value;
	if (!Array.isArray(values) || values.length === 0) return uemError(400, 1001, 'BulkValues.Value must list at least one device.');
	if (values.length > BULK_MAX_VALUES) return uemError(400, 1001, `At most ${BULK_MAX_VALUES} values in one bulk request.`);
	const fault = [];
	for (const value of values) {
		if (faults.bulkValueFault()) {
			fault.push({ ErrorCode: 1001, ItemValue: String(value), Message: 'The command could not be queued for this device.' });
			continue;
		}
		const result = runCommand(log, fleet.find(searchBy, value), query);
		if (result.status !== 202) fault.push({ ErrorCode: result.body.errorCode, ItemValue: String(value), Message: result.body.message });
	}
	return { status: 200, body: { TotalItems: values.length, AcceptedItems: values.length - fault.length, FailedItems: fault.length, Faults: { Fault: fault } } };
}

/** The command routes, ahead of the read routes whose patterns they would otherwise match. */
function createCommandRoutes({ fleet, log, settings, faults }) {
	return [
		{
			name: 'deviceCommandBulk',
			method: 'POST',
			pattern: /^\/api\/mdm\/devices\/commands\/bulk$/i,
			versions: [1],
			handle: (request) => bulkCommand(fleet, log, faults, request),
		},
		{
			name: 'profileInstall',
			method: 'POST',
			pattern: /^\/api\/mdm\/profiles\/([^/]+)\/install$/i,
			versions: [1],
			handle: (request) => profileAction(fleet, log, settings, request, 'Install'),
		},
		{
			name: 'profileRemove',
			method: 'POST',
			pattern: /^\/api\/mdm\/profiles\/([^/]+)\/remove$/i,
			versions: [1],
			handle: (request) => profileAction(fleet, log, settings, request, 'Remove'),
		},
		{
			name: 'deviceDelete',
			method: 'DELETE',
			pattern: /^\/api\/mdm\/devices\/([^/]+)$/i,
			versions: [1],
			handle: ({ params }) => {
				if (!/^\d+$/.test(params[0])) return uemError(422, 1012, `Invalid device id '${params[0]}'.`);
				const device = fleet.find('id', params[0]);
				if (!device) return uemError(404, 5002, 'Device not found.');
				log.entries.push({ deviceId: device.id, command: 'Delete', at: Date.now() });
				fleet.remove(device);
				return { status: 202 };
			},
		},
		{
			name: 'deviceCommandByAlternateId',
			method: 'POST',
			pattern: /^\/api\/mdm\/devices\/commands$/i,
			versions: [1],
			handle: ({ query }) => {
				const searchBy = COMMAND_SEARCH_BY[String(query.searchby ?? '').toLowerCase()];
				if (!searchBy) return uemError(422, 5003, `Invalid searchby value '${query.searchby ?? ''}'.`);
				if (!query.id) return uemError(422, 1012, 'Invalid query parameters: id is required.');
				return runCommand(log, fleet.find(searchBy, query.id), query);
			},
		},
		{
			name: 'deviceCommand',
			method: 'POST',
			pattern: /^\/api\/mdm\/devices\/([^/]+)\/commands$/i,
			versions: [1],
			handle: ({ params, query }) => {
				if (!/^\d+$/.test(params[0])) return uemError(422, 1012, `Invalid device id '${params[0]}'.`);
				return runCommand(log, fleet.find('id', params[0]), query);
			},
		},
	];
}

module.exports = { createCommandRoutes, createCommandLog, COMMANDS, BULK_MAX_VALUES };

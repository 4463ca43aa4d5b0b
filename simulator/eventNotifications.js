'use strict';
// UEM's Event Notifications API (System v1): targets that UEM POSTs device events to, with HTTP
// Basic auth. Create, get, search, update and delete, with UEM's error shapes and a 204 for an
// empty search. The field names of a target are unconfirmed, so the simulator plays one of two
// readings at a time (settings.eventNotifications.reading), each ignoring fields it does not know
// the way UEM's JSON binding does (or refusing them, with `strict`):
//
// - "flags": one boolean per console checkbox (DeviceEnrollment, …), OrganizationGroupId; a create
//   answers 201 with the whole target;
// - "list": Events: [EventType names], LocationGroupId, the URL read back as TargetURL; a create
//   answers 200 with {Value: id}.
//
// Written out here on purpose rather than imported from the node, like the profile statuses: the
// simulator plays UEM, and sharing the node's tables would hide a mistake in them.

const { uemError } = require('./routes');

/**
 * The events UEM can push. EventId and EventType as seen in the field where known (148, 39, 229,
 * 178, 642); the rest are the simulator's own choice (marked), pending a confirmed source.
 */
const EVENT_CATALOGUE = {
	deviceEnrolled: { eventId: 148, eventType: 'MDMEnrollmentComplete', flag: 'DeviceEnrollment', enrollmentStatus: 'Enrolled' },
	deviceUnenrolled: { eventId: 39, eventType: 'BreakMDMConfirmed', flag: 'DeviceUnenrollment', enrollmentStatus: 'Unenrolled' },
	enterpriseWipeRequested: { eventId: 229, eventType: 'DeviceEnterpriseWipeRequested', flag: 'EnterpriseWipe', enrollmentStatus: 'EnterpriseWipePending' },
	// 25 from field notes; the name is the simulator's choice.
	deviceWiped: { eventId: 25, eventType: 'DeviceWipeRequested', flag: 'DeviceWipe', enrollmentStatus: 'DeviceWipePending' },
	// Simulator's choice: id and name unconfirmed.
	deviceDeleted: { eventId: 701, eventType: 'DeviceDeleted', flag: 'DeviceDelete', enrollmentStatus: 'Unenrolled' },
	// Simulator's choice: id unconfirmed ("Compliance Status Changed" seen with spaces).
	complianceStatusChanged: { eventId: 702, eventType: 'ComplianceStatusChanged', flag: 'ComplianceStatusChange', enrollmentStatus: 'Enrolled' },
	compromisedStatusChanged: { eventId: 178, eventType: 'CompromisedStatusChanged', flag: 'CompromisedStatusChange', enrollmentStatus: 'Enrolled' },
	attributeChanged: { eventId: 642, eventType: 'DeviceFriendlyNameChanged', flag: 'AttributeChange', enrollmentStatus: 'Enrolled' },
};
const KINDS = Object.keys(EVENT_CATALOGUE);
const KIND_BY_TYPE = new Map(KINDS.map((kind) => [EVENT_CATALOGUE[kind].eventType.toLowerCase(), kind]));

const FIELDS = {
	flags: ['targetname', 'targeturl', 'username', 'password', 'format', 'organizationgroupid', 'status', ...KINDS.map((k) => EVENT_CATALOGUE[k].flag.toLowerCase())],
	list: ['targetname', 'targeturl', 'username', 'password', 'format', 'locationgroupid', 'status', 'events'],
};

/** A body's fields by lower-cased name (UEM's JSON binding ignores case). */
function lowerKeys(body) {
	return Object.fromEntries(Object.entries(body).map(([key, value]) => [key.toLowerCase(), value]));
}

function isAbsoluteHttpUrl(text) {
	try {
		return ['http:', 'https:'].includes(new URL(text).protocol);
	} catch {
		return false;
	}
}

/**
 * Reads a create or update body in the simulator's reading.
 * @returns {{target: object} | {error: object}}
 */
function readTarget(fleet, options, body, previous) {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) return { error: uemError(400, 1012, 'The request body must be a JSON object.') };
	const fields = lowerKeys(body);
	const { reading, strict } = options;
	if (strict) {
		const unknown = Object.keys(body).find((key) => !FIELDS[reading].includes(key.toLowerCase()));
		if (unknown) return { error: uemError(400, 1012, `Could not find member '${unknown}' on object of type 'EventNotificationModel'.`) };
	}
	for (const name of ['targetname', 'targeturl', 'username']) {
		if (typeof fields[name] !== 'string' || fields[name].trim() === '') return { error: uemError(400, 1012, `The ${name} field is required.`) };
	}
	const password = typeof fields.password === 'string' && fields.password !== '' ? fields.password : previous?.password;
	if (!password) return { error: uemError(400, 1012, 'The password field is required.') };
	if (!isAbsoluteHttpUrl(fields.targeturl)) return { error: uemError(400, 1012, `Invalid target URL '${fields.targeturl}'.`) };
	let kinds;
	if (reading === 'flags') {
		kinds = KINDS.filter((kind) => fields[EVENT_CATALOGUE[kind].flag.toLowerCase()] === true);
	} else {
		const listed = Array.isArray(fields.events) ? fields.events : [];
		const unknown = listed.find((name) => !KIND_BY_TYPE.has(String(name).toLowerCase()));
		if (unknown !== undefined) return { error: uemError(400, 1012, `Unknown event type '${unknown}'.`) };
		kinds = [...new Set(listed.map((name) => KIND_BY_TYPE.get(String(name).toLowerCase())))];
	}
	if (kinds.length === 0) return { error: uemError(400, 1012, 'Select at least one event.') };
	const groupField = reading === 'flags' ? 'organizationgroupid' : 'locationgroupid';
	const groupId = fields[groupField] === undefined ? fleet.groups.find((group) => group.parentId === null).id : Number(fields[groupField]);
	if (!fleet.group(groupId)) return { error: uemError(422, 1012, `Invalid organization group id ${fields[groupField]}.`) };
	const format = String(fields.format ?? 'JSON').toUpperCase();
	if (format !== 'JSON' && format !== 'XML') return { error: uemError(400, 1012, `Invalid format '${fields.format}'.`) };
	return {
		target: { targetName: fields.targetname, targetUrl: fields.targeturl, userName: fields.username, password, format, groupId, kinds: new Set(kinds), active: true },
	};
}

/** A target as GET and search show it, in the reading's shape, never with its password. */
function targetJson(target, reading) {
	const common = { Id: { Value: target.id }, TargetName: target.targetName, Username: target.userName, Format: target.format, Status: target.active ? 'Active' : 'Inactive' };
	if (reading === 'flags') {
		const flags = Object.fromEntries(KINDS.map((kind) => [EVENT_CATALOGUE[kind].flag, target.kinds.has(kind)]));
		return { ...common, TargetUrl: target.targetUrl, OrganizationGroupId: target.groupId, ...flags };
	}
	return { ...common, TargetURL: target.targetUrl, LocationGroupId: target.groupId, Events: KINDS.filter((kind) => target.kinds.has(kind)).map((kind) => EVENT_CATALOGUE[kind].eventType) };
}

/**
 * @typedef {object} Target
 * @property {number} id
 * @property {string} targetName
 * @property {string} targetUrl
 * @property {string} userName
 * @property {string} password
 * @property {'JSON'|'XML'} format
 * @property {number} groupId
 * @property {Set<string>} kinds
 * @property {boolean} active
 */

/**
 * @param {{fleet: object, settings: {eventNotifications: {reading: 'flags'|'list', strict: boolean, available: boolean, forbidden: boolean}}}} options
 */
function createEventNotifications({ fleet, settings }) {
	/** @type {Map<number, Target>} */
	const targets = new Map();
	let nextId = 9001;
	/** Every create, update and delete carried out, in order: {action, id, at}. */
	const log = [];

	const guard = () => {
		const config = settings.eventNotifications;
		if (!config.available) return uemError(404, 8, 'Resource not found.');
		if (config.forbidden) return uemError(403, 1011, 'The user does not have permission to access event notifications.');
		return undefined;
	};
	const byId = (raw) => (/^\d+$/.test(raw) ? targets.get(Number(raw)) : undefined);
	const notFound = () => uemError(404, 8, 'Event notification not found.');

	const routes = [
		{
			name: 'eventNotificationSearch',
			method: 'GET',
			pattern: /^\/api\/system\/eventnotifications\/search$/i,
			versions: [1],
			handle: ({ query }) => {
				const refused = guard();
				if (refused) return refused;
				let list = [...targets.values()];
				if (query.targetname) list = list.filter((t) => t.targetName.toLowerCase().includes(String(query.targetname).toLowerCase()));
				if (query.organizationgroupid) list = list.filter((t) => t.groupId === Number(query.organizationgroupid));
				if (query.status) list = list.filter((t) => (t.active ? 'active' : 'inactive') === String(query.status).toLowerCase());
				if (list.length === 0) return { status: 204, body: null };
				const reading = settings.eventNotifications.reading;
				return { status: 200, body: { EventNotifications: list.map((t) => targetJson(t, reading)), Page: 0, PageSize: 500, Total: list.length } };
			},
		},
		{
			name: 'eventNotificationCreate',
			method: 'POST',
			pattern: /^\/api\/system\/eventnotifications$/i,
			versions: [1],
			handle: ({ body }) => {
				const refused = guard();
				if (refused) return refused;
				const read = readTarget(fleet, settings.eventNotifications, body);
				if (read.error) return read.error;
				const target = { ...read.target, id: nextId++ };
				targets.set(target.id, target);
				log.push({ action: 'create', id: target.id, at: Date.now() });
				const reading = settings.eventNotifications.reading;
				return reading === 'flags' ? { status: 201, body: targetJson(target, reading) } : { status: 200, body: { Value: target.id } };
			},
		},
		...['GET', 'PUT', 'DELETE'].map((method) => ({
			name: `eventNotification${method[0]}${method.slice(1).toLowerCase()}`,
			method,
			pattern: /^\/api\/system\/eventnotifications\/([^/]+)$/i,
			versions: [1],
			handle: ({ params, body }) => {
				const refused = guard();
				if (refused) return refused;
				const target = byId(params[0]);
				if (!target) return notFound();
				const reading = settings.eventNotifications.reading;
				if (method === 'GET') return { status: 200, body: targetJson(target, reading) };
				if (method === 'DELETE') {
					targets.delete(target.id);
					log.push({ action: 'delete', id: target.id, at: Date.now() });
					return { status: 200, body: undefined };
				}
				const read = readTarget(fleet, settings.eventNotifications, body, target);
				if (read.error) return read.error;
				Object.assign(target, read.target);
				log.push({ action: 'update', id: target.id, at: Date.now() });
				return { status: 200, body: targetJson(target, reading) };
			},
		})),
	];

	return {
		routes,
		log,
		/** The targets registered now, passwords included (for the sender and for tests), oldest first. */
		targets() {
			return [...targets.values()];
		},
		/** The targets that want this kind of event for this device (its group is the target's or below it). */
		targetsFor(kind, device) {
			return [...targets.values()].filter((t) => t.active && t.kinds.has(kind) && fleet.groupAndChildren(t.groupId).has(device.groupId));
		},
	};
}

module.exports = { createEventNotifications, EVENT_CATALOGUE, EVENT_KINDS: KINDS };

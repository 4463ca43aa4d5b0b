'use strict';
// The UEM REST endpoints the package uses, answering from the fleet the way the real service
// does: 0-based pages capped at 500, `Total`, 204 with an empty body when nothing matches, UEM
// error bodies, and API versions chosen by the Accept header (an unknown version is served as v1).

const { PROFILE_STATUS_NAMES } = require('./fleet');

const MAX_PAGE_SIZE = 500;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `searchby` values of the device lookup, and the fleet index each reads. */
const DEVICE_SEARCH_BY = {
	macaddress: 'macAddress',
	udid: 'udid',
	serialnumber: 'serialNumber',
	imeinumber: 'imei',
	easid: 'easId',
	deviceid: 'id',
};
/** The per-device profiles lookup accepts fewer alternate ids than the device lookup. */
const PROFILES_SEARCH_BY = {
	macaddress: 'macAddress',
	udid: 'udid',
	serialnumber: 'serialNumber',
	imeinumber: 'imei',
};

/** A UEM error answer. */
function uemError(status, errorCode, message) {
	return { status, body: { errorCode, message } };
}

function ok(body) {
	return { status: 200, body };
}

const NO_CONTENT = { status: 204, body: null };

/**
 * Reads `page` and `pagesize` the way UEM does: 0-based, default and maximum 500.
 * @returns {{page: number, pageSize: number} | {error: object}}
 */
function readPaging(query) {
	const page = query.page === undefined ? 0 : Number(query.page);
	const pageSize = query.pagesize === undefined ? MAX_PAGE_SIZE : Number(query.pagesize);
	if (!Number.isInteger(page) || page < 0 || !Number.isInteger(pageSize) || pageSize < 1) {
		return { error: uemError(422, 1012, 'Invalid query parameters: page and pagesize must be whole numbers.') };
	}
	return { page, pageSize: Math.min(pageSize, MAX_PAGE_SIZE) };
}

function pageOf(list, paging) {
	const start = paging.page * paging.pageSize;
	return list.slice(start, start + paging.pageSize);
}

/** Renders dates as UEM does: ISO 8601 without a zone. */
function uemDate(ms) {
	return new Date(ms).toISOString().replace('Z', '');
}

/** Accepts the date forms admins type: 2026-11-01, 2026-11-01T08:00:00, 11/01/2026. */
function parseDate(text) {
	const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
	const ms = us ? Date.UTC(Number(us[3]), Number(us[1]) - 1, Number(us[2])) : Date.parse(text);
	return Number.isNaN(ms) ? undefined : ms;
}

/** The name UEM shows for a device: its user, model and serial number. */
function friendlyName(device) {
	return `${device.userName} ${device.model} ${device.serialNumber}`;
}

function groupRef(fleet, groupId) {
	const group = fleet.group(groupId);
	return { Id: { Value: group.id }, Name: group.name, Uuid: group.uuid };
}

function deviceJson(fleet, device) {
	const group = fleet.group(device.groupId);
	return {
		Id: { Value: device.id },
		Uuid: device.uuid,
		Udid: device.udid,
		SerialNumber: device.serialNumber,
		MacAddress: device.macAddress,
		Imei: device.imei,
		EasId: device.easId,
		AssetNumber: device.udid.slice(0, 12),
		DeviceFriendlyName: friendlyName(device),
		LocationGroupId: groupRef(fleet, device.groupId),
		LocationGroupName: group.name,
		UserId: { Value: fleet.userOf(device)?.id ?? 50000 + device.id },
		UserName: device.userName,
		UserEmailAddress: device.email,
		PhoneNumber: device.phoneNumber,
		Ownership: device.ownership,
		Platform: device.platform,
		Model: device.model,
		OperatingSystem: device.os,
		LastSeen: uemDate(device.lastSeen),
		EnrollmentStatus: device.enrollment ?? 'Enrolled',
		LastEnrolledOn: uemDate(device.enrolledOn),
		ComplianceStatus: device.compliance,
		CompromisedStatus: false,
		IsSupervised: device.platform === 'Apple',
	};
}

function deviceProfilesJson(fleet, device, paging, statusAsString) {
	const all = device.assignments.map(({ profile, status }) => ({
		Id: { Value: profile.id },
		Uuid: profile.uuid,
		Name: profile.name,
		Description: `${profile.name} (managed by IT)`,
		Status: statusAsString ? PROFILE_STATUS_NAMES[status] ?? String(status) : status,
		CurrentVersion: profile.version,
		InstalledProfileVersion: status === 3 ? profile.version : 0,
		AssignmentType: profile.groups ? 'Optional' : 'Auto',
		LocationGroupId: groupRef(fleet, profile.groupId),
	}));
	const page = pageOf(all, paging);
	if (page.length === 0) return NO_CONTENT;
	return ok({
		DeviceId: { Id: { Value: device.id }, Name: friendlyName(device), Uuid: device.uuid },
		DeviceProfiles: page,
		Page: paging.page,
		PageSize: paging.pageSize,
		Total: all.length,
	});
}

const DEVICE_SORT_KEYS = {
	id: (d) => d.id,
	lastseen: (d) => d.lastSeen,
	serialnumber: (d) => d.serialNumber,
	username: (d) => d.userName,
	model: (d) => d.model,
	platform: (d) => d.platform,
	devicefriendlyname: friendlyName,
	enrollmentdate: (d) => d.enrolledOn,
};

function searchDevices(fleet, query) {
	const paging = readPaging(query);
	if (paging.error) return paging.error;
	let list = fleet.devices;
	const contains = (value, needle) => value.toLowerCase().includes(String(needle).toLowerCase());
	if (query.user) list = list.filter((d) => contains(d.userName, query.user));
	if (query.model) list = list.filter((d) => contains(d.model, query.model));
	if (query.platform) list = list.filter((d) => d.platform.toLowerCase() === String(query.platform).toLowerCase());
	if (query.ownership) list = list.filter((d) => d.ownership.toLowerCase() === String(query.ownership).toLowerCase()[0]);
	if (query.compliantstatus) {
		const wanted = String(query.compliantstatus).toLowerCase();
		const asBoolean = { true: 'compliant', false: 'noncompliant' }[wanted] ?? wanted;
		list = list.filter((d) => d.compliance.toLowerCase() === asBoolean);
	}
	if (query.lgid) {
		const lgid = Number(query.lgid);
		if (!fleet.group(lgid)) return uemError(422, 1012, `Invalid organization group id ${query.lgid}.`);
		const ids = fleet.groupAndChildren(lgid);
		list = list.filter((d) => ids.has(d.groupId));
	}
	for (const [name, keep] of [
		['seensince', (d, at) => d.lastSeen >= at],
		// Our reading of `lastseen`: devices last seen on or before that date (unconfirmed).
		['lastseen', (d, at) => d.lastSeen <= at],
	]) {
		if (!query[name]) continue;
		const at = parseDate(String(query[name]));
		if (at === undefined) return uemError(422, 1012, `Invalid date in ${name}: ${query[name]}.`);
		list = list.filter((d) => keep(d, at));
	}
	const sortKey = DEVICE_SORT_KEYS[String(query.orderby ?? 'id').toLowerCase()];
	if (!sortKey) return uemError(422, 1012, `Invalid orderby column ${query.orderby}.`);
	const direction = String(query.sortorder ?? 'ASC').toUpperCase() === 'DESC' ? -1 : 1;
	list = [...list].sort((a, b) => (sortKey(a) < sortKey(b) ? -direction : sortKey(a) > sortKey(b) ? direction : 0));
	const page = pageOf(list, paging);
	if (page.length === 0) return NO_CONTENT;
	return ok({
		Devices: page.map((d) => deviceJson(fleet, d)),
		Page: paging.page,
		PageSize: paging.pageSize,
		Total: list.length,
	});
}

function lookupBy(table, fleet, query, nameOfParam) {
	const searchBy = table[String(query[nameOfParam.toLowerCase()] ?? '').toLowerCase()];
	if (!searchBy) {
		return { error: uemError(422, 5003, `Invalid ${nameOfParam} value '${query[nameOfParam.toLowerCase()] ?? ''}'.`) };
	}
	if (!query.id) return { error: uemError(422, 1012, 'Invalid query parameters: id is required.') };
	const device = fleet.find(searchBy, query.id);
	if (!device) return { error: uemError(404, 5002, 'Device not found.') };
	return { device };
}

function profileDevices(fleet, profile, query) {
	const paging = readPaging(query);
	if (paging.error) return paging.error;
	const status = String(query.profilestatus ?? '').toUpperCase();
	if (status !== 'INSTALLED' && status !== 'NOT_INSTALLED') {
		return uemError(422, 1012, 'Invalid query parameters: profilestatus must be INSTALLED or NOT_INSTALLED.');
	}
	const devices = fleet.devicesForProfile(profile, status === 'INSTALLED');
	const page = pageOf(devices, paging);
	if (page.length === 0) return NO_CONTENT;
	return ok({
		profileAssignedDevices: page.map((d) => ({ id: d.id, uuid: d.uuid, Links: [] })),
		TotalResults: devices.length,
	});
}

function searchProfiles(fleet, query) {
	const paging = readPaging(query);
	if (paging.error) return paging.error;
	let list = fleet.profiles;
	if (query.platform) list = list.filter((p) => p.platforms.some((x) => x.toLowerCase() === String(query.platform).toLowerCase()));
	if (query.searchtext) list = list.filter((p) => p.name.toLowerCase().includes(String(query.searchtext).toLowerCase()));
	const page = pageOf(list, paging);
	if (page.length === 0) return NO_CONTENT;
	return ok({
		ProfileList: page.map((p) => ({
			ProfileId: p.id,
			ProfileUuid: p.uuid,
			ProfileName: p.name,
			Platform: p.platforms.join(','),
			AssignmentType: p.groups ? 'Optional' : 'Auto',
			ProfileStatus: 'Active',
			ProfileVersion: p.version,
			LocationGroupId: p.groupId,
			OrganizationGroupUuid: fleet.group(p.groupId).uuid,
		})),
		Page: paging.page,
		PageSize: paging.pageSize,
		Total: list.length,
	});
}

/**
 * The route table. `versions` lists the API versions an endpoint really has; anything else is
 * served as version 1, quietly, like the real service. `handle` receives the request context.
 */
function createRoutes(options) {
	const { fleet, settings } = options;
	return [
		{
			name: 'systemInfo',
			pattern: /^\/api\/system\/info$/i,
			versions: [1],
			handle: () => ok({ ProductName: 'Workspace ONE UEM', ProductVersion: '25.6.0.1', Simulator: true }),
		},
		{
			name: 'deviceSearch',
			pattern: /^\/api\/mdm\/devices\/search$/i,
			versions: [1, 2],
			handle: ({ query }) => searchDevices(fleet, query),
		},
		{
			name: 'deviceProfilesByAlternateId',
			pattern: /^\/api\/mdm\/devices\/profiles$/i,
			versions: [1],
			handle: ({ query }) => {
				const found = lookupBy(PROFILES_SEARCH_BY, fleet, query, 'searchBy');
				if (found.error) return found.error;
				const paging = readPaging(query);
				if (paging.error) return paging.error;
				return deviceProfilesJson(fleet, found.device, paging, settings.profileStatusAsString);
			},
		},
		{
			name: 'deviceProfiles',
			pattern: /^\/api\/mdm\/devices\/([^/]+)\/profiles$/i,
			versions: [1],
			handle: ({ params, query }) => {
				if (!/^\d+$/.test(params[0])) return uemError(422, 1012, `Invalid device id '${params[0]}'.`);
				const device = fleet.find('id', params[0]);
				if (!device) return uemError(404, 5002, 'Device not found.');
				const paging = readPaging(query);
				if (paging.error) return paging.error;
				return deviceProfilesJson(fleet, device, paging, settings.profileStatusAsString);
			},
		},
		{
			name: 'deviceLookup',
			pattern: /^\/api\/mdm\/devices$/i,
			versions: [1],
			handle: ({ query }) => {
				const found = lookupBy(DEVICE_SEARCH_BY, fleet, query, 'searchby');
				return found.error ?? ok(deviceJson(fleet, found.device));
			},
		},
		{
			name: 'device',
			pattern: /^\/api\/mdm\/devices\/([^/]+)$/i,
			versions: [1, 2, 3],
			handle: ({ params, version }) => {
				const key = params[0];
				// v1 addresses devices by integer id, v2 and v3 by UUID.
				if (version === 1 && !/^\d+$/.test(key)) return uemError(422, 1012, `Invalid device id '${key}'.`);
				if (version > 1 && !UUID_PATTERN.test(key)) return uemError(422, 1012, `Invalid device uuid '${key}'.`);
				const device = version === 1 ? fleet.find('id', key) : fleet.find('uuid', key);
				return device ? ok(deviceJson(fleet, device)) : uemError(404, 5002, 'Device not found.');
			},
		},
		{
			name: 'profileSearch',
			pattern: /^\/api\/mdm\/profiles\/search$/i,
			versions: [1, 2],
			handle: ({ query }) => searchProfiles(fleet, query),
		},
		{
			name: 'profileDevices',
			pattern: /^\/api\/mdm\/profiles\/([^/]+)\/devices$/i,
			versions: [1],
			handle: ({ params, query }) => {
				if (!settings.profileEndpoints) return uemError(404, 8, 'Resource not found.');
				const profile = fleet.profileByUuid(params[0]);
				return profile ? profileDevices(fleet, profile, query) : uemError(404, 5061, 'Profile not found.');
			},
		},
		{
			name: 'profileSummary',
			pattern: /^\/api\/mdm\/profiles\/([^/]+)\/summary$/i,
			versions: [1],
			handle: ({ params }) => {
				if (!settings.profileEndpoints) return uemError(404, 8, 'Resource not found.');
				const profile = fleet.profileByUuid(params[0]);
				if (!profile) return uemError(404, 5061, 'Profile not found.');
				const installed = fleet.devicesForProfile(profile, true).length;
				const notInstalled = fleet.devicesForProfile(profile, false).length;
				return ok({ assigned: installed + notInstalled, installed, not_installed: notInstalled });
			},
		},
	];
}

module.exports = { createRoutes, uemError, deviceJson, friendlyName, readPaging, pageOf, uemDate, MAX_PAGE_SIZE };

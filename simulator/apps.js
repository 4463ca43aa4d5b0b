'use strict';
// Apps as UEM serves them: the app catalogue (`GET /api/mam/apps/search`, MAM v1), the devices an
// app is assigned to or installed on (`GET /api/mam/apps/{internal|public|purchased}/{id}/devices
// ?status=assigned|installed`, a list of device ids, as public clients read it), and one device's
// apps with their install status (`GET /api/mdm/devices/{id}/apps`). Paged, 204 when empty.

const { pageOf, readPaging, uemError } = require('./routes');

/** The simulator's choice: UEM's code for an unknown app is unconfirmed. */
const APP_NOT_FOUND = 5055;

/** UEM's DeviceType numbers, as its app search sends `Platform`. */
const PLATFORM_NUMBERS = { Apple: 2, Android: 5, AppleOsX: 10, WinRT: 12 };

/**
 * The simulator's numbering of install statuses, sent only with `appStatusAsCode`: UEM's integer
 * codes for a device's apps are unconfirmed, and the node must not depend on them.
 */
const STATUS_CODES = { Installed: 2, PendingInstall: 1, InstallFailed: 5, NotNow: 7 };
/** The statuses as a device's app list names them (UEM's console wording). */
const STATUS_NAMES = { Installed: 'Installed', PendingInstall: 'Pending Install', InstallFailed: 'Install Failed', NotNow: 'Not Now' };

const NO_CONTENT = { status: 204, body: null };

function appJson(fleet, app) {
	const assigned = fleet.devicesForApp(app, 'assigned').length;
	const installed = fleet.devicesForApp(app, 'installed').length;
	const owner = fleet.group(app.groups ? app.groups[0] : 570);
	return {
		Id: { Value: app.id },
		ApplicationName: app.name,
		BundleId: app.bundleId,
		AppVersion: app.version,
		ActualFileVersion: app.version,
		AppType: app.type,
		Status: 'Active',
		Platform: PLATFORM_NUMBERS[app.platform],
		SupportedModels: { Model: [{ ApplicationId: app.id, ModelId: PLATFORM_NUMBERS[app.platform], ModelName: app.platform }] },
		AssignmentStatus: 'Assigned',
		ApplicationSize: String(20_000 + app.id * 97),
		CategoryList: { Category: [] },
		SmartGroups: [],
		IsReimbursable: false,
		ApplicationSource: 0,
		LocationGroupId: owner.id,
		RootLocationGroupName: 'Global',
		OrganizationGroupUuid: owner.uuid,
		PushMode: 'Auto',
		AssignedDeviceCount: assigned,
		InstalledDeviceCount: installed,
		NotInstalledDeviceCount: assigned - installed,
		Uuid: app.uuid,
		IsDependencyFile: false,
	};
}

function searchApps(fleet, query) {
	const paging = readPaging(query);
	if (paging.error) return paging.error;
	let list = fleet.apps;
	if (query.applicationname) list = list.filter((app) => app.name.toLowerCase().includes(String(query.applicationname).toLowerCase()));
	if (query.platform) list = list.filter((app) => app.platform.toLowerCase() === String(query.platform).toLowerCase());
	if (query.applicationtype) list = list.filter((app) => app.type.toLowerCase() === String(query.applicationtype).toLowerCase());
	if (query.bundleid) list = list.filter((app) => app.bundleId.toLowerCase() === String(query.bundleid).toLowerCase());
	const page = pageOf(list, paging);
	if (page.length === 0) return NO_CONTENT;
	return { status: 200, body: { Application: page.map((app) => appJson(fleet, app)), Page: paging.page, PageSize: paging.pageSize, Total: list.length } };
}

/** Device ids by status, for an app of the path's kind: `assigned` (the default) or `installed`. */
function appDevices(fleet, settings, { params, query }) {
	if (!settings.appEndpoints) return uemError(404, 8, 'Resource not found.');
	const [kind, id] = params;
	if (!/^\d+$/.test(id)) return uemError(422, 1012, `Invalid application id '${id}'.`);
	const app = fleet.appById(id);
	if (!app || app.type.toLowerCase() !== kind.toLowerCase()) return uemError(404, APP_NOT_FOUND, 'Application not found.');
	const status = String(query.status ?? 'assigned').toLowerCase();
	if (status !== 'assigned' && status !== 'installed') return uemError(422, 1012, 'Invalid query parameters: status must be installed or assigned.');
	const paging = readPaging(query);
	if (paging.error) return paging.error;
	const ids = fleet.devicesForApp(app, status).map((device) => device.id);
	const page = pageOf(ids, paging);
	if (page.length === 0) return NO_CONTENT;
	return { status: 200, body: { DeviceId: page, Page: paging.page, PageSize: paging.pageSize, Total: ids.length } };
}

/** One device's apps: each assigned app it reports, with its install status (one not on the device is not listed). */
function deviceApps(fleet, settings, { params, query }) {
	if (!/^\d+$/.test(params[0])) return uemError(422, 1012, `Invalid device id '${params[0]}'.`);
	const device = fleet.find('id', params[0]);
	if (!device) return uemError(404, 5002, 'Device not found.');
	const paging = readPaging(query);
	if (paging.error) return paging.error;
	const listed = device.apps.filter((entry) => entry.status !== 'NotListed');
	const page = pageOf(listed, paging);
	if (page.length === 0) return NO_CONTENT;
	return {
		status: 200,
		body: {
			DeviceApps: page.map(({ app, status }) => ({
				ApplicationName: app.name,
				Version: status === 'Installed' ? app.version : '',
				BuildVersion: status === 'Installed' ? app.version.split('.').pop() : '',
				Status: settings.appStatusAsCode ? STATUS_CODES[status] : STATUS_NAMES[status],
				Size: 20_000 + app.id * 97,
				ApplicationIdentifier: app.bundleId,
				Type: app.type,
				IsManaged: true,
			})),
			Page: paging.page,
			PageSize: paging.pageSize,
			Total: listed.length,
		},
	};
}

function createAppRoutes({ fleet, settings }) {
	return [
		{ name: 'appSearch', pattern: /^\/api\/mam\/apps\/search$/i, versions: [1], handle: ({ query }) => searchApps(fleet, query) },
		{
			name: 'appDevices',
			pattern: /^\/api\/mam\/apps\/(internal|public|purchased)\/([^/]+)\/devices$/i,
			versions: [1],
			handle: (request) => appDevices(fleet, settings, request),
		},
		{ name: 'deviceApps', pattern: /^\/api\/mdm\/devices\/([^/]+)\/apps$/i, versions: [1], handle: (request) => deviceApps(fleet, settings, request) },
	];
}

module.exports = { createAppRoutes, APP_NOT_FOUND, PLATFORM_NUMBERS, STATUS_CODES, STATUS_NAMES };

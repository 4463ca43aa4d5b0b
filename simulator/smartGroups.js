'use strict';
// Smart groups as UEM serves them (`GET /api/mdm/smartgroups/search`, `GET /api/mdm/smartgroups/{id}/devices`,
// MDM API v1): the smart groups an organisation group manages or sees, by name, and the devices a
// smart group holds now (worked out from its criteria). Paged, 204 when empty.

const { deviceJson, pageOf, readPaging, uemError } = require('./routes');

/** The simulator's choice: UEM's code for an unknown smart group is unconfirmed. */
const SMART_GROUP_NOT_FOUND = 5041;

function smartGroupJson(fleet, group) {
	const manager = fleet.group(group.managedBy);
	return {
		SmartGroupID: group.id,
		SmartGroupUuid: group.uuid,
		Name: group.name,
		ManagedByOrganizationGroupID: manager.id,
		ManagedByOrganizationGroupUuid: manager.uuid,
		ManagedByOrganizationGroupName: manager.name,
		Devices: fleet.devicesOfSmartGroup(group).length,
		Assignments: 0,
		Exclusions: 0,
	};
}

function searchSmartGroups(fleet, query) {
	const paging = readPaging(query);
	if (paging.error) return paging.error;
	let list = fleet.smartGroups;
	if (query.name) list = list.filter((group) => group.name.toLowerCase().includes(String(query.name).toLowerCase()));
	if (query.organizationgroupid) {
		const groupId = Number(query.organizationgroupid);
		if (!fleet.group(groupId)) return uemError(422, 1012, `Invalid organization group id ${query.organizationgroupid}.`);
		// A group sees the smart groups it manages and those of the groups above it.
		const visible = fleet.groupAndAncestors(groupId);
		list = list.filter((group) => visible.has(group.managedBy));
	}
	const page = pageOf(list, paging);
	if (page.length === 0) return { status: 204, body: null };
	return { status: 200, body: { SmartGroups: page.map((group) => smartGroupJson(fleet, group)), Page: paging.page, PageSize: paging.pageSize, Total: list.length } };
}

function smartGroupDevices(fleet, { params, query }) {
	if (!/^\d+$/.test(params[0])) return uemError(422, 1012, `Invalid smart group id '${params[0]}'.`);
	const group = fleet.smartGroupById(params[0]);
	if (!group) return uemError(404, SMART_GROUP_NOT_FOUND, 'Smart group not found.');
	const paging = readPaging(query);
	if (paging.error) return paging.error;
	const devices = fleet.devicesOfSmartGroup(group);
	const page = pageOf(devices, paging);
	if (page.length === 0) return { status: 204, body: null };
	return { status: 200, body: { Devices: page.map((device) => deviceJson(fleet, device)), Page: paging.page, PageSize: paging.pageSize, Total: devices.length } };
}

function createSmartGroupRoutes({ fleet }) {
	return [
		{ name: 'smartGroupSearch', pattern: /^\/api\/mdm\/smartgroups\/search$/i, versions: [1], handle: ({ query }) => searchSmartGroups(fleet, query) },
		{ name: 'smartGroupDevices', pattern: /^\/api\/mdm\/smartgroups\/([^/]+)\/devices$/i, versions: [1], handle: (request) => smartGroupDevices(fleet, request) },
	];
}

module.exports = { createSmartGroupRoutes, SMART_GROUP_NOT_FOUND };

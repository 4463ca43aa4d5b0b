'use strict';
// Organization groups as UEM serves them: the groups the admin sees, by name
// (`GET /api/system/groups/search`, System API v1), paged, 204 when none matches; and the groups
// below one (`GET /api/system/groups/{id}/children`), a plain list that starts with the group
// itself, as a public client of the API reads it (it skips the first entry).

const { pageOf, readPaging, uemError } = require('./routes');

/** The simulator's choice: UEM's code for an unknown organization group is unconfirmed. */
const GROUP_NOT_FOUND = 5015;

/** A group as UEM's search lists it: numeric id, name, its group ID code, type and parent. */
function groupJson(fleet, group) {
	const parent = group.parentId === null ? undefined : fleet.group(group.parentId);
	return {
		Id: { Value: group.id },
		Name: group.name,
		GroupId: group.name.toLowerCase().replace(/[^a-z0-9]+/g, ''),
		LocationGroupType: group.parentId === null ? 'Customer' : 'Container',
		Uuid: group.uuid,
		...(parent ? { ParentLocationGroup: { Id: { Value: parent.id }, Name: parent.name, Uuid: parent.uuid } } : {}),
	};
}

function searchGroups(fleet, query) {
	const paging = readPaging(query);
	if (paging.error) return paging.error;
	const name = String(query.name ?? '').toLowerCase();
	const list = fleet.groups.filter((group) => group.name.toLowerCase().includes(name));
	const page = pageOf(list, paging);
	if (page.length === 0) return { status: 204, body: null };
	return {
		status: 200,
		body: { LocationGroups: page.map((group) => groupJson(fleet, group)), Page: paging.page, PageSize: paging.pageSize, Total: list.length },
	};
}

/** The group and every group below it, parents before their children: not paged. */
function childrenOf(fleet, id) {
	if (!/^\d+$/.test(id)) return uemError(422, 1012, `Invalid organization group id '${id}'.`);
	const group = fleet.group(Number(id));
	if (!group) return uemError(404, GROUP_NOT_FOUND, 'Organization group not found.');
	const tree = fleet.groupAndChildren(group.id);
	const depth = (candidate) => (candidate.parentId === null || candidate.id === group.id ? 0 : 1 + depth(fleet.group(candidate.parentId)));
	const below = fleet.groups.filter((candidate) => tree.has(candidate.id)).sort((a, b) => depth(a) - depth(b) || a.id - b.id);
	return { status: 200, body: below.map((candidate) => groupJson(fleet, candidate)) };
}

function createGroupRoutes({ fleet }) {
	return [
		{ name: 'groupSearch', pattern: /^\/api\/system\/groups\/search$/i, versions: [1, 2], handle: ({ query }) => searchGroups(fleet, query) },
		{ name: 'groupChildren', pattern: /^\/api\/system\/groups\/([^/]+)\/children$/i, versions: [1], handle: ({ params }) => childrenOf(fleet, params[0]) },
	];
}

module.exports = { createGroupRoutes, groupJson, GROUP_NOT_FOUND };

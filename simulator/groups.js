'use strict';
// Organization groups as UEM serves them: the groups the admin sees, by name
// (`GET /api/system/groups/search`, System API v1), paged, 204 when none matches.

const { pageOf, readPaging } = require('./routes');

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

function createGroupRoutes({ fleet }) {
	return [{ name: 'groupSearch', pattern: /^\/api\/system\/groups\/search$/i, versions: [1, 2], handle: ({ query }) => searchGroups(fleet, query) }];
}

module.exports = { createGroupRoutes, groupJson };

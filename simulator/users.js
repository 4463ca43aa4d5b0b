'use strict';
// Users as UEM serves them (`GET /api/system/users/search`, System API v1): the users the
// devices were enrolled by, found by parts of their user name, email, first or last name, or by
// organisation group; paged, 204 when none matches. Like UEM's device search, the name filters
// match any user whose value contains the text ("jdoe" also finds "jdoe2").

const { pageOf, readPaging, uemError } = require('./routes');

function userJson(fleet, user) {
	const group = fleet.group(user.groupId);
	return {
		Id: { Value: user.id },
		Uuid: user.uuid,
		UserName: user.userName,
		FirstName: user.firstName,
		LastName: user.lastName,
		DisplayName: `${user.firstName} ${user.lastName}`,
		Status: true,
		Email: user.email,
		EmailUserName: user.email,
		SecurityType: 1,
		ContactNumber: '',
		MobileNumber: user.phoneNumber,
		MessageType: 0,
		Group: group.name,
		LocationGroupId: String(group.id),
		OrganizationGroupUuid: group.uuid,
		Role: 'Full Access',
		EnrolledDevicesCount: String(user.devices.length),
		ExternalId: '',
		CustomAttribute1: '',
	};
}

function searchUsers(fleet, query) {
	const paging = readPaging(query);
	if (paging.error) return paging.error;
	let list = fleet.users();
	const contains = (value, needle) => value.toLowerCase().includes(String(needle).toLowerCase());
	for (const [name, of] of [
		['username', (user) => user.userName],
		['email', (user) => user.email],
		['firstname', (user) => user.firstName],
		['lastname', (user) => user.lastName],
	]) {
		if (query[name]) list = list.filter((user) => contains(of(user), query[name]));
	}
	if (query.organizationgroupid) {
		const groupId = Number(query.organizationgroupid);
		if (!fleet.group(groupId)) return uemError(422, 1012, `Invalid organization group id ${query.organizationgroupid}.`);
		const tree = fleet.groupAndChildren(groupId);
		list = list.filter((user) => tree.has(user.groupId));
	}
	const page = pageOf(list, paging);
	if (page.length === 0) return { status: 204, body: null };
	return { status: 200, body: { Users: page.map((user) => userJson(fleet, user)), Page: paging.page, PageSize: paging.pageSize, Total: list.length } };
}

function createUserRoutes({ fleet }) {
	return [{ name: 'userSearch', pattern: /^\/api\/system\/users\/search$/i, versions: [1], handle: ({ query }) => searchUsers(fleet, query) }];
}

module.exports = { createUserRoutes };

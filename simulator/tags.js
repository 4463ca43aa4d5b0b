'use strict';
// Tags as UEM serves them: the tags an organisation group sees (`GET /api/mdm/tags/search`), the
// devices that carry one (`GET /api/mdm/tags/{id}/devices`), and devices added to or taken off a tag
// in bulk (`POST /api/mdm/tags/{id}/adddevices` and `/removedevices`, body `{BulkValues:{Value:[…]}}`
// of device ids, answered with UEM's BulkResponse). Every value carried out is logged per device in
// the command log (`AddTag:<id>`, `RemoveTag:<id>`), so a test can prove that none arrived twice.

const { BULK_MAX_VALUES } = require('./commands');
const { friendlyName, pageOf, readPaging, uemDate, uemError } = require('./routes');

/** The simulator's choice: UEM's code for an unknown tag is unconfirmed (5061 is a profile's). */
const TAG_NOT_FOUND = 5071;

const NO_CONTENT = { status: 204, body: null };

/** The tag a path names, or the error UEM answers: 422 for an id that is not a number, 404 for an unknown one. */
function tagOfPath(fleet, id) {
	if (!/^\d+$/.test(id)) return { error: uemError(422, 1012, `Invalid tag id '${id}'.`) };
	const tag = fleet.tagById(id);
	return tag ? { tag } : { error: uemError(404, TAG_NOT_FOUND, 'Tag not found.') };
}

function searchTags(fleet, query) {
	const paging = readPaging(query);
	if (paging.error) return paging.error;
	// Without a group UEM searches the admin's own: here the tenant's root group.
	const groupId = query.organizationgroupid === undefined || query.organizationgroupid === ''
		? fleet.groups.find((group) => group.parentId === null).id
		: Number(query.organizationgroupid);
	if (!fleet.group(groupId)) return uemError(422, 1012, `Invalid organization group id ${query.organizationgroupid}.`);
	let list = fleet.tagsVisibleIn(groupId);
	if (query.name) list = list.filter((tag) => tag.name.toLowerCase().includes(String(query.name).toLowerCase()));
	if (query.tagtype !== undefined && query.tagtype !== '') {
		const type = Number(query.tagtype);
		if (!Number.isInteger(type)) return uemError(422, 1012, `Invalid tag type ${query.tagtype}.`);
		list = list.filter((tag) => tag.type === type);
	}
	const page = pageOf(list, paging);
	if (page.length === 0) return NO_CONTENT;
	return {
		status: 200,
		body: {
			Tags: page.map((tag) => ({
				Id: { Value: tag.id },
				TagName: tag.name,
				TagType: tag.type,
				LocationGroupId: tag.groupId,
				Uuid: tag.uuid,
				DateCreated: uemDate(tag.createdOn),
			})),
			Page: paging.page,
			PageSize: paging.pageSize,
			Total: list.length,
		},
	};
}

function tagDevices(fleet, { params, query }) {
	const found = tagOfPath(fleet, params[0]);
	if (found.error) return found.error;
	const paging = readPaging(query);
	if (paging.error) return paging.error;
	const devices = fleet.devicesOfTag(found.tag);
	const page = pageOf(devices, paging);
	if (page.length === 0) return NO_CONTENT;
	return {
		status: 200,
		body: {
			Device: page.map((device) => ({
				DeviceId: device.id,
				FriendlyName: friendlyName(device),
				DeviceUuid: device.uuid,
				TaggedDate: uemDate(fleet.taggedOn(found.tag, device)),
			})),
			Page: paging.page,
			PageSize: paging.pageSize,
			Total: devices.length,
		},
	};
}

/**
 * Adds devices to a tag or takes them off it. A device that already carries the tag (or does not)
 * is accepted and left as it is, as UEM does; an unknown device, or a value the fault knob picks,
 * is a fault of its own while the others go through.
 */
function tagBulk(fleet, log, faults, { params, body }, action) {
	const found = tagOfPath(fleet, params[0]);
	if (found.error) return found.error;
	const values = body?.BulkValues?.Value;
	if (!Array.isArray(values) || values.length === 0) return uemError(400, 1001, 'BulkValues.Value must list at least one device.');
	if (values.length > BULK_MAX_VALUES) return uemError(400, 1001, `At most ${BULK_MAX_VALUES} values in one bulk request.`);
	const fault = [];
	for (const value of values) {
		if (faults.bulkValueFault()) {
			fault.push({ ErrorCode: 1001, ItemValue: String(value), Message: 'The tag could not be changed on this device.' });
			continue;
		}
		const device = fleet.find('id', value);
		if (!device) {
			fault.push({ ErrorCode: 5002, ItemValue: String(value), Message: 'Device not found.' });
			continue;
		}
		log.entries.push({ deviceId: device.id, command: `${action}Tag:${found.tag.id}`, at: Date.now() });
		if (action === 'Add') fleet.tag(found.tag, device);
		else fleet.untag(found.tag, device);
	}
	return { status: 200, body: { TotalItems: values.length, AcceptedItems: values.length - fault.length, FailedItems: fault.length, Faults: { Fault: fault } } };
}

/** The tag routes; none of their patterns overlaps another route's. */
function createTagRoutes({ fleet, log, faults }) {
	return [
		{
			name: 'tagSearch',
			pattern: /^\/api\/mdm\/tags\/search$/i,
			versions: [1],
			handle: ({ query }) => searchTags(fleet, query),
		},
		{
			name: 'tagDevices',
			pattern: /^\/api\/mdm\/tags\/([^/]+)\/devices$/i,
			versions: [1],
			// `lastseen` is accepted and ignored: what it filters on here is unconfirmed.
			handle: (request) => tagDevices(fleet, request),
		},
		{
			name: 'tagAddDevices',
			method: 'POST',
			pattern: /^\/api\/mdm\/tags\/([^/]+)\/adddevices$/i,
			versions: [1],
			handle: (request) => tagBulk(fleet, log, faults, request, 'Add'),
		},
		{
			name: 'tagRemoveDevices',
			method: 'POST',
			pattern: /^\/api\/mdm\/tags\/([^/]+)\/removedevices$/i,
			versions: [1],
			handle: (request) => tagBulk(fleet, log, faults, request, 'Remove'),
		},
	];
}

module.exports = { createTagRoutes, TAG_NOT_FOUND };

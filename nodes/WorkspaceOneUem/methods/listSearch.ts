import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { recordIdOf } from '../transport/responseBody';
import { getDevice, searchDevicesPage } from '../uem/devices';
import { searchGroupsPage } from '../uem/groups';
import { searchProfilesPage } from '../uem/profiles';
import { searchTagsPage } from '../uem/tags';
import { chosenGroup, nextToken, pageOf, PICKER_PAGE, pickerClient } from './pickerPages';

function deviceEntry(record: IDataObject): INodeListSearchItems | undefined {
	const id = recordIdOf(record);
	if (id === undefined) return undefined;
	// UEM's friendly name often holds the user and the serial number already: each is added once.
	const name = [record.DeviceFriendlyName ?? record.Model, record.SerialNumber, record.UserName].reduce<string>((shown, part) => {
		if (typeof part !== 'string' || part === '' || shown.includes(part)) return shown;
		return shown === '' ? part : `${shown} · ${part}`;
	}, '');
	return { name: name || `Device ${id}`, value: String(id) };
}

/**
 * Devices for the Device picker: typed text is tried as a serial number (an exact lookup) and as
 * a user name (UEM's user filter, which also finds longer names); without text, every device, a
 * page at a time.
 */
export async function searchDevices(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const api = await pickerClient(this);
	const page = Number(paginationToken ?? 0);
	const text = (filter ?? '').trim();
	const found = await searchDevicesPage(api, text === '' ? {} : { user: text }, page, PICKER_PAGE);
	const records = [...found.devices];
	if (text !== '' && page === 0) {
		const bySerial = await getDevice(api, { type: 'serialNumber', value: text });
		if ('device' in bySerial) records.unshift(bySerial.device);
	}
	// Each device once (the serial number's may be on the page too), where it first came.
	const entries = new Map<string, INodeListSearchItems>();
	for (const record of records) {
		const entry = deviceEntry(record);
		if (entry && !entries.has(String(entry.value))) entries.set(String(entry.value), entry);
	}
	return { results: [...entries.values()], paginationToken: nextToken(page, found.more) };
}

/** Organization groups by name, for every Organization Group field: value is UEM's numeric id. */
export async function searchOrganizationGroups(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const page = pageOf(paginationToken);
	const found = await searchGroupsPage(await pickerClient(this), (filter ?? '').trim(), page, PICKER_PAGE);
	const results = found.groups.flatMap((group) => {
		const id = recordIdOf(group);
		return id === undefined ? [] : [{ name: `${String(group.Name ?? id)}${group.GroupId ? ` (${String(group.GroupId)})` : ''}`, value: String(id) }];
	});
	return { results, paginationToken: nextToken(page, found.more) };
}

/** Profiles by name, for Install on Device and Remove From Device: value is UEM's numeric profile id. */
export async function searchProfiles(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const page = pageOf(paginationToken);
	const found = await searchProfilesPage(await pickerClient(this), (filter ?? '').trim(), page, PICKER_PAGE);
	const results = found.profiles.map((profile) => ({ name: profile.platform ? `${profile.name} (${profile.platform})` : profile.name, value: String(profile.id) }));
	return { results, paginationToken: nextToken(page, found.more) };
}

/** Tags by name, of the node's organization group where it has one, else of the OAuth client's: value is UEM's numeric tag id. */
export async function searchTags(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const page = pageOf(paginationToken);
	const qs = { name: (filter ?? '').trim(), organizationgroupid: chosenGroup(this) };
	const found = await searchTagsPage(await pickerClient(this), qs, page, PICKER_PAGE);
	const results = found.tags.flatMap((tag: IDataObject) => (tag.tagId === null ? [] : [{ name: String(tag.TagName ?? tag.Name ?? tag.tagId), value: String(tag.tagId) }]));
	return { results, paginationToken: nextToken(page, found.more) };
}

export { searchApps, searchSmartGroups } from './readListSearch';

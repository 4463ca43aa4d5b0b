import type { IDataObject } from 'n8n-workflow';

import type { QueryValue, UemApi } from '../transport/calls';
import { listAll } from '../transport/paging';
import { isRecord, recordIdOf } from '../transport/responseBody';
import { walkDeviceSearch } from './devices';

/** The users UEM's user search finds (`GET /api/system/users/search`, System API v1), as UEM sends them, up to `limit`. */
export async function searchUsers(api: UemApi, qs: Record<string, QueryValue>, limit?: number): Promise<IDataObject[]> {
	const items = await listAll(api, { path: '/api/system/users/search', qs, version: 1, itemsKey: 'Users', totalKey: 'Total' }, limit);
	return items.filter(isRecord) as IDataObject[];
}

/** UEM sends some numbers of a user record as text ("3"): a number either way, or null. */
function numberOf(value: unknown): number | null {
	const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) ? number : null;
}

/** An organization group id as UEM gives it in a user record: "571", 571, `{Id: {Value: 571}}` or `{Value: 571}`. */
function groupIdOf(value: unknown): number | null {
	if (!isRecord(value)) return numberOf(value);
	const id = isRecord(value.Id) ? value.Id.Value : (value.Id ?? value.Value);
	return numberOf(id);
}

/**
 * The fields of a user record that workflows use most, flat: the numeric id as `userId`, names,
 * contact, group and the count of enrolled devices. UEM's whole record has some 20 fields.
 */
export function simplifyUser(record: IDataObject): IDataObject {
	return {
		userId: recordIdOf(record) ?? null,
		uuid: record.Uuid ?? null,
		userName: record.UserName ?? null,
		email: record.Email ?? null,
		firstName: record.FirstName ?? null,
		lastName: record.LastName ?? null,
		displayName: record.DisplayName ?? null,
		active: typeof record.Status === 'boolean' ? record.Status : null,
		phoneNumber: record.MobileNumber || record.ContactNumber || null,
		organizationGroupId: groupIdOf(record.LocationGroupId),
		organizationGroupName: record.Group ?? null,
		role: record.Role ?? null,
		enrolledDevices: numberOf(record.EnrolledDevicesCount),
	} as IDataObject;
}

/**
 * The devices enrolled by exactly this user (any case): UEM's device search filter `user` also
 * finds longer names ("jdoe" finds "jdoe2"), so its results are kept only where the name is the same.
 */
export async function devicesOfUser(api: UemApi, userName: string): Promise<IDataObject[]> {
	const wanted = userName.toLowerCase();
	const devices: IDataObject[] = [];
	await walkDeviceSearch(api, { user: userName, orderby: 'Id' }, (page) => {
		for (const device of page) if (String(device.record.UserName ?? '').toLowerCase() === wanted) devices.push(device.record);
	});
	return devices;
}

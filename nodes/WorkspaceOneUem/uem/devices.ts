import { NodeOperationError, type IDataObject, type INode, type INodePropertyOptions } from 'n8n-workflow';

import type { CallRecord, QueryValue, UemAnswer, UemApi, UemCall } from '../transport/calls';
import { forEachPage, listAll, MAX_PAGE_SIZE, readPage } from '../transport/paging';
import { isRecord, recordIdOf } from '../transport/responseBody';
import { uemHttpError, unexpectedShapeError } from '../transport/uemErrors';

export type DeviceIdType = 'deviceId' | 'serialNumber' | 'udid' | 'macAddress' | 'imei' | 'easId' | 'uuid';

export interface DeviceIdentifier {
	type: DeviceIdType;
	value: string;
}

/** How UEM's `searchby` lookup names each alternate id. */
export const SEARCH_BY: Readonly<Record<Exclude<DeviceIdType, 'deviceId' | 'uuid'>, string>> = {
	serialNumber: 'Serialnumber',
	udid: 'Udid',
	macAddress: 'Macaddress',
	imei: 'ImeiNumber',
	easId: 'EasId',
};

/** How `searchby` names an identifier; undefined for a device id or a UUID, which UEM takes in the path. */
export function searchByOf(type: DeviceIdType): string | undefined {
	return type === 'deviceId' || type === 'uuid' ? undefined : SEARCH_BY[type];
}

export const DEVICE_ID_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Device ID', value: 'deviceId', description: "UEM's numeric device ID, e.g. 12345" },
	{ name: 'Serial Number', value: 'serialNumber' },
	{ name: 'UDID', value: 'udid' },
	{ name: 'MAC Address', value: 'macAddress', description: 'Wi-Fi MAC address, with or without separators' },
	{ name: 'IMEI', value: 'imei' },
	{ name: 'EAS ID', value: 'easId', description: 'Exchange ActiveSync device ID' },
];

export const UUID_OPTION: INodePropertyOptions = {
	name: 'Device UUID',
	value: 'uuid',
	description: 'The device UUID (uses API version 2)',
};

/** Each kind's name as the options show it, in their order (which the "must be one of" error lists). */
const LABELS: Record<string, string> = Object.fromEntries([...DEVICE_ID_TYPE_OPTIONS, UUID_OPTION].map(({ value, name }) => [value, name]));

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function labelOf(type: DeviceIdType): string {
	return LABELS[type] ?? type;
}

/** Checks the identifier an item names, before any request. */
export function parseDeviceIdentifier(node: INode, type: DeviceIdType, raw: unknown): DeviceIdentifier {
	if (!Object.prototype.hasOwnProperty.call(LABELS, type)) {
		throw new NodeOperationError(node, `Unknown kind of device identifier "${String(type)}"`, {
			description: `Look Up Device By must be one of: ${Object.keys(LABELS).join(', ')}.`,
		});
	}
	const value = raw === undefined || raw === null ? '' : String(raw).trim();
	const label = labelOf(type);
	if (value === '') {
		throw new NodeOperationError(node, `${label} is empty`, {
			description: `The "${label}" field resolved to an empty value for this item. If it is an expression, check that the input item has that field.`,
		});
	}
	if (type === 'deviceId' && !/^\d+$/.test(value)) {
		throw new NodeOperationError(node, `Device ID must be a whole number, got "${value}"`, {
			description: 'Use the numeric ID UEM shows for the device (Id.Value in a device search), or look the device up by serial number or another ID.',
		});
	}
	if (type === 'uuid' && !UUID_PATTERN.test(value)) throw new NodeOperationError(node, `Device UUID is not a UUID: "${value}"`);
	return { type, value };
}

/** The endpoint for one device: by id (v1), by UUID (v2), or UEM's `searchby` lookup (v1). */
export function deviceCall(identifier: DeviceIdentifier, version?: number): UemCall {
	if (identifier.type === 'deviceId') return { path: `/api/mdm/devices/${identifier.value}`, version: version ?? 1 };
	if (identifier.type === 'uuid') return { path: `/api/mdm/devices/${identifier.value}`, version: version ?? 2 };
	return { path: '/api/mdm/devices', qs: { searchby: SEARCH_BY[identifier.type], id: identifier.value }, version: version ?? 1 };
}

/** One device record, or the answer that said there is none (404, or a lookup answering 204). */
export async function getDevice(
	api: UemApi,
	identifier: DeviceIdentifier,
	version?: number,
): Promise<{ device: IDataObject; call: CallRecord } | { absent: UemAnswer }> {
	const answer = await api.get(deviceCall(identifier, version));
	if (answer.kind !== 'ok') return { absent: answer };
	if (!isRecord(answer.body)) throw unexpectedShapeError(api.node, answer.call, 'a device');
	return { device: answer.body as IDataObject, call: answer.call };
}

/**
 * The numeric id of the device an identifier names, read with one lookup (none for a Device ID),
 * for endpoints that take fewer identifiers than the lookup; or the answer saying there is none.
 */
export async function lookUpDeviceId(
	api: UemApi,
	identifier: DeviceIdentifier,
): Promise<{ identifier: DeviceIdentifier & { type: 'deviceId' } } | { absent: UemAnswer }> {
	if (identifier.type === 'deviceId') return { identifier: { type: 'deviceId', value: identifier.value } };
	const found = await getDevice(api, identifier);
	if ('absent' in found) return found;
	const id = recordIdOf(found.device);
	if (id === undefined) throw unexpectedShapeError(api.node, found.call, 'a device Id');
	return { identifier: { type: 'deviceId', value: String(id) } };
}

/** A call about one device, with its numeric id where known; or the answer that said there is no such device. */
export type DeviceCallOrAbsent = { call: UemCall; deviceId?: number } | { absent: UemAnswer };

/** A call that names the device by its numeric id, built once the id is known (read first for any other identifier). */
export async function callByDeviceId(api: UemApi, identifier: DeviceIdentifier, build: (deviceId: string) => UemCall): Promise<DeviceCallOrAbsent> {
	const resolved = await lookUpDeviceId(api, identifier);
	if ('absent' in resolved) return resolved;
	return { call: build(resolved.identifier.value), deviceId: Number(resolved.identifier.value) };
}

const SEARCH = { path: '/api/mdm/devices/search', itemsKey: 'Devices', totalKey: 'Total' };

/** Device search records as UEM sends them (v1 unless asked), up to `limit`. */
export async function searchDevices(api: UemApi, qs: Record<string, QueryValue>, limit?: number, version = 1): Promise<IDataObject[]> {
	const items = await listAll(api, { ...SEARCH, qs, version }, limit);
	return items as IDataObject[];
}

/** One page of a device search (v1), for the Device picker. */
export async function searchDevicesPage(api: UemApi, qs: Record<string, QueryValue>, page: number, pageSize: number): Promise<{ devices: IDataObject[]; more: boolean }> {
	const answer = await readPage(api, { ...SEARCH, qs, version: 1 }, page, pageSize);
	if ('found' in answer) throw uemHttpError(api.node, answer.call, answer.status, answer.error);
	return { devices: answer.items.filter(isRecord) as IDataObject[], more: answer.more };
}

export interface FoundDevice {
	id: number;
	record: IDataObject;
}

/**
 * Walks device search pages (v1) with the query given, handing each page's devices to `onPage`
 * until it returns false or the search ends. A device without a numeric id is an error.
 */
export async function walkDeviceSearch(
	api: UemApi,
	qs: Record<string, QueryValue>,
	onPage: (devices: FoundDevice[]) => boolean | void,
	{ pageSize = MAX_PAGE_SIZE, version = 1 }: { pageSize?: number; version?: number } = {},
): Promise<void> {
	const walk = await forEachPage(
		api,
		{ ...SEARCH, qs, version },
		(list, call) =>
			onPage(
				list.map((record) => {
					const id = recordIdOf(record);
					if (id === undefined) throw unexpectedShapeError(api.node, call, 'a numeric Id for every device');
					return { id, record: record as IDataObject };
				}),
			),
		pageSize,
	);
	if (!walk.found) throw uemHttpError(api.node, walk.call, walk.status, walk.error);
}

/**
 * Every device id of the tenant (or of a group and platform), one call per 500. Sorted by id so
 * that devices enrolled during the read do not shift later pages.
 */
export async function allDeviceIds(api: UemApi, scope: Record<string, QueryValue> = {}, version = 1): Promise<number[]> {
	const ids: number[] = [];
	await walkDeviceSearch(api, { ...scope, orderby: 'Id' }, (devices) => void devices.forEach((device) => ids.push(device.id)), { version });
	return ids;
}

function valueOf(field: unknown): unknown {
	return isRecord(field) ? (field.Value ?? field.Id) : field;
}

/**
 * The fields of a device record that workflows use most, flat, with UEM's names in camelCase and
 * the numeric id as `deviceId` (what every Device field's default reads). UEM's whole record has
 * some 30 fields, nested ids among them.
 */
export function simplifyDevice(record: IDataObject): IDataObject {
	const group = record.LocationGroupId;
	return {
		deviceId: recordIdOf(record) ?? null,
		uuid: record.Uuid ?? null,
		name: record.DeviceFriendlyName ?? null,
		serialNumber: record.SerialNumber ?? null,
		udid: record.Udid ?? null,
		userName: record.UserName ?? null,
		userEmail: record.UserEmailAddress ?? null,
		platform: record.Platform ?? null,
		model: record.Model ?? null,
		osVersion: record.OperatingSystem ?? null,
		ownership: record.Ownership ?? null,
		enrollmentStatus: record.EnrollmentStatus ?? null,
		complianceStatus: record.ComplianceStatus ?? null,
		lastSeen: record.LastSeen ?? null,
		organizationGroupId: (valueOf(isRecord(group) ? group.Id : group) as IDataObject['organizationGroupId']) ?? null,
		organizationGroupName: record.LocationGroupName ?? (isRecord(group) ? group.Name : undefined) ?? null,
	} as IDataObject;
}

import { NodeOperationError, type INode, type INodePropertyOptions } from 'n8n-workflow';

import type { UemApi, UemCall } from '../transport/calls';
import type { UemErrorBody } from '../transport/uemErrors';
import { field, isRecord } from '../transport/responseBody';
import { callByDeviceId, lookUpDeviceId, searchByOf, type DeviceCallOrAbsent, type DeviceIdentifier, type DeviceIdType } from './devices';

export interface DeviceCommand {
	/** UEM's name, sent as `command=`. */
	value: string;
	/** What the user sees and types to confirm it. */
	name: string;
	/** Loses the user's data or access, or takes the device out of use: confirmed and capped. */
	destructive: boolean;
	description: string;
}

export const DEVICE_COMMANDS: readonly DeviceCommand[] = [
	{ value: 'DeviceQuery', name: 'Device Query', destructive: false, description: 'Ask the device to report its details, apps and profiles now' },
	{ value: 'SyncDevice', name: 'Sync Device', destructive: false, description: 'Ask the device to check in and pick up pending commands' },
	{ value: 'Lock', name: 'Lock', destructive: false, description: 'Lock the screen; the user unlocks it with their passcode' },
	{ value: 'SoftReset', name: 'Soft Reset', destructive: false, description: 'Restart the device' },
	{ value: 'Shutdown', name: 'Shutdown', destructive: true, description: 'Power the device off; someone must switch it on again' },
	{ value: 'ClearPasscode', name: 'Clear Passcode', destructive: true, description: "Remove the device's passcode: anyone holding it can open it" },
	{ value: 'EnterpriseWipe', name: 'Enterprise Wipe', destructive: true, description: "Remove UEM's profiles, apps and data and unenrol the device; the user's own data stays" },
	{ value: 'DeviceWipe', name: 'Device Wipe', destructive: true, description: 'Erase the whole device to factory settings' },
];

export const DEVICE_COMMAND_OPTIONS: INodePropertyOptions[] = DEVICE_COMMANDS.map(({ name, value, description }) => ({ name, value, description }));

/** Letters and digits only, lower-cased: "Enterprise Wipe", "enterprise-wipe" and "EnterpriseWipe" are one name. */
export function squeezed(text: string): string {
	return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const COMMANDS_BY_NAME = new Map(DEVICE_COMMANDS.flatMap((command) => [[squeezed(command.value), command] as const, [squeezed(command.name), command] as const]));

/** The command a name means, by UEM's name or the one shown, in any case and spacing; undefined for none. */
export function findDeviceCommand(raw: unknown): DeviceCommand | undefined {
	return COMMANDS_BY_NAME.get(squeezed(String(raw ?? '')));
}

/** The command an item names, by UEM's name or the one shown (an expression may give either); else a clear error. */
export function parseDeviceCommand(node: INode, raw: unknown): DeviceCommand {
	const command = findDeviceCommand(raw);
	if (!command) {
		throw new NodeOperationError(node, `Unknown device command "${String(raw ?? '')}"`, {
			description: `Use one of: ${DEVICE_COMMANDS.map((candidate) => candidate.value).join(', ')}.`,
		});
	}
	return command;
}

function commandToDeviceId(command: DeviceCommand): (deviceId: string) => UemCall {
	return (deviceId) => ({ method: 'POST', path: `/api/mdm/devices/${deviceId}/commands`, qs: { command: command.value }, version: 1 });
}

/**
 * The request that sends a command to a device, and its numeric id where known: by UEM's
 * `searchby` where the endpoint takes the identifier as it is, else (an EAS ID, a UUID, or when
 * `withDeviceId` asks for the id, for a note) by id, read first (harmless, also in a dry run);
 * or the answer saying there is no such device.
 */
export async function commandCallFor(api: UemApi, identifier: DeviceIdentifier, command: DeviceCommand, withDeviceId = false): Promise<DeviceCallOrAbsent> {
	// The command endpoint's `searchby` takes the lookup's ids but the EAS ID (it and a UUID are read first).
	const searchby = identifier.type === 'easId' ? undefined : searchByOf(identifier.type);
	if (searchby !== undefined && !withDeviceId) {
		return { call: { method: 'POST', path: '/api/mdm/devices/commands', qs: { command: command.value, searchby, id: identifier.value }, version: 1 } };
	}
	return await callByDeviceId(api, identifier, commandToDeviceId(command));
}

/** The request that deletes a device record (`DELETE /api/mdm/devices/{id}`): the id read first for any other identifier. */
export async function deleteCallFor(api: UemApi, identifier: DeviceIdentifier): Promise<DeviceCallOrAbsent> {
	return await callByDeviceId(api, identifier, (deviceId) => ({ method: 'DELETE', path: `/api/mdm/devices/${deviceId}`, version: 1 }));
}

/**
 * Devices per bulk command. UEM's limit is not documented where we could read it; 500 is its page
 * size everywhere else, and 10,000 devices then take 20 calls.
 */
export const BULK_CHUNK = 500;

/** The identifiers the bulk command endpoint's `searchby` takes; the others are read first. */
const BULK_SEARCH_BY: Partial<Record<DeviceIdType, string>> = { deviceId: 'DeviceId', serialNumber: 'Serialnumber', udid: 'Udid' };

export function bulkSearchBy(type: DeviceIdType): string | undefined {
	return BULK_SEARCH_BY[type];
}

/** One command to many devices: `POST /api/mdm/devices/commands/bulk?command=X&searchby=Y`, body `{"BulkValues":{"Value":[…]}}`. */
export function bulkCommandCall(command: DeviceCommand, searchby: string, values: string[]): UemCall {
	return { method: 'POST', path: '/api/mdm/devices/commands/bulk', qs: { command: command.value, searchby }, body: { BulkValues: { Value: values } }, version: 1 };
}

/** UEM's fault for one value of a bulk call, as an error body. */
export type BulkFault = UemErrorBody;

/**
 * The values a bulk answer says were not carried out, by value (lower-cased), read from
 * `Faults.Fault[]` (UEM's BulkResponse) or a bare `Faults[]`, whatever the keys' case.
 */
export function bulkFaults(body: unknown): Map<string, BulkFault> {
	const faults = new Map<string, BulkFault>();
	if (!isRecord(body)) return faults;
	const container = field(body, 'Faults');
	const list = Array.isArray(container) ? container : isRecord(container) ? field(container, 'Fault') : undefined;
	if (!Array.isArray(list)) return faults;
	for (const entry of list) {
		if (!isRecord(entry)) continue;
		const value = field(entry, 'ItemValue');
		if (value === undefined || value === null) continue;
		const message = field(entry, 'Message');
		const errorCode = field(entry, 'ErrorCode');
		faults.set(String(value).toLowerCase(), {
			errorCode: typeof errorCode === 'number' || typeof errorCode === 'string' ? errorCode : undefined,
			message: typeof message === 'string' ? message : undefined,
		});
	}
	return faults;
}

export type ProfileAction = 'install' | 'remove';

/** How UEM's profile install and removal name the device in their body; other identifiers are read first. */
const PROFILE_BODY_KEYS: Partial<Record<DeviceIdType, string>> = {
	deviceId: 'DeviceId',
	serialNumber: 'SerialNumber',
	udid: 'Udid',
	macAddress: 'MacAddress',
};

/**
 * The request that installs a profile on a device or removes it (`POST /api/mdm/profiles/{id}/install`
 * or `/remove`, body `{"DeviceId": n}` or the device's serial number, UDID or MAC address): a read
 * first for an IMEI, an EAS ID or a UUID, or the answer saying there is no such device.
 */
export async function profileActionCallFor(api: UemApi, action: ProfileAction, profileId: string, identifier: DeviceIdentifier): Promise<DeviceCallOrAbsent> {
	let target = identifier;
	if (PROFILE_BODY_KEYS[identifier.type] === undefined) {
		const resolved = await lookUpDeviceId(api, identifier);
		if ('absent' in resolved) return resolved;
		target = resolved.identifier;
	}
	const deviceId = target.type === 'deviceId' ? Number(target.value) : undefined;
	const body = { [PROFILE_BODY_KEYS[target.type] as string]: deviceId ?? target.value };
	return { call: { method: 'POST', path: `/api/mdm/profiles/${profileId}/${action}`, body, version: 1 }, deviceId };
}

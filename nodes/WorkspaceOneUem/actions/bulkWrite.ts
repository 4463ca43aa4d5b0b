import { NodeApiError, NodeOperationError, type IDataObject, type INode, type JsonObject } from 'n8n-workflow';

import { mapInPool } from '../helpers/taskPool';
import { describeCall, type UemApi, type UemCall } from '../transport/calls';
import { deviceNotFoundError, uemHttpError } from '../transport/uemErrors';
import { BULK_CHUNK, bulkFaults, type BulkFault } from '../uem/commands';
import { labelOf, lookUpDeviceId, type DeviceIdentifier, type DeviceIdType } from '../uem/devices';
import type { BatchResult } from './node.type';

/** One item of a bulk write, read and checked. */
export interface BulkItem {
	itemIndex: number;
	/** Items with the same key share bulk calls: one command, one tag and action. */
	key: string;
	/** As the item named the device; `sentAs` is what the call lists (the device id when `identifier` needed a read). */
	identifier: DeviceIdentifier;
	sentAs?: DeviceIdentifier;
	/** The item's first output fields: what it asks for, and the device as the item named it. The engine adds the outcome to it. */
	output: IDataObject;
	refusal?: { message: string };
	skipIfNotFound: boolean;
}

/** What an operation tells the engine about its endpoint. */
export interface BulkEndpoint {
	/** How the endpoint's `searchby` names an identifier it takes as it is; others are read first to a device id. */
	takes(type: DeviceIdType): string | undefined;
	/** The call for up to 500 values of one kind, for the items of one key. */
	call(first: BulkItem, searchby: string, values: string[]): UemCall;
	/**
	 * Put before each of an item's errors, e.g. "Lock to Serial Number C02…", so a person knows
	 * which device it concerns. Asked only for an error: 10,000 items need no 10,000 strings.
	 */
	target(item: BulkItem): string;
}

/** The same error, for one item: each item gets its own (the router stamps the item index on it). */
function errorFor(node: INode, error: unknown, target: string): Error {
	if (error instanceof NodeApiError) {
		return new NodeApiError(node, { ...(error.errorResponse ?? {}) } as JsonObject, {
			message: `${target}: ${error.message}`,
			description: error.description ?? undefined,
			httpCode: error.httpCode ?? undefined,
		});
	}
	return new NodeOperationError(node, `${target}: ${(error as Error).message}`);
}

/** The item's output with the device id where known and `outcome`, built on the item's own object (a run of 10,000 items copies none). */
function outputWith(item: BulkItem, outcome: IDataObject): IDataObject[] {
	if (item.sentAs?.type === 'deviceId') item.output.deviceId = Number(item.sentAs.value);
	return [Object.assign(item.output, outcome)];
}

/** The output of one item, its device among those of one bulk call whose answer listed `faults`. */
function outcomeOf(
	api: UemApi,
	endpoint: BulkEndpoint,
	item: BulkItem,
	sent: { call: string; status: number; inBulkOf: number },
	faults: Map<string, BulkFault>,
): IDataObject[] | Error {
	const fault = faults.size === 0 ? undefined : faults.get(String(item.sentAs?.value).toLowerCase());
	if (fault) {
		const response = { httpCode: null, errorCode: (fault.errorCode ?? null) as JsonObject['errorCode'], message: fault.message ?? null, request: sent.call, attempts: 1 };
		return new NodeApiError(api.node, response as JsonObject, {
			message: `${endpoint.target(item)}: UEM did not carry it out (${fault.errorCode === undefined ? '' : `error ${String(fault.errorCode)}, `}${fault.message ?? 'no reason given'})`,
			description: `Its bulk call (${sent.inBulkOf} devices) was answered; the other devices of it are reported on their own items.`,
		});
	}
	return outputWith(item, { sent: sent.call, status: sent.status, inBulkOf: sent.inBulkOf });
}

/**
 * Sends one bulk call for `chunk` (one key, one kind of identifier, each device listed once: items
 * naming the same device share its outcome), or in a dry run shows it.
 */
async function sendChunk(api: UemApi, endpoint: BulkEndpoint, chunk: BulkItem[][], results: BatchResult, dryRun: boolean): Promise<void> {
	const first = chunk[0][0];
	const searchby = endpoint.takes((first.sentAs as DeviceIdentifier).type) as string;
	const call = endpoint.call(first, searchby, chunk.map((sameDevice) => (sameDevice[0].sentAs as DeviceIdentifier).value));
	const items = chunk.flat();
	if (dryRun) {
		// Not the body: it lists every device of the call, and each device's item is already one of them.
		const wouldSend = describeCall(call);
		for (const item of items) {
			const [output] = outputWith(item, { wouldSend, inBulkOf: chunk.length, ...(item.refusal ? { wouldBeRefused: item.refusal.message } : {}) });
			results[item.itemIndex] = [{ dryRun: true, ...output }];
		}
		return;
	}
	try {
		const answer = await api.send(call);
		if (answer.kind === 'missing') {
			const error = uemHttpError(api.node, answer.call, answer.status, answer.error);
			for (const item of items) results[item.itemIndex] = errorFor(api.node, error, endpoint.target(item));
			return;
		}
		const sent = { call: `${answer.call.method} ${answer.call.path}`, status: answer.status, inBulkOf: chunk.length };
		const faults = bulkFaults(answer.kind === 'ok' ? answer.body : undefined);
		for (const item of items) results[item.itemIndex] = outcomeOf(api, endpoint, item, sent, faults);
	} catch (error) {
		// Not sent again: each device of the call gets the error (an "outcome unknown" names its device).
		for (const item of items) results[item.itemIndex] = errorFor(api.node, error, endpoint.target(item));
	}
}

/** Devices named by an identifier the endpoint does not take are read, once each; a device UEM does not have fails its item. */
async function resolveDevices(api: UemApi, endpoint: BulkEndpoint, planned: BulkItem[], results: BatchResult): Promise<void> {
	const unread: BulkItem[] = [];
	for (const item of planned) {
		if (endpoint.takes(item.identifier.type) === undefined) unread.push(item);
		else item.sentAs = item.identifier;
	}
	await mapInPool(unread.length, api.concurrency, async (index) => {
		const item = unread[index];
		try {
			const found = await lookUpDeviceId(api, item.identifier);
			if ('absent' in found) {
				const uem = found.absent.kind === 'missing' ? found.absent.error : {};
				results[item.itemIndex] = item.skipIfNotFound
					? []
					: deviceNotFoundError(api.node, found.absent.call, { label: labelOf(item.identifier.type), value: item.identifier.value }, uem);
			} else item.sentAs = found.identifier;
		} catch (error) {
			results[item.itemIndex] = error as Error;
		}
	});
}

/** The planned items in calls of up to 500 devices: by key and kind of identifier, each device once. */
function chunksOf(planned: BulkItem[]): BulkItem[][][] {
	const groups = new Map<string, Map<string, BulkItem[]>>();
	for (const item of planned) {
		if (!item.sentAs) continue;
		const group = `${item.key}|${item.sentAs.type}`;
		let devices = groups.get(group);
		if (!devices) groups.set(group, (devices = new Map()));
		const device = item.sentAs.value.toLowerCase();
		const sameDevice = devices.get(device);
		if (sameDevice) sameDevice.push(item);
		else devices.set(device, [item]);
	}
	const chunks: BulkItem[][][] = [];
	for (const devices of groups.values()) {
		const list = [...devices.values()];
		for (let start = 0; start < list.length; start += BULK_CHUNK) chunks.push(list.slice(start, start + BULK_CHUNK));
	}
	return chunks;
}

/**
 * A run's writes in bulk calls: the items were read and checked by the operation (a bad one
 * fails alone, in `results`); devices the endpoint cannot take as named are read, then each key's
 * devices go out in calls of up to 500, each call once. Every device's outcome lands on its own item.
 */
export function bulkWrite(endpoint: BulkEndpoint, planned: BulkItem[], results: BatchResult, dryRun: boolean) {
	return async (api: UemApi): Promise<BatchResult> => {
		await resolveDevices(api, endpoint, planned, results);
		const chunks = chunksOf(planned);
		await mapInPool(chunks.length, api.concurrency, async (index) => await sendChunk(api, endpoint, chunks[index], results, dryRun));
		return results;
	};
}

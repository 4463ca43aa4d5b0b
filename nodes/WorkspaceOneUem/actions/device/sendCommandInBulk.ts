import { NodeApiError, NodeOperationError, type IDataObject, type IExecuteFunctions, type INode, type JsonObject } from 'n8n-workflow';

import { mapInPool } from '../../helpers/taskPool';
import { describeCall, type UemApi } from '../../transport/calls';
import { deviceNotFoundError, uemHttpError } from '../../transport/uemErrors';
import { BULK_CHUNK, bulkCommandCall, bulkFaults, bulkSearchBy, findDeviceCommand, parseDeviceCommand, type DeviceCommand } from '../../uem/commands';
import { labelOf, lookUpDeviceId, parseDeviceIdentifier, type DeviceIdentifier, type DeviceIdType } from '../../uem/devices';
import type { BatchResult } from '../node.type';
import { checkWrite } from '../writeGuards';

/** The Device field's default: the device ID of a Device Search or Get Fleet Status item. */
export const DEVICE_FROM_ITEM = '={{ $json.Id?.Value ?? $json.deviceId }}';

/**
 * The device an item names. The default expression is read from the item itself, as it would
 * evaluate: n8n's expression engine costs about half a millisecond an item, 5 s for 10,000.
 */
function deviceValueOf(context: IExecuteFunctions, node: INode, itemIndex: number): unknown {
	const raw = node.parameters.deviceIdValue;
	if (raw !== undefined && raw !== DEVICE_FROM_ITEM) return context.getNodeParameter('deviceIdValue', itemIndex, '');
	const json = context.getInputData()[itemIndex]?.json ?? {};
	const id = json.Id;
	const value = id !== null && typeof id === 'object' && !Array.isArray(id) ? (id as IDataObject).Value : undefined;
	return value ?? json.deviceId;
}

interface BulkItem {
	itemIndex: number;
	command: DeviceCommand;
	/** As the item named the device; `sentAs` is what the bulk call lists (the device id when `identifier` needed a read). */
	identifier: DeviceIdentifier;
	sentAs?: DeviceIdentifier;
	refusal?: { message: string };
	skipIfNotFound: boolean;
}

/** "Lock to Serial Number C02…", before each error, so a person knows which device it concerns. */
function targetOf(item: BulkItem): string {
	return `${item.command.name} to ${labelOf(item.identifier.type)} ${item.identifier.value}`;
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

/** The output of one item, its device among those of one bulk call. */
function outcomeOf(api: UemApi, item: BulkItem, sent: { call: string; status: number; inBulkOf: number; body?: unknown }): IDataObject[] | Error {
	const output: IDataObject = { command: item.command.value, device: { [item.identifier.type]: item.identifier.value } };
	if (item.sentAs?.type === 'deviceId') output.deviceId = Number(item.sentAs.value);
	const fault = bulkFaults(sent.body).get(String(item.sentAs?.value).toLowerCase());
	if (fault) {
		const response = { httpCode: null, errorCode: (fault.errorCode ?? null) as JsonObject['errorCode'], message: fault.message ?? null, request: sent.call, attempts: 1 };
		return new NodeApiError(api.node, response as JsonObject, {
			message: `${targetOf(item)}: UEM did not carry it out (${fault.errorCode === undefined ? '' : `error ${String(fault.errorCode)}, `}${fault.message ?? 'no reason given'})`,
			description: `Its bulk call (${sent.inBulkOf} devices) was answered; the other devices of it are reported on their own items.`,
		});
	}
	return [{ ...output, sent: sent.call, status: sent.status, inBulkOf: sent.inBulkOf }];
}

/** Sends one bulk call for `chunk` (one command, one kind of identifier), or in a dry run shows it. */
async function sendChunk(api: UemApi, chunk: BulkItem[], results: BatchResult, dryRun: boolean): Promise<void> {
	const { command } = chunk[0];
	const searchby = bulkSearchBy((chunk[0].sentAs as DeviceIdentifier).type) as string;
	const call = bulkCommandCall(command, searchby, chunk.map((item) => (item.sentAs as DeviceIdentifier).value));
	if (dryRun) {
		for (const item of chunk) {
			const output: IDataObject = { dryRun: true, command: command.value, device: { [item.identifier.type]: item.identifier.value } };
			if (item.sentAs?.type === 'deviceId') output.deviceId = Number(item.sentAs.value);
			results[item.itemIndex] = [{ ...output, wouldSend: describeCall(call), inBulkOf: chunk.length, ...(item.refusal ? { wouldBeRefused: item.refusal.message } : {}) }];
		}
		return;
	}
	try {
		const answer = await api.send(call);
		if (answer.kind === 'missing') {
			const error = uemHttpError(api.node, answer.call, answer.status, answer.error);
			for (const item of chunk) results[item.itemIndex] = errorFor(api.node, error, targetOf(item));
			return;
		}
		const sent = { call: `${answer.call.method} ${answer.call.path}`, status: answer.status, inBulkOf: chunk.length, body: answer.kind === 'ok' ? answer.body : undefined };
		for (const item of chunk) results[item.itemIndex] = outcomeOf(api, item, sent);
	} catch (error) {
		// Not sent again: each device of the call gets the error (an "outcome unknown" names its device).
		for (const item of chunk) results[item.itemIndex] = errorFor(api.node, error, targetOf(item));
	}
}

/**
 * Send Command in bulk: every item is read and checked first (a bad one fails alone), devices named
 * by an identifier the bulk endpoint does not take are read, then each command goes to its devices
 * in calls of up to 500, each call once; every device's outcome lands on its own item. Options
 * and Look Up Device By are the run's, from the first item.
 */
export function prepareBulk(context: IExecuteFunctions, items: number) {
	const dryRun = context.getNodeParameter('dryRun', 0, true) === true;
	const results: BatchResult = new Array<IDataObject[] | Error>(items).fill([]);
	const planned: BulkItem[] = [];
	// Each parameter read costs n8n a copy of it (and getNode() a copy of the whole node): 10,000
	// items read only what may differ per item, the command and the device, each once.
	const node = context.getNode();
	const type = context.getNodeParameter('deviceIdType', 0) as DeviceIdType;
	const skipIfNotFound = (context.getNodeParameter('options', 0, {}) as IDataObject).ifNotFound === 'skip';
	const commands = Array.from({ length: items }, (_, itemIndex) => context.getNodeParameter('command', itemIndex));
	const actionOf = (itemIndex: number) => findDeviceCommand(commands[itemIndex]);
	for (let itemIndex = 0; itemIndex < items; itemIndex++) {
		try {
			const command = parseDeviceCommand(node, commands[itemIndex]);
			const identifier = parseDeviceIdentifier(node, type, deviceValueOf(context, node, itemIndex));
			const refusal = checkWrite(context, itemIndex, command, actionOf, dryRun);
			planned.push({ itemIndex, command, identifier, refusal, skipIfNotFound });
		} catch (error) {
			results[itemIndex] = error as Error;
		}
	}

	return async (api: UemApi): Promise<BatchResult> => {
		await mapInPool(planned.length, api.concurrency, async (index) => {
			const item = planned[index];
			if (bulkSearchBy(item.identifier.type) !== undefined) {
				item.sentAs = item.identifier;
				return;
			}
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
		const groups = new Map<string, BulkItem[]>();
		for (const item of planned) {
			if (!item.sentAs) continue;
			const key = `${item.command.value}|${item.sentAs.type}`;
			groups.set(key, [...(groups.get(key) ?? []), item]);
		}
		const chunks: BulkItem[][] = [];
		for (const group of groups.values()) for (let start = 0; start < group.length; start += BULK_CHUNK) chunks.push(group.slice(start, start + BULK_CHUNK));
		await mapInPool(chunks.length, api.concurrency, async (index) => await sendChunk(api, chunks[index], results, dryRun));
		return results;
	};
}

import { NodeApiError, NodeOperationError, sleep, type IDataObject, type INode, type JsonObject } from 'n8n-workflow';

import { TaskPool } from '../helpers/taskPool';
import { describeCall, type CallRecord, type UemApi, type UemCall } from '../transport/calls';
import { deviceNotFoundError, uemHttpError, valueFaultError } from '../transport/uemErrors';
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

/** One device of a bulk write: every item that names it shares its one place in one call. */
type SameDevice = BulkItem[];

/** What became of one bulk call: shown (a dry run), answered, or failed as a whole. */
type CallOutcome =
	| { kind: 'shown'; wouldSend: string }
	| { kind: 'answered'; sent: { call: string; status: number; inBulkOf: number }; record: CallRecord; faults: Map<string, BulkFault> }
	| { kind: 'failed'; error: unknown };

/** One bulk call: up to 500 devices of one key and kind of identifier; its outcome once settled. */
interface BulkCall {
	devices: SameDevice[];
	outcome?: CallOutcome;
	/** Its items' results are set: no item can join it any more and it has its outcome. */
	settled?: boolean;
}

/** The same error, for one item: each item gets its own (the router stamps the item index on it). */
function errorFor(node: INode, error: unknown, target: string): Error {
	if (error instanceof NodeApiError) {
		const copy = new NodeApiError(node, { ...(error.errorResponse ?? {}) } as JsonObject, {
			message: `${target}: ${error.message}`,
			description: error.description ?? undefined,
		});
		// As it was, none included (n8n would take one from the response's errorCode).
		copy.httpCode = error.httpCode;
		return copy;
	}
	return new NodeOperationError(node, `${target}: ${(error as Error).message}`);
}

/** The item's output with the device id where known, on the item's own object (a run of 10,000 items copies none); the caller adds the outcome. */
function outputOf(item: BulkItem): IDataObject {
	if (item.sentAs?.type === 'deviceId') item.output.deviceId = Number(item.sentAs.value);
	return item.output;
}

/** The output of one item, its device among those of a bulk call that has settled, where it is listed as `listedAs`. */
function resultOf(api: UemApi, endpoint: BulkEndpoint, item: BulkItem, call: BulkCall, listedAs: string): IDataObject[] | Error {
	const outcome = call.outcome as CallOutcome;
	if (outcome.kind === 'shown') {
		const output = outputOf(item);
		return [{ dryRun: true, ...output, wouldSend: outcome.wouldSend, inBulkOf: call.devices.length, ...(item.refusal ? { wouldBeRefused: item.refusal.message } : {}) }];
	}
	if (outcome.kind === 'failed') return errorFor(api.node, outcome.error, endpoint.target(item));
	const { sent, record, faults } = outcome;
	// By the value the call listed: the item may have named the device another way (007 for 7).
	const fault = faults.size === 0 ? undefined : faults.get(listedAs.toLowerCase());
	if (fault) {
		return valueFaultError(
			api.node,
			record,
			fault,
			`${endpoint.target(item)}: UEM did not carry it out`,
			`Its bulk call (${sent.inBulkOf} devices) was answered; the other devices of it are reported on their own items.`,
		);
	}
	const output = outputOf(item);
	output.sent = sent.call;
	output.status = sent.status;
	output.inBulkOf = sent.inBulkOf;
	return [output];
}

/** The devices of one key and kind of identifier listed so far in the run, and the call they are filling. */
interface Filling {
	devices: Map<string | number, SameDevice>;
	call: BulkCall;
}

/**
 * The bulk calls of a run as its items come in: items of one key and kind of identifier fill a
 * call, each device listed once (a later item naming a device already listed, even in a call
 * already sent, joins it and is not sent again); a call starts the moment it is full, so the first
 * 500 devices are on their way while later items are still read.
 */
class BulkCalls {
	/** By key, then kind of identifier: no key string to build for each of 10,000 items. */
	private readonly filling = new Map<string, Map<DeviceIdType, Filling>>();
	private readonly calls: BulkCall[] = [];
	private allItemsIn = false;

	constructor(
		private readonly api: UemApi,
		private readonly endpoint: BulkEndpoint,
		private readonly pool: TaskPool,
		private readonly dryRun: boolean,
		private readonly results: BatchResult,
	) {}

	/** Lists the item's device (`sentAs`) in its call; true when that filled the call and started it. */
	add(item: BulkItem): boolean {
		const sentAs = item.sentAs as DeviceIdentifier;
		const group = this.fillingFor(item.key, sentAs.type);
		// A device id as a number: quicker to look up among 50,000 than a string, and 007 is device 7.
		const device = sentAs.type === 'deviceId' ? Number(sentAs.value) : sentAs.value.toLowerCase();
		const listed = group.devices.get(device);
		if (listed) {
			listed.push(item);
			return false;
		}
		const sameDevice: SameDevice = [item];
		group.devices.set(device, sameDevice);
		group.call.devices.push(sameDevice);
		if (group.call.devices.length < BULK_CHUNK) return false;
		this.start(group.call);
		group.call = { devices: [] };
		return true;
	}

	/**
	 * Every item is in: starts each call not yet full. From now on the results of the calls answered
	 * are set while later calls are still on the wire (10,000 results take some 5 ms, which would
	 * otherwise all come after the last answer). Once the pool has drained, every item has its result.
	 */
	allIn(): void {
		this.allItemsIn = true;
		for (const ofKey of this.filling.values()) {
			for (const group of ofKey.values()) {
				if (group.call.devices.length > 0) this.start(group.call);
				group.call = { devices: [] };
			}
		}
		this.settleAnswered();
	}

	private fillingFor(key: string, type: DeviceIdType): Filling {
		let ofKey = this.filling.get(key);
		if (!ofKey) this.filling.set(key, (ofKey = new Map()));
		let group = ofKey.get(type);
		if (!group) ofKey.set(type, (group = { devices: new Map(), call: { devices: [] } }));
		return group;
	}

	/**
	 * Sets the results of every call answered and not yet settled, unless a call is waiting for a
	 * slot: that one goes first (half a millisecond per 500 items is half a millisecond later on the
	 * wire), and the last call to end finds none waiting.
	 */
	private settleAnswered(): void {
		if (!this.allItemsIn || this.pool.waiting > 0) return;
		for (const call of this.calls) {
			if (call.settled || !call.outcome) continue;
			call.settled = true;
			for (const sameDevice of call.devices) {
				const listedAs = (sameDevice[0].sentAs as DeviceIdentifier).value;
				for (const item of sameDevice) this.results[item.itemIndex] = resultOf(this.api, this.endpoint, item, call, listedAs);
			}
		}
	}

	private start(call: BulkCall): void {
		this.calls.push(call);
		this.pool.add(async () => {
			await this.send(call);
			this.settleAnswered();
		});
	}

	/** Sends one call, once (a dry run only shows it); never throws: a failure is the outcome of each of its devices. */
	private async send(call: BulkCall): Promise<void> {
		const first = call.devices[0][0];
		const searchby = this.endpoint.takes((first.sentAs as DeviceIdentifier).type) as string;
		const request = this.endpoint.call(first, searchby, call.devices.map((sameDevice) => (sameDevice[0].sentAs as DeviceIdentifier).value));
		if (this.dryRun) {
			// Not the body: it lists every device of the call, and each device's item is already one of them.
			call.outcome = { kind: 'shown', wouldSend: describeCall(request) };
			return;
		}
		try {
			const answer = await this.api.send(request);
			if (answer.kind === 'missing') {
				call.outcome = { kind: 'failed', error: uemHttpError(this.api.node, answer.call, answer.status, answer.error) };
				return;
			}
			const sent = { call: `${answer.call.method} ${answer.call.path}`, status: answer.status, inBulkOf: call.devices.length };
			call.outcome = { kind: 'answered', sent, record: answer.call, faults: bulkFaults(answer.kind === 'ok' ? answer.body : undefined) };
		} catch (error) {
			// Not sent again: each device of the call gets the error (an "outcome unknown" names its device).
			call.outcome = { kind: 'failed', error };
		}
	}
}

/** Reads the device an item names by an identifier the endpoint does not take; a device UEM does not have fails its item (or skips it). */
async function readDeviceId(api: UemApi, item: BulkItem, results: BatchResult): Promise<boolean> {
	try {
		const found = await lookUpDeviceId(api, item.identifier);
		if (!('absent' in found)) {
			item.sentAs = found.identifier;
			return true;
		}
		const uem = found.absent.kind === 'missing' ? found.absent.error : {};
		results[item.itemIndex] = item.skipIfNotFound
			? []
			: deviceNotFoundError(api.node, found.absent.call, { label: labelOf(item.identifier.type), value: item.identifier.value }, uem);
	} catch (error) {
		results[item.itemIndex] = error as Error;
	}
	return false;
}

/**
 * A run's writes in bulk calls of up to 500 devices, each call sent once, every device's outcome
 * on its own item. Items are read as the calls go out: a full call starts at once and the event
 * loop gets a turn to send it before the next items are read (a run of 10,000 spends some 10 ms
 * reading, a fifth of a call). A bad item (what `readItem` throws) fails alone; devices named by
 * an identifier the endpoint does not take are read first, at most Concurrency at a time with the
 * calls.
 */
export function bulkWrite(endpoint: BulkEndpoint, items: number, readItem: (itemIndex: number) => BulkItem, dryRun: boolean) {
	return async (api: UemApi): Promise<BatchResult> => {
		const results: BatchResult = new Array<IDataObject[] | Error>(items).fill([]);
		const pool = new TaskPool(api.concurrency);
		const calls = new BulkCalls(api, endpoint, pool, dryRun, results);
		const lookups: Array<Promise<void>> = [];
		for (let itemIndex = 0; itemIndex < items; itemIndex++) {
			let item: BulkItem;
			try {
				item = readItem(itemIndex);
			} catch (error) {
				results[itemIndex] = error as Error;
				continue;
			}
			if (endpoint.takes(item.identifier.type) === undefined) {
				lookups.push(
					new Promise<void>((done) =>
						pool.add(async () => {
							try {
								if (await readDeviceId(api, item, results)) calls.add(item);
							} finally {
								done();
							}
						}),
					),
				);
				continue;
			}
			item.sentAs = item.identifier;
			// A dry run sends nothing: no turn of the event loop to wait for (250,000 items would wait 500).
			if (calls.add(item) && !dryRun) await sleep(0);
		}
		// Once the device reads are done (not the calls already sent), no item is coming any more. (A
		// pool that failed starts no more reads: its error ends the wait instead.)
		await Promise.race([Promise.all(lookups), pool.drained()]);
		calls.allIn();
		await pool.drained();
		return results;
	};
}

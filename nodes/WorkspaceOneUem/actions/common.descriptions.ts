import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { FROM_VERSION_2 } from '../helpers/displayOptions';
import { DEFAULT_REQUESTS_PER_MINUTE } from '../transport/retryPolicy';
import type { TransportSettings } from '../transport/session';

const apiVersionOption: INodeProperties = {
	displayName: 'API Version',
	name: 'apiVersion',
	type: 'options',
	default: 'auto',
	options: [
		{ name: 'Default for This Operation', value: 'auto' },
		{ name: 'Version 1', value: '1' },
		{ name: 'Version 2', value: '2' },
		{ name: 'Version 3', value: '3' },
		{ name: 'Version 4', value: '4' },
	],
	description:
		'Sent in the Accept header of each request. Keep the default unless you need another version: UEM quietly answers a version an endpoint lacks as version 1.',
};

const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	default: 16,
	typeOptions: { minValue: 1, maxValue: 64 },
	description:
		'Most calls to UEM open at once in this run, across all items (a fleet report\'s device reads included). All of them share one token and back off together when UEM throttles.',
};

export const timeoutOption: INodeProperties = {
	displayName: 'Request Timeout (Seconds)',
	name: 'timeout',
	type: 'number',
	default: 60,
	typeOptions: { minValue: 1 },
	description:
		'The longest one call to UEM may take, its whole answer included: a server that holds a call open is cut off then, and the call counts as timed out (a read is retried; a write is not, and its outcome is reported as unknown)',
};

export const requestsPerMinuteOption: INodeProperties = {
	displayName: 'Requests Per Minute',
	name: 'requestsPerMinute',
	type: 'number',
	default: DEFAULT_REQUESTS_PER_MINUTE,
	typeOptions: { minValue: 0, numberPrecision: 0 },
	description:
		"Most calls this node makes to UEM in any one minute, shared by all items, pages and retries of a run. Keep it under the tenant's per-minute API throttle, which counts every call made with the API key, from all workflows and n8n workers together. 0 means no limit here (UEM's 429 answers are still waited out).",
};

export const notFoundOption: INodeProperties = {
	displayName: 'If Device Not Found',
	name: 'ifNotFound',
	type: 'options',
	default: 'error',
	options: [
		{ name: 'Report an Error', value: 'error', description: 'Fail the item with "device not found"' },
		{ name: 'Return Nothing', value: 'skip', description: 'Output no item for it and go on' },
	],
	description: 'What to do when UEM has no device with that identifier',
};

/**
 * How the node calls UEM, the same at the end of every operation's Options: read once per run,
 * from the first item (they apply to the whole run), except API Version, read per item.
 */
export const requestOptions: INodeProperties[] = [concurrencyOption, apiVersionOption, timeoutOption, requestsPerMinuteOption];

/** The API version the user chose, or undefined for each endpoint's own. */
export function chosenVersion(options: IDataObject): number | undefined {
	const chosen = options.apiVersion;
	return chosen === undefined || chosen === 'auto' ? undefined : Number(chosen);
}

/** The run's transport settings from the first item's options (they apply to the whole run). */
export function transportSettingsFrom(options: IDataObject): TransportSettings {
	const timeoutSeconds = Number(options.timeout);
	const perMinute = Number(options.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE);
	return {
		timeoutMs: Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 ? timeoutSeconds * 1000 : 60_000,
		requestsPerMinute: Number.isFinite(perMinute) && perMinute > 0 ? Math.max(1, Math.floor(perMinute)) : 0,
		concurrency: Math.max(1, Math.floor(Number(options.concurrency ?? 16)) || 1),
	};
}

/**
 * The Options of an operation whose endpoints have one API version (the writes, the tags): its
 * own options first, then how the node calls UEM, without API Version.
 */
export function optionsField(own: INodeProperties[] = []): INodeProperties {
	return optionsCollection(
		'More settings, and how the node calls UEM. The defaults suit most tenants.',
		[...own, ...requestOptions.filter((option) => option.name !== 'apiVersion')],
	);
}

/** The Options collection of an operation: `options` ends with how the node calls UEM. */
export function optionsCollection(description: string, options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description,
		options,
	};
}

/** Return All and Limit, first in every listing. */
export const returnAllFields: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1 },
		displayOptions: { show: { returnAll: [false] } },
		description: 'Max number of results to return',
	},
];

/** The item's Limit, undefined for Return All; a limit under 1 (from an expression) is a clear error. */
export function limitOf(context: IExecuteFunctions, itemIndex: number): number | undefined {
	if (context.getNodeParameter('returnAll', itemIndex, false) === true) return undefined;
	const limit = Number(context.getNodeParameter('limit', itemIndex, 50));
	if (!Number.isInteger(limit) || limit < 1) {
		throw new NodeOperationError(context.getNode(), `Limit must be a whole number of at least 1, got ${limit}`, {
			description: 'Set Limit to 1 or more, or turn on Return All.',
		});
	}
	return limit;
}

/** Simplify (version 2 on, where it is on by default), with what it does. */
function simplifyFieldSaying(description: string): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description,
		displayOptions: FROM_VERSION_2,
	};
}

/** Simplify for records: the fields workflows use most, flat, instead of UEM's whole record. */
export function simplifyField(record: string): INodeProperties {
	return simplifyFieldSaying(`Whether to return the fields of each ${record} that workflows use most, flat, instead of UEM's whole record`);
}

/** Whether the item asks for simplified records (never in version 1, which has no Simplify). */
export function simplifyOf(context: IExecuteFunctions, itemIndex: number): boolean {
	return context.getNodeParameter('simplify', itemIndex, false) === true;
}

/**
 * Simplify for status items (version 2 on, on by default): leaves out `raw`, UEM's own record of
 * each profile or app on a device, which workflows rarely read and an AI agent should not have to.
 */
export function simplifyStatusField(subject: string): INodeProperties {
	return simplifyFieldSaying(
		`Whether to leave out raw, UEM's whole record of each ${subject} on the device, keeping the readable fields (name, status, installed and the IDs)`,
	);
}

/** The status items as Simplify asks: without `raw` when on, as they are otherwise. */
export function simplifiedStatuses(items: IDataObject[], simplify: boolean): IDataObject[] {
	if (!simplify) return items;
	return items.map((item) => {
		const simplified = { ...item };
		delete simplified.raw;
		return simplified;
	});
}

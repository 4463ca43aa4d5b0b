import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { DEFAULT_REQUESTS_PER_MINUTE } from '../transport/retryPolicy';
import type { TransportSettings } from '../transport/session';
import { DEVICE_ID_TYPE_OPTIONS, UUID_OPTION } from '../uem/devices';

/** The "Look Up Device By" selector; each operation adds its own value field named `deviceIdValue`. */
export function deviceIdTypeField(withUuid: boolean): INodeProperties {
	return {
		displayName: 'Look Up Device By',
		name: 'deviceIdType',
		type: 'options',
		noDataExpression: true,
		default: 'deviceId',
		options: withUuid ? [...DEVICE_ID_TYPE_OPTIONS, UUID_OPTION] : DEVICE_ID_TYPE_OPTIONS,
		description: 'Which identifier of the device the next field holds',
	};
}

/** The device field that follows "Look Up Device By"; a default of `={{ … }}` reads it from the item before. */
export function deviceValueField(description: string, defaultValue = ''): INodeProperties {
	return {
		displayName: 'Device',
		name: 'deviceIdValue',
		type: 'string',
		required: true,
		default: defaultValue,
		placeholder: 'e.g. 12345, or C02XK1ABJGH5 for a serial number',
		description,
	};
}

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
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'More settings, and how the node calls UEM. The defaults suit most tenants.',
		options: [...own, ...requestOptions.filter((option) => option.name !== 'apiVersion')],
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

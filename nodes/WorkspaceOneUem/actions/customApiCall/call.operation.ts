import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INode, type INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../helpers/displayOptions';
import { describeCall, type HttpMethod, type UemCall } from '../../transport/calls';
import { listAll } from '../../transport/paging';
import { isRecord } from '../../transport/responseBody';
import { uemHttpError } from '../../transport/uemErrors';
import { destructiveActionOf, parseApiPath } from '../../uem/customCall';
import { optionsField } from '../common.descriptions';
import type { PreparedItem } from '../node.type';
import { allowAsToolField, checkWrite, destructiveGuardFields, dryRunField, type GuardedAction } from '../writeGuards';

const METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const WRITES = { show: { method: ['POST', 'PUT', 'PATCH', 'DELETE'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		default: 'GET',
		options: METHODS.map((method) => ({ name: method, value: method })),
		description: 'GET reads; the others change the tenant: they are sent once, never retried once they may have reached UEM',
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. /api/mdm/devices/search?platform=Apple',
		description: "Under the credential's API server, starting with /api/. The server's address comes from the credential.",
	},
	{
		displayName: 'API Version',
		name: 'apiVersion',
		type: 'options',
		default: 1,
		options: [1, 2, 3, 4].map((version) => ({ name: `Version ${version}`, value: version })),
		description: 'Sent in the Accept header of the call. UEM quietly answers a version an endpoint lacks as version 1.',
	},
	{
		displayName: 'Query Parameters',
		name: 'query',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Parameter',
		default: {},
		options: [
			{
				displayName: 'Parameter',
				name: 'parameter',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Body',
		name: 'body',
		type: 'json',
		default: '{}',
		displayOptions: WRITES,
		description: 'Sent as JSON. Empty or {} sends an empty object.',
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		displayOptions: { show: { method: ['GET'] } },
		description: 'Whether to return all results or only up to a given limit',
		hint: "On: every page of a UEM listing (page and pagesize, 500 a page), one item per entry. Off: one call, its answer as it came.",
	},
	{ ...dryRunField, displayOptions: WRITES },
	{ ...allowAsToolField, displayOptions: WRITES },
	...destructiveGuardFields.map((field) => ({ ...field, displayOptions: WRITES })),
	optionsField(),
];

export const description = updateDisplayOptions({ show: { resource: ['customApiCall'], operation: ['call'] } }, properties);

function readMethod(node: INode, raw: unknown): HttpMethod {
	const method = String(raw ?? '').toUpperCase() as HttpMethod;
	if (!METHODS.includes(method)) throw new NodeOperationError(node, `Method must be one of ${METHODS.join(', ')}, got "${String(raw)}"`);
	return method;
}

function readBody(node: INode, raw: unknown): unknown {
	if (raw === undefined || raw === null || raw === '') return {};
	if (typeof raw !== 'string') return raw;
	try {
		return JSON.parse(raw) as unknown;
	} catch {
		throw new NodeOperationError(node, 'Body is not valid JSON', { description: 'Write the body as JSON, e.g. {"BulkValues": {"Value": ["1042"]}}.' });
	}
}

/** The call an item asks for: method, checked path, query (typed in the path, then the fields), version and body. */
function callOf(context: IExecuteFunctions, node: INode, itemIndex: number): UemCall & { method: HttpMethod } {
	const method = readMethod(node, context.getNodeParameter('method', itemIndex, 'GET'));
	const { path, qs } = parseApiPath(node, context.getNodeParameter('path', itemIndex, ''));
	const query = context.getNodeParameter('query', itemIndex, {}) as { parameter?: Array<{ name?: string; value?: string }> };
	const fields = Array.isArray(query?.parameter) ? query.parameter : [];
	for (const { name, value } of fields) if (name) qs[name] = value ?? '';
	const version = Number(context.getNodeParameter('apiVersion', itemIndex, 1)) || 1;
	const body = method === 'GET' ? undefined : readBody(node, context.getNodeParameter('body', itemIndex, '{}'));
	return { method, path, qs, version, ...(body === undefined ? {} : { body }) };
}

/** One output item per entry of UEM's answer: an object as it is, anything else under `value`. */
const asItem = (entry: unknown): IDataObject => (isRecord(entry) ? (entry as IDataObject) : { value: entry as IDataObject['value'] });

/** What the guardrails see of a call: a destructive action it would carry out (a wipe, a delete), else a plain write. */
function guardedActionOf(call: UemCall & { method: HttpMethod }): GuardedAction {
	return destructiveActionOf(call.method, call.path, call.qs ?? {}) ?? { name: `Custom API Call (${call.method})`, value: 'customApiCall', destructive: false };
}

/**
 * Any endpoint through the run's client: its token cache, 401 renewal, 429s, Requests Per Minute,
 * deadlines and masking. A GET may read every page; any other method is a write, sent once, behind
 * a dry run, and a destructive one (a wipe, a delete) behind the same confirmation and cap as
 * Send Command and Delete.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const node = this.getNode();
	const call = callOf(this, node, itemIndex);
	if (call.method === 'GET') {
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) === true;
		return async (api) => {
			if (returnAll) {
				const items = await listAll(api, { ...call, itemsKey: '', totalKey: '' });
				return items.map(asItem);
			}
			const answer = await api.get(call);
			if (answer.kind === 'missing') throw uemHttpError(api.node, answer.call, answer.status, answer.error);
			if (answer.kind === 'empty') return [];
			return Array.isArray(answer.body) ? answer.body.map(asItem) : [asItem(answer.body)];
		};
	}

	const dryRun = this.getNodeParameter('dryRun', 0, true) === true;
	const actionOf = (index: number) => {
		try {
			return guardedActionOf(callOf(this, node, index));
		} catch {
			return undefined;
		}
	};
	const refusal = checkWrite(this, itemIndex, guardedActionOf(call), actionOf, dryRun);
	const body = call.body === undefined ? {} : { body: call.body as IDataObject };
	return async (api) => {
		if (dryRun) return [{ dryRun: true, wouldSend: describeCall(call), ...body, ...(refusal ? { wouldBeRefused: refusal.message } : {}) }];
		const answer = await api.send(call);
		if (answer.kind === 'missing') throw uemHttpError(api.node, answer.call, answer.status, answer.error);
		const response = answer.kind === 'ok' ? { response: answer.body as IDataObject } : {};
		return [{ sent: `${answer.call.method} ${answer.call.path}`, ...body, status: answer.status, ...response }];
	};
}

export const toolDescription =
	'Call any Workspace ONE UEM REST API endpoint (a path under /api, e.g. /api/mdm/devices/search) with the method, query and JSON body this tool takes, and return UEM\'s JSON answer. A GET only reads. Any other method is a write: refused unless a person allowed writes on this tool in n8n, a dry run while Dry Run is on, and wipes and deletes need a confirmation a person typed on the node.';

// Fakes at the boundary between an operation and the UEM client: an execution context that hands
// out parameters as a saved workflow holds them, and a client that records every call an
// operation makes and answers from the test's own table. An operation's request shapes are then
// checked in milliseconds, with no HTTP at all; the transport is tested against real servers.
import type { IDataObject, IExecuteFunctions, INode, NodeExecutionHint } from 'n8n-workflow';

import { cleanQuery, pathWithQuery, type CallRecord, type UemAnswer, type UemApi, type UemCall } from '../../nodes/WorkspaceOneUem/transport/calls';

export const FAKE_NODE: INode = {
	id: 'fake',
	name: 'Workspace ONE UEM',
	type: 'n8n-nodes-workspace-one-uem.workspaceOneUem',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/**
 * The node's parameters as a saved workflow holds them: a value every item shares is saved as it
 * is; one that differs between items can only come from an expression (the node reads those per item).
 */
function savedParameters(perItem: Array<Record<string, unknown>>): INode['parameters'] {
	const saved: Record<string, unknown> = {};
	for (const name of new Set(perItem.flatMap((item) => Object.keys(item)))) {
		const values = perItem.map((item) => JSON.stringify(item[name]));
		saved[name] = values.every((value) => value === values[0]) ? perItem[0][name] : '={{ a value per item }}';
	}
	return saved as INode['parameters'];
}

/** An IExecuteFunctions with only what `prepare` uses: parameters per item, the node, hints, and the execution's id when given. */
export function fakeContext(parameters: Array<Record<string, unknown>> | Record<string, unknown>, node: INode = FAKE_NODE, executionId?: string) {
	const perItem = Array.isArray(parameters) ? parameters : [parameters];
	const hints: NodeExecutionHint[] = [];
	const saved = { ...node, parameters: { ...savedParameters(perItem), ...node.parameters } };
	const context = {
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => perItem[itemIndex]?.[name] ?? fallback,
		getNode: () => saved,
		getWorkflow: () => ({ id: 'fake-workflow', name: 'Fake workflow', active: true }),
		getInputData: () => perItem.map(() => ({ json: {} })),
		addExecutionHints: (...added: NodeExecutionHint[]) => void hints.push(...added),
		getExecutionId: () => executionId,
	};
	return { context: context as unknown as IExecuteFunctions, hints };
}

export type FakeAnswer = { kind: 'ok'; body: unknown } | { kind: 'empty' } | { kind: 'missing'; status?: number; error?: IDataObject };

export const ok = (body: unknown): FakeAnswer => ({ kind: 'ok', body });
export const empty = (): FakeAnswer => ({ kind: 'empty' });
export const missing = (error: IDataObject = {}, status = 404): FakeAnswer => ({ kind: 'missing', status, error });

/** A call as the fake saw it: method, path with the query, version, body. */
export interface SeenCall {
	method: string;
	path: string;
	version: number;
	body?: unknown;
}

/** A client that answers from `route` (path with query → answer) and remembers every call. */
export class FakeApi implements UemApi {
	readonly calls: SeenCall[] = [];

	constructor(
		private readonly route: (path: string, call: UemCall) => FakeAnswer,
		readonly concurrency = 4,
		/** The node errors are built for (its type tells an AI tool from the node in a workflow). */
		readonly node: INode = FAKE_NODE,
	) {}

	async get(call: UemCall): Promise<UemAnswer> {
		return this.answer({ ...call, method: 'GET' });
	}

	async send(call: UemCall): Promise<UemAnswer> {
		return this.answer({ ...call, method: call.method ?? 'POST' });
	}

	private answer(call: UemCall): UemAnswer {
		const path = pathWithQuery(call.path, cleanQuery(call.qs));
		this.calls.push({ method: call.method ?? 'GET', path, version: call.version, ...(call.body === undefined ? {} : { body: call.body }) });
		const record: CallRecord = { method: call.method ?? 'GET', path, host: 'uem.test', attempts: 1, statuses: [] };
		const fake = this.route(path, call);
		if (fake.kind === 'ok') return { kind: 'ok', status: 200, body: fake.body, call: { ...record, statuses: [200] } };
		if (fake.kind === 'empty') return { kind: 'empty', status: 204, call: { ...record, statuses: [204] } };
		const status = fake.status ?? 404;
		return { kind: 'missing', status, error: fake.error ?? {}, call: { ...record, statuses: [status] } };
	}
}

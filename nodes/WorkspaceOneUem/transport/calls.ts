import type { INode } from 'n8n-workflow';

import type { UemErrorBody } from './uemErrors';

export type QueryValue = string | number | boolean | undefined;
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One call to the UEM API, as an operation describes it. */
export interface UemCall {
	/** GET unless said otherwise. */
	method?: HttpMethod;
	/** Path under the API server, e.g. `/api/mdm/devices/search`. */
	path: string;
	qs?: Record<string, QueryValue>;
	/** Sent as JSON. */
	body?: unknown;
	/** Sent as `Accept: application/json;version=N`. */
	version: number;
	/**
	 * Whether sending it twice is harmless. GETs are; a write is not unless it says so: UEM has no
	 * idempotency keys, so a command whose answer was lost may have been carried out.
	 */
	idempotent?: boolean;
	/**
	 * Statuses that mean "not here" for this call besides 404, answered as `missing` instead of
	 * thrown: a 406 from a tenant too old for the endpoint, when the caller has another way.
	 */
	missingStatuses?: readonly number[];
}

/** What really happened for one call: errors are built from this, never rebuilt. */
export interface CallRecord {
	method: HttpMethod;
	/** Path and query as sent, e.g. `/api/mdm/devices/search?page=3`; never a credential. */
	path: string;
	host: string;
	/** Requests made for this call, retries included. */
	attempts: number;
	/** Every HTTP status seen, in order (none for an attempt that got no answer). */
	statuses: number[];
}

/** How a call ended, when it did not end in an error. */
export type UemAnswer =
	| { kind: 'ok'; status: number; body: unknown; call: CallRecord }
	/** 204, or an empty 2xx to a write. */
	| { kind: 'empty'; status: number; call: CallRecord }
	/** 404 or one of the call's missingStatuses: the thing asked about is not there. */
	| { kind: 'missing'; status: number; error: UemErrorBody; call: CallRecord };

/**
 * What operations, the Workspace ONE layer and the trigger call UEM through: the run's client,
 * or a fake in tests that checks what an operation would send.
 */
export interface UemApi {
	readonly node: INode;
	/** At most this many calls are open at once in the run; work pools size themselves by it. */
	readonly concurrency: number;
	get(call: UemCall): Promise<UemAnswer>;
	/** A call that changes the tenant: never retried when it may have reached UEM. */
	send(call: UemCall): Promise<UemAnswer>;
}

export function cleanQuery(qs: Record<string, QueryValue> | undefined): Record<string, string | number | boolean> {
	const clean: Record<string, string | number | boolean> = {};
	for (const [key, value] of Object.entries(qs ?? {})) {
		if (value !== undefined && value !== '') clean[key] = value;
	}
	return clean;
}

export function pathWithQuery(path: string, qs: Record<string, string | number | boolean>): string {
	const query = new URLSearchParams(Object.entries(qs).map(([k, v]): [string, string] => [k, String(v)])).toString();
	return query === '' ? path : `${path}?${query}`;
}

/** A call as a person reads it, e.g. `POST /api/mdm/devices/12/commands?command=Lock`: what a dry run shows. */
export function describeCall(call: UemCall): string {
	return `${call.method ?? 'GET'} ${pathWithQuery(call.path, cleanQuery(call.qs))}`;
}

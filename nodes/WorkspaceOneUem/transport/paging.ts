import type { CallRecord, UemApi, UemCall } from './calls';
import { isRecord } from './responseBody';
import { unexpectedShapeError, type UemErrorBody } from './uemErrors';

export const MAX_PAGE_SIZE = 500;
/** A guard against a server that ignores `page`: no listing here is near this long. */
const MAX_PAGES = 10_000;

export interface PagedCall extends UemCall {
	/** The list in each page, e.g. `Devices`, `DeviceProfiles`, `profileAssignedDevices`. */
	itemsKey: string;
	/** The total count, e.g. `Total` or `TotalResults`. */
	totalKey: string;
}

/** A listing whose parent is not there: UEM's error body and the call that said so. */
export type NotFound = { found: false; error: UemErrorBody; status: number; call: CallRecord };

export type PageWalk =
	| {
			found: true;
			firstPage: Record<string, unknown> | undefined;
			/** The last page's call, for errors about what the pages held. */
			lastCall: CallRecord;
			/** Requests the walk made, retries included. */
			attempts: number;
	  }
	| NotFound;

export type PagedAnswer = (PageWalk & { found: true; items: unknown[] }) | NotFound;

/**
 * Reads UEM's 0-based pages until the listing ends (a 204, a short page, `Total` reached) or
 * `onPage` returns false, handing each page's list over as it comes, so a caller that keeps only
 * ids never holds a whole fleet. A missing first page (404) means the parent (device, profile) is
 * not there and is returned, not thrown, so the caller can say what was not found.
 */
export async function forEachPage(
	api: UemApi,
	call: PagedCall,
	onPage: (list: unknown[], call: CallRecord) => boolean | void,
	pageSize = MAX_PAGE_SIZE,
): Promise<PageWalk> {
	let firstPage: Record<string, unknown> | undefined;
	let lastCall: CallRecord | undefined;
	let attempts = 0;
	for (let page = 0; page < MAX_PAGES; page++) {
		const answer = await api.get({ ...call, qs: { ...call.qs, page, pagesize: pageSize } });
		lastCall = answer.call;
		attempts += answer.call.attempts;
		if (answer.kind === 'empty') break;
		if (answer.kind === 'missing') {
			if (page === 0) return { found: false, error: answer.error, status: answer.status, call: answer.call };
			break;
		}
		const body = answer.body;
		const list = isRecord(body) ? body[call.itemsKey] : undefined;
		if (!isRecord(body) || !Array.isArray(list)) throw unexpectedShapeError(api.node, answer.call, `a "${call.itemsKey}" list`);
		firstPage ??= body;
		if (onPage(list, answer.call) === false) break;
		const served = Number(body.PageSize) > 0 ? Number(body.PageSize) : pageSize;
		const total = Number(body[call.totalKey]);
		if (list.length < served || list.length === 0) break;
		if (Number.isFinite(total) && (page + 1) * served >= total) break;
	}
	return { found: true, firstPage, lastCall: lastCall as CallRecord, attempts };
}

/** Every item of a listing (see forEachPage), stopping early at `limit`. */
export async function getPages(api: UemApi, call: PagedCall, limit = Number.POSITIVE_INFINITY): Promise<PagedAnswer> {
	const items: unknown[] = [];
	const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.ceil(limit)));
	const walk = await forEachPage(
		api,
		call,
		(list) => {
			items.push(...list);
			return items.length < limit;
		},
		pageSize,
	);
	if (!walk.found) return walk;
	return { ...walk, items: items.length > limit ? items.slice(0, limit) : items };
}

/** One page of a listing, for a picker that asks for the next page only when the user scrolls on. */
export async function readPage(api: UemApi, call: PagedCall, page: number, pageSize: number): Promise<{ items: unknown[]; more: boolean } | NotFound> {
	const answer = await api.get({ ...call, qs: { ...call.qs, page, pagesize: pageSize } });
	if (answer.kind === 'empty') return { items: [], more: false };
	if (answer.kind === 'missing') return { found: false, error: answer.error, status: answer.status, call: answer.call };
	const list = isRecord(answer.body) ? answer.body[call.itemsKey] : undefined;
	if (!isRecord(answer.body) || !Array.isArray(list)) throw unexpectedShapeError(api.node, answer.call, `a "${call.itemsKey}" list`);
	const total = Number(answer.body[call.totalKey]);
	const more = list.length >= pageSize && (!Number.isFinite(total) || (page + 1) * pageSize < total);
	return { items: list, more };
}

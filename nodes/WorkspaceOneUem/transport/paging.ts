import type { CallRecord, UemApi, UemCall } from './calls';
import { isRecord } from './responseBody';
import { uemHttpError, unexpectedShapeError, type UemErrorBody } from './uemErrors';

export const MAX_PAGE_SIZE = 500;
/** A guard against a server that ignores `page`: no listing here is near this long. */
const MAX_PAGES = 10_000;

export interface PagedCall extends UemCall {
	/** The list in each page, e.g. `Devices`, `DeviceProfiles`, `profileAssignedDevices`; empty: the page's one list, whatever its name. */
	itemsKey: string;
	/** The total count, e.g. `Total` or `TotalResults`; empty: whichever of UEM's names the page has. */
	totalKey: string;
}

/** The list of a page: the one named, or (for a listing the node does not know) the only array the page holds. */
function listOf(page: Record<string, unknown>, itemsKey: string): unknown[] | undefined {
	if (itemsKey !== '') return Array.isArray(page[itemsKey]) ? (page[itemsKey] as unknown[]) : undefined;
	const lists = Object.values(page).filter(Array.isArray);
	return lists.length === 1 ? (lists[0] as unknown[]) : undefined;
}

function totalOf(page: Record<string, unknown>, totalKey: string): number {
	return Number(totalKey !== '' ? page[totalKey] : (page.Total ?? page.TotalResults ?? page.total));
}

function pageShapeError(api: UemApi, call: CallRecord, itemsKey: string) {
	return unexpectedShapeError(api.node, call, itemsKey === '' ? 'exactly one list in the page' : `a "${itemsKey}" list`);
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
		const list = isRecord(body) ? listOf(body, call.itemsKey) : undefined;
		if (!isRecord(body) || !list) throw pageShapeError(api, answer.call, call.itemsKey);
		firstPage ??= body;
		if (onPage(list, answer.call) === false) break;
		const served = Number(body.PageSize) > 0 ? Number(body.PageSize) : pageSize;
		const total = totalOf(body, call.totalKey);
		if (list.length < served || list.length === 0) break;
		// More than asked for: the server ignores paging and sent everything; the next page would repeat it.
		if (list.length > pageSize) break;
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

/** Every item of a listing, up to `limit`; when UEM refuses the listing (a 404 for a tag it lacks, say), UEM's error. */
export async function listAll(api: UemApi, call: PagedCall, limit?: number): Promise<unknown[]> {
	const answer = await getPages(api, call, limit);
	if (!answer.found) throw uemHttpError(api.node, answer.call, answer.status, answer.error);
	return answer.items;
}

/** One page of a listing, for a picker that asks for the next page only when the user scrolls on. */
export async function readPage(api: UemApi, call: PagedCall, page: number, pageSize: number): Promise<{ items: unknown[]; more: boolean } | NotFound> {
	const answer = await api.get({ ...call, qs: { ...call.qs, page, pagesize: pageSize } });
	if (answer.kind === 'empty') return { items: [], more: false };
	if (answer.kind === 'missing') return { found: false, error: answer.error, status: answer.status, call: answer.call };
	const list = isRecord(answer.body) ? listOf(answer.body, call.itemsKey) : undefined;
	if (!isRecord(answer.body) || !list) throw pageShapeError(api, answer.call, call.itemsKey);
	const total = totalOf(answer.body, call.totalKey);
	const more = list.length >= pageSize && (!Number.isFinite(total) || (page + 1) * pageSize < total);
	return { items: list, more };
}

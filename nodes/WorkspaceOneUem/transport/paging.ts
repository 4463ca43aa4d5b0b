import { uemGet, type UemCall } from './request';
import { isRecord } from './responseBody';
import type { UemContext, UemSession } from './session';
import { failedCall, unexpectedShapeError, type UemErrorBody } from './uemErrors';

export const MAX_PAGE_SIZE = 500;
/** A guard against a server that ignores `page`: no listing here is near this long. */
const MAX_PAGES = 10_000;

export interface PagedCall extends UemCall {
	/** The list in each page, e.g. `Devices`, `DeviceProfiles`, `profileAssignedDevices`. */
	itemsKey: string;
	/** The total count, e.g. `Total` or `TotalResults`. */
	totalKey: string;
}

/** A listing whose parent is not there: UEM's error body and the status that said so (404, or a missingStatus). */
export type NotFound = { found: false; error: UemErrorBody; httpCode: number };

export type PagedAnswer = { found: true; items: unknown[]; firstPage: Record<string, unknown> | undefined } | NotFound;

export type PageWalk = { found: true; firstPage: Record<string, unknown> | undefined } | NotFound;

/**
 * Reads UEM's 0-based pages until the listing ends (a 204, a short page, `Total` reached) or
 * `onPage` returns false, handing each page's list over as it comes, so a caller that keeps only
 * ids never holds a whole fleet. A 404 on the first page means the parent (device, profile) is
 * not there and is returned, not thrown, so the operation can say what was not found.
 */
export async function forEachPage(
	context: UemContext,
	session: UemSession,
	call: PagedCall,
	onPage: (list: unknown[]) => boolean | void,
	options: { pageSize?: number; itemIndex?: number } = {},
): Promise<PageWalk> {
	const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
	let firstPage: Record<string, unknown> | undefined;

	for (let page = 0; page < MAX_PAGES; page++) {
		const answer = await uemGet(
			context,
			session,
			{ ...call, qs: { ...call.qs, page, pagesize: pageSize } },
			options.itemIndex,
		);
		if (answer.status === 204) break;
		if (answer.status === 404) {
			if (page === 0) return { found: false, error: answer.error, httpCode: answer.httpCode };
			break;
		}
		const body = answer.body;
		const list = isRecord(body) ? body[call.itemsKey] : undefined;
		if (!isRecord(body) || !Array.isArray(list)) {
			const where = failedCall(session.connection.apiUrl, call.path, options.itemIndex);
			throw unexpectedShapeError(context.getNode(), where, `a "${call.itemsKey}" list`);
		}
		firstPage ??= body;
		if (onPage(list) === false) break;
		const served = Number(body.PageSize) > 0 ? Number(body.PageSize) : pageSize;
		const total = Number(body[call.totalKey]);
		if (list.length < served || list.length === 0) break;
		if (Number.isFinite(total) && (page + 1) * served >= total) break;
	}
	return { found: true, firstPage };
}

/** Every item of a listing (see forEachPage), stopping early at `limit`. */
export async function getPages(
	context: UemContext,
	session: UemSession,
	call: PagedCall,
	options: { limit?: number; itemIndex?: number } = {},
): Promise<PagedAnswer> {
	const items: unknown[] = [];
	const limit = options.limit ?? Number.POSITIVE_INFINITY;
	const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.ceil(limit)));
	const walk = await forEachPage(
		context,
		session,
		call,
		(list) => {
			items.push(...list);
			return items.length < limit;
		},
		{ pageSize, itemIndex: options.itemIndex },
	);
	if (!walk.found) return walk;
	return { found: true, items: items.length > limit ? items.slice(0, limit) : items, firstPage: walk.firstPage };
}

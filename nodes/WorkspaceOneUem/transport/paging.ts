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

export type PagedAnswer =
	| { found: true; items: unknown[]; firstPage: Record<string, unknown> | undefined }
	| { found: false; error: UemErrorBody };

/**
 * Reads UEM's 0-based pages until the listing ends: a 204, a short page, or `Total` reached.
 * Stops early at `limit`. A 404 on the first page means the parent (device, profile) is not
 * there and is returned, not thrown, so the operation can say what was not found.
 */
export async function getPages(
	context: UemContext,
	session: UemSession,
	call: PagedCall,
	options: { limit?: number; itemIndex?: number } = {},
): Promise<PagedAnswer> {
	const items: unknown[] = [];
	const limit = options.limit ?? Number.POSITIVE_INFINITY;
	const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.ceil(limit)));
	let firstPage: Record<string, unknown> | undefined;

	for (let page = 0; page < MAX_PAGES && items.length < limit; page++) {
		const answer = await uemGet(
			context,
			session,
			{ ...call, qs: { ...call.qs, page, pagesize: pageSize } },
			options.itemIndex,
		);
		if (answer.status === 204) break;
		if (answer.status === 404) {
			if (page === 0) return { found: false, error: answer.error };
			break;
		}
		const body = answer.body;
		const list = isRecord(body) ? body[call.itemsKey] : undefined;
		if (!isRecord(body) || !Array.isArray(list)) {
			const where = failedCall(session.connection.apiUrl, call.path, options.itemIndex);
			throw unexpectedShapeError(context.getNode(), where, `a "${call.itemsKey}" list`);
		}
		firstPage ??= body;
		items.push(...list);
		const served = Number(body.PageSize) > 0 ? Number(body.PageSize) : pageSize;
		const total = Number(body[call.totalKey]);
		if (list.length < served || list.length === 0) break;
		if (Number.isFinite(total) && (page + 1) * served >= total) break;
	}
	return { found: true, items: items.length > limit ? items.slice(0, limit) : items, firstPage };
}

import type { IDataObject } from 'n8n-workflow';

import type { QueryValue, UemApi, UemCall } from '../transport/calls';
import { listAll, readPage } from '../transport/paging';
import { isRecord } from '../transport/responseBody';
import { uemHttpError } from '../transport/uemErrors';
import { withIdFirst } from './groups';

export type TagAction = 'add' | 'remove';

/** The tags visible in an organization group (`GET /api/mdm/tags/search`), optionally by name, up to `limit`. */
export async function searchTags(api: UemApi, qs: Record<string, QueryValue>, limit?: number): Promise<IDataObject[]> {
	const items = await listAll(api, { path: '/api/mdm/tags/search', qs, version: 1, itemsKey: 'Tags', totalKey: 'Total' }, limit);
	return items.map((tag) => withIdFirst('tagId', tag));
}

/** One page of the tags an organization group sees, by name, for the Tag picker. */
export async function searchTagsPage(api: UemApi, qs: Record<string, QueryValue>, page: number, pageSize: number): Promise<{ tags: IDataObject[]; more: boolean }> {
	const answer = await readPage(api, { path: '/api/mdm/tags/search', qs, version: 1, itemsKey: 'Tags', totalKey: 'Total' }, page, pageSize);
	if ('found' in answer) throw uemHttpError(api.node, answer.call, answer.status, answer.error);
	return { tags: answer.items.map((tag) => withIdFirst('tagId', tag)), more: answer.more };
}

/** The devices that carry a tag (`GET /api/mdm/tags/{id}/devices`), each with its tag's id, up to `limit`; a tag UEM does not have is UEM's error. */
export async function devicesOfTag(api: UemApi, tagId: string, limit?: number): Promise<IDataObject[]> {
	const items = await listAll(api, { path: `/api/mdm/tags/${tagId}/devices`, version: 1, itemsKey: 'Device', totalKey: 'Total' }, limit);
	return items.map((record) => ({ tagId: Number(tagId), ...(isRecord(record) ? (record as IDataObject) : {}) }));
}

/** Adds devices to a tag or takes them off it: `POST /api/mdm/tags/{id}/adddevices` or `/removedevices`, body `{"BulkValues":{"Value":[…]}}` of device ids. */
export function tagDevicesCall(action: TagAction, tagId: string, deviceIds: string[]): UemCall {
	return { method: 'POST', path: `/api/mdm/tags/${tagId}/${action}devices`, body: { BulkValues: { Value: deviceIds } }, version: 1 };
}

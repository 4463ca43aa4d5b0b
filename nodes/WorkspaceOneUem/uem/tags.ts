import { NodeOperationError, type IDataObject, type INode } from 'n8n-workflow';

import type { QueryValue, UemApi, UemCall } from '../transport/calls';
import { getPages } from '../transport/paging';
import { isRecord } from '../transport/responseBody';
import { uemHttpError } from '../transport/uemErrors';
import { deviceIdOf } from './devices';

export type TagAction = 'add' | 'remove';

/** A tag id as UEM numbers it, or a clear error before any request. */
export function parseTagId(node: INode, raw: unknown): string {
	const value = raw === undefined || raw === null ? '' : String(raw).trim();
	if (!/^\d+$/.test(value)) {
		throw new NodeOperationError(node, value === '' ? 'Tag ID is empty' : `Tag ID must be a whole number, got "${value}"`, {
			description: "Use UEM's numeric tag ID: Tag › Search lists the tags of an organization group with their tagId.",
		});
	}
	return value;
}

/** A tag record with its numeric id first (`tagId`), whatever shape UEM gave it (`Id: {Value}` or `Id`). */
function withTagId(record: unknown): IDataObject {
	const tag = isRecord(record) ? (record as IDataObject) : {};
	return { tagId: deviceIdOf(tag) ?? null, ...tag };
}

/** The tags visible in an organization group (`GET /api/mdm/tags/search`), optionally by name, up to `limit`. */
export async function searchTags(api: UemApi, qs: Record<string, QueryValue>, limit?: number): Promise<IDataObject[]> {
	const answer = await getPages(api, { path: '/api/mdm/tags/search', qs, version: 1, itemsKey: 'Tags', totalKey: 'Total' }, limit);
	if (!answer.found) throw uemHttpError(api.node, answer.call, answer.status, answer.error);
	return answer.items.map(withTagId);
}

/** The devices that carry a tag (`GET /api/mdm/tags/{id}/devices`), each with its tag's id, up to `limit`; a tag UEM does not have is UEM's error. */
export async function devicesOfTag(api: UemApi, tagId: string, limit?: number): Promise<IDataObject[]> {
	const answer = await getPages(api, { path: `/api/mdm/tags/${tagId}/devices`, version: 1, itemsKey: 'Device', totalKey: 'Total' }, limit);
	if (!answer.found) throw uemHttpError(api.node, answer.call, answer.status, answer.error);
	return answer.items.map((record) => ({ tagId: Number(tagId), ...(isRecord(record) ? (record as IDataObject) : {}) }));
}

/** Adds devices to a tag or takes them off it: `POST /api/mdm/tags/{id}/adddevices` or `/removedevices`, body `{"BulkValues":{"Value":[…]}}` of device ids. */
export function tagDevicesCall(action: TagAction, tagId: string, deviceIds: string[]): UemCall {
	return { method: 'POST', path: `/api/mdm/tags/${tagId}/${action}devices`, body: { BulkValues: { Value: deviceIds } }, version: 1 };
}

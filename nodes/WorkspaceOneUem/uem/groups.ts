import type { IDataObject } from 'n8n-workflow';

import type { UemApi } from '../transport/calls';
import { listAll, readPage } from '../transport/paging';
import { isRecord, recordIdOf } from '../transport/responseBody';
import { uemHttpError, unexpectedShapeError } from '../transport/uemErrors';

/** A group, smart group or tag record with its numeric id first under `key`, whatever shape UEM gave it (`Id: {Value}` or `Id`). */
export function withIdFirst(key: string, record: unknown, idOf: (record: IDataObject) => number | undefined = recordIdOf): IDataObject {
	const fields = isRecord(record) ? (record as IDataObject) : {};
	return { [key]: idOf(fields) ?? null, ...fields };
}

const LISTING = { path: '/api/system/groups/search', version: 1, itemsKey: 'LocationGroups', totalKey: 'Total' };

/** One page of the organization groups whose name contains `name` (System API v1), for the pickers. */
export async function searchGroupsPage(api: UemApi, name: string, page: number, pageSize: number): Promise<{ groups: IDataObject[]; more: boolean }> {
	const answer = await readPage(api, { ...LISTING, qs: { name } }, page, pageSize);
	if ('found' in answer) throw uemHttpError(api.node, answer.call, answer.status, answer.error);
	return { groups: answer.items.filter(isRecord) as IDataObject[], more: answer.more };
}

/** The organization groups whose name contains `name` (every group the OAuth client sees when empty), up to `limit`. */
export async function searchGroups(api: UemApi, name: string, limit?: number): Promise<IDataObject[]> {
	const items = await listAll(api, { ...LISTING, qs: { name } }, limit);
	return items.map((group) => withIdFirst('organizationGroupId', group));
}

/**
 * The groups below an organization group (`GET /api/system/groups/{id}/children`, not paged).
 * UEM's list starts with the group itself (a public client of the API skips it): it is left out
 * here, wherever it comes. A bare list and one under `LocationGroups` are both read; a group UEM
 * does not have is UEM's error (404).
 */
export async function childrenOfGroup(api: UemApi, groupId: number): Promise<IDataObject[]> {
	const answer = await api.get({ path: `/api/system/groups/${groupId}/children`, version: 1 });
	if (answer.kind === 'missing') throw uemHttpError(api.node, answer.call, answer.status, answer.error);
	if (answer.kind === 'empty') return [];
	const body = answer.body;
	const list = Array.isArray(body) ? body : isRecord(body) ? body.LocationGroups : undefined;
	if (!Array.isArray(list) || !list.every(isRecord)) throw unexpectedShapeError(api.node, answer.call, 'a list of organization groups');
	return list.map((group) => withIdFirst('organizationGroupId', group)).filter((group) => group.organizationGroupId !== groupId);
}

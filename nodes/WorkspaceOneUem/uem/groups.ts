import type { IDataObject } from 'n8n-workflow';

import type { UemApi } from '../transport/calls';
import { readPage } from '../transport/paging';
import { isRecord } from '../transport/responseBody';
import { uemHttpError } from '../transport/uemErrors';

const SEARCH_PATH = '/api/system/groups/search';

/** One page of the organization groups whose name contains `name` (System API v1), for the pickers. */
export async function searchGroupsPage(api: UemApi, name: string, page: number, pageSize: number): Promise<{ groups: IDataObject[]; more: boolean }> {
	const answer = await readPage(api, { path: SEARCH_PATH, qs: { name }, version: 1, itemsKey: 'LocationGroups', totalKey: 'Total' }, page, pageSize);
	if ('found' in answer) throw uemHttpError(api.node, answer.call, answer.status, answer.error);
	return { groups: answer.items.filter(isRecord) as IDataObject[], more: answer.more };
}

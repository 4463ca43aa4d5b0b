import type { IDataObject } from 'n8n-workflow';

import type { QueryValue, UemApi } from '../transport/calls';
import { listAll, readPage } from '../transport/paging';
import { isRecord } from '../transport/responseBody';
import { uemHttpError } from '../transport/uemErrors';
import { withIdFirst } from './groups';

const SEARCH = { path: '/api/mdm/smartgroups/search', version: 1, itemsKey: 'SmartGroups', totalKey: 'Total' };

/** A smart group's numeric id, from `SmartGroupID` (UEM's search) or `Id` in either of UEM's shapes. */
export function smartGroupIdOf(record: unknown): number | undefined {
	if (!isRecord(record)) return undefined;
	const raw = record.SmartGroupID ?? record.SmartGroupId ?? (isRecord(record.Id) ? record.Id.Value : record.Id);
	const id = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
	return typeof id === 'number' && Number.isInteger(id) ? id : undefined;
}

/** The smart groups an organization group sees (`GET /api/mdm/smartgroups/search`), by name, each with its `smartGroupId` first, up to `limit`. */
export async function searchSmartGroups(api: UemApi, qs: Record<string, QueryValue>, limit?: number): Promise<IDataObject[]> {
	const items = await listAll(api, { ...SEARCH, qs }, limit);
	return items.map((group) => withIdFirst('smartGroupId', group, smartGroupIdOf));
}

/** One page of smart groups by name, for the Smart Group picker. */
export async function searchSmartGroupsPage(api: UemApi, qs: Record<string, QueryValue>, page: number, pageSize: number): Promise<{ groups: IDataObject[]; more: boolean }> {
	const answer = await readPage(api, { ...SEARCH, qs }, page, pageSize);
	if ('found' in answer) throw uemHttpError(api.node, answer.call, answer.status, answer.error);
	return { groups: answer.items.map((group) => withIdFirst('smartGroupId', group, smartGroupIdOf)), more: answer.more };
}

/** The devices a smart group holds (`GET /api/mdm/smartgroups/{id}/devices`), UEM's records, up to `limit`; an unknown smart group is UEM's error. */
export async function devicesOfSmartGroup(api: UemApi, smartGroupId: string, limit?: number): Promise<IDataObject[]> {
	const items = await listAll(api, { path: `/api/mdm/smartgroups/${smartGroupId}/devices`, version: 1, itemsKey: 'Devices', totalKey: 'Total' }, limit);
	return items.filter(isRecord) as IDataObject[];
}

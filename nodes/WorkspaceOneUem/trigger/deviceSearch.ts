import type { IDataObject } from 'n8n-workflow';

import { forEachPage, MAX_PAGE_SIZE } from '../transport/paging';
import type { QueryValue } from '../transport/request';
import { isRecord } from '../transport/responseBody';
import { failedCall, uemHttpError, unexpectedShapeError } from '../transport/uemErrors';
import type { TriggerRun } from './state';
import { hasDeviceScope } from './watch';

const SEARCH_PATH = '/api/mdm/devices/search';

/** A device of the search as the trigger reads it: its numeric id, and UEM's record as it came. */
export interface FoundDevice {
	id: number;
	record: IDataObject;
}

function deviceIdOf(device: unknown): number | undefined {
	const raw = isRecord(device) ? device.Id : undefined;
	const id = isRecord(raw) ? raw.Value : raw;
	const number = typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : id;
	return typeof number === 'number' && Number.isInteger(number) ? number : undefined;
}

/**
 * Reads device search pages (UEM's `lgid` and `platform` from the watch, plus `qs`) and hands
 * each page's devices to `onPage` until it returns false or the search ends.
 */
export async function walkDeviceSearch(
	run: TriggerRun,
	qs: Record<string, QueryValue>,
	onPage: (devices: FoundDevice[]) => boolean | void,
	pageSize = MAX_PAGE_SIZE,
): Promise<void> {
	const { context, session, watch } = run;
	const where = failedCall(session.connection.apiUrl, SEARCH_PATH);
	const walk = await forEachPage(
		context,
		session,
		{
			path: SEARCH_PATH,
			version: 1,
			itemsKey: 'Devices',
			totalKey: 'Total',
			qs: {
				lgid: watch.organizationGroupId > 0 ? watch.organizationGroupId : undefined,
				platform: watch.platform === '' ? undefined : watch.platform,
				...qs,
			},
		},
		(list) =>
			onPage(
				list.map((record) => {
					const id = deviceIdOf(record);
					if (id === undefined) throw unexpectedShapeError(context.getNode(), where, 'a numeric Id for every device');
					return { id, record: record as IDataObject };
				}),
			),
		{ pageSize },
	);
	if (!walk.found) throw uemHttpError(context.getNode(), where, 404, { kind: 'json', value: walk.error });
}

/**
 * The ids of the devices in the watch's organization group and platform (one call per 500), or
 * undefined when the watch has neither filter: the per-profile listings know no group or platform.
 */
export async function devicesInScope(run: TriggerRun): Promise<Set<number> | undefined> {
	if (!hasDeviceScope(run.watch)) return undefined;
	const ids = new Set<number>();
	// Sorted by id so that devices enrolled during the read do not shift later pages.
	await walkDeviceSearch(run, { orderby: 'Id' }, (devices) => {
		for (const device of devices) ids.add(device.id);
	});
	return ids;
}

import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { openClient, type UemClient } from '../transport/client';
import { DEFAULT_REQUESTS_PER_MINUTE } from '../transport/retryPolicy';
import { deviceIdOf, getDevice, searchDevicesPage } from '../uem/devices';

/** A picker's page: small, so that the list opens at once. */
const PICKER_PAGE = 50;

/**
 * The client of one picker search, with the node's defaults (a picker runs outside any execution;
 * the token comes from this process's copy of the token cache when there is one).
 */
async function pickerClient(context: ILoadOptionsFunctions): Promise<UemClient> {
	return await openClient(context, { timeoutMs: 30_000, requestsPerMinute: DEFAULT_REQUESTS_PER_MINUTE, concurrency: 4 });
}

function deviceEntry(record: IDataObject): INodeListSearchItems | undefined {
	const id = deviceIdOf(record);
	if (id === undefined) return undefined;
	const name = [record.DeviceFriendlyName ?? record.Model, record.SerialNumber, record.UserName].filter((part) => typeof part === 'string' && part !== '').join(' · ');
	return { name: name || `Device ${id}`, value: String(id) };
}

/**
 * Devices for the Device picker: typed text is tried as a serial number (an exact lookup) and as
 * a user name (UEM's user filter, which also finds longer names); without text, every device, a
 * page at a time.
 */
export async function searchDevices(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const api = await pickerClient(this);
	const page = Number(paginationToken ?? 0);
	const text = (filter ?? '').trim();
	const found = await searchDevicesPage(api, text === '' ? {} : { user: text }, page, PICKER_PAGE);
	const records = [...found.devices];
	if (text !== '' && page === 0) {
		const bySerial = await getDevice(api, { type: 'serialNumber', value: text });
		if ('device' in bySerial) records.unshift(bySerial.device);
	}
	const seen = new Set<string>();
	const results: INodeListSearchItems[] = [];
	for (const record of records) {
		const entry = deviceEntry(record);
		if (entry && !seen.has(String(entry.value))) {
			seen.add(String(entry.value));
			results.push(entry);
		}
	}
	return { results, paginationToken: found.more ? String(page + 1) : undefined };
}

import { MAX_PAGE_SIZE } from '../transport/paging';
import type { FoundDevice } from '../uem/devices';
import { walkWatchedDevices } from './deviceSearch';
import type { EventWatcher, TriggerRun } from './state';

/** Page size while looking for new devices: a poll usually finds a few, so short pages keep it to one small call. */
const NEW_DEVICES_PAGE = 100;

const NEWEST_FIRST = { orderby: 'Id', sortorder: 'DESC' };

/** The devices with the highest ids (UEM numbers devices in the order it adds them). */
async function newestDevices(run: TriggerRun, limit: number): Promise<FoundDevice[]> {
	const found: FoundDevice[] = [];
	await walkWatchedDevices(
		run,
		NEWEST_FIRST,
		(devices) => {
			found.push(...devices);
			return found.length < limit;
		},
		Math.min(limit, MAX_PAGE_SIZE),
	);
	return found.slice(0, limit);
}

/**
 * Every device with an id above `since`, oldest first. Reads newest first and stops at the first
 * page that reaches a known id; should the server ignore the sort order, it reads every page.
 */
async function devicesAbove(run: TriggerRun, since: number): Promise<FoundDevice[]> {
	const found = new Map<number, FoundDevice>();
	let lastId = Number.POSITIVE_INFINITY;
	let newestFirst = true;
	await walkWatchedDevices(
		run,
		NEWEST_FIRST,
		(devices) => {
			for (const device of devices) {
				if (device.id > lastId) newestFirst = false;
				lastId = device.id;
				if (device.id > since) found.set(device.id, device);
			}
			return !(newestFirst && devices.length > 0 && lastId <= since);
		},
		since < 0 ? MAX_PAGE_SIZE : NEW_DEVICES_PAGE,
	);
	return [...found.values()].sort((a, b) => a.id - b.id);
}

/** Device enrolled: devices whose id is above the highest one seen at the last poll. */
export const deviceEnrolled: EventWatcher = {
	async poll(run, previous) {
		const known = typeof previous?.lastDeviceId === 'number' ? previous.lastDeviceId : undefined;
		if (known === undefined && !run.watch.emitExisting) {
			// The first poll only needs to know where the fleet ends: one call for one device.
			const [newest] = await newestDevices(run, 1);
			return { state: { lastDeviceId: newest?.id ?? 0 }, items: [] };
		}
		const devices = await devicesAbove(run, known ?? -1);
		const lastDeviceId = devices.reduce((highest, device) => Math.max(highest, device.id), known ?? 0);
		return { state: { lastDeviceId }, items: devices.map((device) => device.record) };
	},

	async sample(run, limit) {
		return (await newestDevices(run, limit)).map((device) => device.record);
	},
};

import type { FoundDevice } from '../uem/devices';
import { walkWatchedDevices } from './deviceSearch';
import { decodeIds, encodeIds } from './idSet';
import type { EventWatcher, TriggerRun } from './state';

const NON_COMPLIANT = { compliantstatus: 'NonCompliant', orderby: 'Id' };

/**
 * UEM's own word on the device, when the record has one. A tenant that ignored the search's
 * compliance filter would otherwise make every device look newly non-compliant.
 */
function saysNonCompliant(device: FoundDevice): boolean {
	const status = device.record.ComplianceStatus;
	return typeof status !== 'string' || /^non-?compliant$/i.test(status.trim());
}

/** Reads the non-compliant devices page by page, handing each on; returns their ids. */
async function nonCompliantDevices(run: TriggerRun, onDevice: (device: FoundDevice) => boolean | void): Promise<number[]> {
	const ids: number[] = [];
	await walkWatchedDevices(run, NON_COMPLIANT, (devices) => {
		for (const device of devices.filter(saysNonCompliant)) {
			ids.push(device.id);
			if (onDevice(device) === false) return false;
		}
		return true;
	});
	return ids;
}

/** Device became non-compliant: non-compliant devices that were not at the last poll. */
export const deviceNonCompliant: EventWatcher = {
	async poll(run, previous) {
		const known = new Set(decodeIds(previous?.nonCompliant));
		const emitting = typeof previous?.nonCompliant === 'string' || run.watch.emitExisting;
		const fresh: FoundDevice[] = [];
		const ids = await nonCompliantDevices(run, (device) => {
			// Only the new ones are kept whole: the rest of the fleet is held as ids.
			if (emitting && !known.has(device.id)) fresh.push(device);
		});
		return { state: { nonCompliant: encodeIds(ids) }, items: fresh.sort((a, b) => a.id - b.id).map((device) => device.record) };
	},

	async sample(run, limit) {
		const found: FoundDevice[] = [];
		await nonCompliantDevices(run, (device) => {
			found.push(device);
			return found.length < limit;
		});
		return found.map((device) => device.record);
	},
};

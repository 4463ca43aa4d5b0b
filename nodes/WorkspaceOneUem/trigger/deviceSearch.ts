import type { QueryValue } from '../transport/calls';
import { allDeviceIds, walkDeviceSearch, type FoundDevice } from '../uem/devices';
import type { TriggerRun } from './state';
import type { WatchSettings } from './watch';

function scopeQuery(watch: WatchSettings): Record<string, QueryValue> {
	return {
		lgid: watch.organizationGroupId > 0 ? watch.organizationGroupId : undefined,
		platform: watch.platform === '' ? undefined : watch.platform,
	};
}

/** Device search pages within the watch's organization group and platform, plus `qs`. */
export async function walkWatchedDevices(
	run: TriggerRun,
	qs: Record<string, QueryValue>,
	onPage: (devices: FoundDevice[]) => boolean | void,
	pageSize?: number,
): Promise<void> {
	await walkDeviceSearch(run.api, { ...scopeQuery(run.watch), ...qs }, onPage, { pageSize });
}

/**
 * The ids of the devices in the watch's organization group and platform (one call per 500), or
 * undefined when the watch has neither filter: the per-profile listings know no group or platform.
 */
export async function devicesInScope(run: TriggerRun): Promise<Set<number> | undefined> {
	const { organizationGroupId, platform } = run.watch;
	return organizationGroupId > 0 || platform !== '' ? new Set(await allDeviceIds(run.api, scopeQuery(run.watch))) : undefined;
}

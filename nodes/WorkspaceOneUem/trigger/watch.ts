import { createHash } from 'node:crypto';
import { NodeOperationError, type IDataObject, type IPollFunctions } from 'n8n-workflow';

import { transportSettingsFrom } from '../actions/common.descriptions';
import { organizationGroupOf } from '../actions/pickerFields';
import { readWantedList } from '../uem/profiles';
import type { TransportSettings } from '../transport/session';

export const TRIGGER_EVENTS = ['profileFailed', 'deviceEnrolled', 'deviceNonCompliant'] as const;
export type TriggerEvent = (typeof TRIGGER_EVENTS)[number];

/** What the trigger watches, read once per poll from its parameters. */
export interface WatchSettings {
	event: TriggerEvent;
	/** UEM's `lgid`; 0 for no group filter. */
	organizationGroupId: number;
	/** UEM's platform name; '' for any. */
	platform: string;
	/** Profile names to watch; empty for every profile. */
	profileNames: string[];
	/** Profile status names to report; empty for every status but ConfirmedInstall. */
	statuses: Set<string>;
	emitExisting: boolean;
	transport: TransportSettings;
}

export function readWatch(context: IPollFunctions): WatchSettings {
	const event = context.getNodeParameter('event', 'profileFailed') as TriggerEvent;
	if (!TRIGGER_EVENTS.includes(event)) {
		throw new NodeOperationError(context.getNode(), `The event "${String(event)}" is not supported`);
	}
	const filters = context.getNodeParameter('filters', {}) as IDataObject;
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const profileFailed = event === 'profileFailed';
	return {
		event,
		// Either version's field: the picker of version 2, the number of version 1 (0 or empty: every group).
		organizationGroupId: organizationGroupOf(context.getNode(), filters) ?? 0,
		platform: typeof filters.platform === 'string' ? filters.platform.trim() : '',
		profileNames: profileFailed ? readWantedList(context.getNodeParameter('profileNames', ''), false) : [],
		statuses: new Set(profileFailed && Array.isArray(filters.statuses) ? (filters.statuses as string[]) : []),
		emitExisting: options.emitExisting === true,
		// Eight calls at a time: a poll competes with every workflow using the same API key.
		transport: { ...transportSettingsFrom(options), concurrency: 8 },
	};
}

/**
 * What the remembered state is about: the event, its filters and the tenant. When any of them
 * changes, the old state no longer describes what is watched, so the next poll starts afresh
 * (records silently) instead of reporting the difference as a flood of new matches.
 */
export function fingerprintOf(watch: WatchSettings, apiUrl: string): string {
	const about = [
		watch.event,
		apiUrl.toLowerCase(),
		watch.organizationGroupId,
		watch.platform.toLowerCase(),
		watch.profileNames.map((name) => name.toLowerCase()).sort(),
		[...watch.statuses].sort(),
	];
	return createHash('sha256').update(JSON.stringify(about)).digest('base64url').slice(0, 16);
}

import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { isRecord } from '../transport/responseBody';
import type { UemApi } from '../transport/calls';
import type { WatchSettings } from './watch';

/** Where the trigger keeps what it has reported, in the node's static data. */
export const STATE_KEY = 'workspaceOneUemTrigger';

/**
 * What the trigger remembers between polls, compactly: ids only, never device records, so that
 * it stays small for a large fleet (see idSet.ts). Only the current event's field is set.
 */
export interface TriggerState {
	v: 1;
	/** What the state is about (fingerprintOf): another fingerprint means start afresh. */
	fingerprint: string;
	/** Profile failed: per profile UUID, the encoded ids of devices whose failure is already known. */
	failing?: Record<string, string>;
	/** Device enrolled: the highest device id seen. */
	lastDeviceId?: number;
	/** Device became non-compliant: the encoded ids of the devices non-compliant at the last poll. */
	nonCompliant?: string;
}

export interface TriggerRun {
	context: IPollFunctions;
	api: UemApi;
	watch: WatchSettings;
	/** Time (ms since epoch) after which a poll starts no more optional per-device calls. */
	deadline: number;
}

export interface PollOutcome {
	/** The event's field of the state after this poll. */
	state: Partial<TriggerState>;
	/** New matches, oldest or most important first. */
	items: IDataObject[];
}

/** One event: how a poll compares the tenant with the state, and a real sample for manual runs. */
export interface EventWatcher {
	/** `previous` is undefined on the first poll (or after the watch changed). */
	poll(run: TriggerRun, previous: TriggerState | undefined): Promise<PollOutcome>;
	/** Up to `limit` current matches, without reading or touching the state. */
	sample(run: TriggerRun, limit: number): Promise<IDataObject[]>;
}

/** The stored state when it is about what is watched now; undefined means "first poll". */
export function readState(staticData: IDataObject, fingerprint: string): TriggerState | undefined {
	const stored = staticData[STATE_KEY];
	if (!isRecord(stored) || stored.v !== 1 || stored.fingerprint !== fingerprint) return undefined;
	return stored as unknown as TriggerState;
}

export function writeState(staticData: IDataObject, fingerprint: string, outcome: PollOutcome): void {
	// A new object each time: n8n notices the change and saves it with the next emitted run.
	staticData[STATE_KEY] = { v: 1, fingerprint, ...outcome.state } as unknown as IDataObject;
}

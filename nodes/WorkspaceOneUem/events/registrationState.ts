import type { IDataObject } from 'n8n-workflow';

import { isRecord } from '../transport/responseBody';
import type { EventKind } from '../uem/eventKinds';
import { isVerifier, type PairVerifier } from './basicAuth';

/** Where the Event Trigger keeps its registrations, in the node's static data. */
export const REGISTRATIONS_KEY = 'workspaceOneUemEventRegistrations';

/**
 * One registration this trigger made with UEM: its id there, what it asked for, and the verifier
 * of the Basic pair UEM was given (never the pair). Keyed by the URL it registered, so the
 * production URL and the editor's test URL each keep their own.
 */
export interface StoredRegistration {
	v: 1;
	id: string;
	/** The chosen events and group, as registered: another choice means registering anew. */
	about: string;
	verifier: PairVerifier;
}

export function aboutOf(kinds: EventKind[], organizationGroupId: number): string {
	return `${[...kinds].sort().join(',')}|${organizationGroupId}`;
}

function isStored(value: unknown): value is StoredRegistration {
	return isRecord(value) && value.v === 1 && typeof value.id === 'string' && typeof value.about === 'string' && isVerifier(value.verifier);
}

function entries(staticData: IDataObject): Record<string, StoredRegistration> {
	const all = staticData[REGISTRATIONS_KEY];
	if (!isRecord(all)) return {};
	return Object.fromEntries(Object.entries(all).filter(([, entry]) => isStored(entry))) as Record<string, StoredRegistration>;
}

export function storedFor(staticData: IDataObject, url: string): StoredRegistration | undefined {
	return entries(staticData)[url];
}

/** Every verifier this node holds (production and test URL): an event must match one. */
export function storedVerifiers(staticData: IDataObject): PairVerifier[] {
	return Object.values(entries(staticData)).map((entry) => entry.verifier);
}

/** Saves (or with undefined, forgets) the registration of a URL. */
export function store(staticData: IDataObject, url: string, entry: StoredRegistration | undefined): void {
	const next = entries(staticData);
	if (entry === undefined) delete next[url];
	else next[url] = entry;
	// A new object: n8n notices a changed top-level key and saves the static data.
	staticData[REGISTRATIONS_KEY] = next as unknown as IDataObject;
}

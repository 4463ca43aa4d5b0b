import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { UemSession } from '../transport/session';

/**
 * One input item with its parameters read and checked: runs its requests and gives its output
 * (JSON only; the router adds pairedItem).
 */
export type PreparedItem = (session: UemSession) => Promise<IDataObject[]>;

/** What every operation file exports. */
export interface UemOperation {
	description: INodeProperties[];
	/**
	 * Reads and checks one input item's parameters, without any request. Kept apart from the
	 * requests so that the router can read later items while earlier ones wait for UEM.
	 */
	prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem;
}

export type UemNodeType = {
	device: 'search' | 'get';
	profile: 'getStatus' | 'getFleetStatus';
};

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { UemApi } from '../transport/calls';

/**
 * One input item with its parameters read and checked: makes its calls through the run's client
 * (or a test's fake) and gives its output (JSON only; the router adds pairedItem and the item index).
 */
export type PreparedItem = (api: UemApi) => Promise<IDataObject[]>;

/** What every operation file exports: its fields and how it reads an item. */
export interface UemOperation {
	description: INodeProperties[];
	/**
	 * Reads and checks one input item's parameters, without any request. Kept apart from the
	 * requests so that the router can read later items while earlier ones wait for UEM.
	 */
	prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem;
}

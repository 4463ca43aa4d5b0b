import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { UemApi } from '../transport/calls';

/**
 * One input item with its parameters read and checked: makes its calls through the run's client
 * (or a test's fake) and gives its output (JSON only; the router adds pairedItem and the item index).
 */
export type PreparedItem = (api: UemApi) => Promise<IDataObject[]>;

/** Each item's outcome when a run goes as one batch: its output, or its error. */
export type BatchResult = Array<IDataObject[] | Error>;

/** What every operation file exports: its fields, how it reads an item (`prepare`), a whole run (`prepareRun`) or both, and its text as a tool. */
export interface UemOperation {
	description: INodeProperties[];
	/**
	 * Reads and checks one input item's parameters, without any request. Kept apart from the
	 * requests so that the router can read later items while earlier ones wait for UEM.
	 */
	prepare?(this: IExecuteFunctions, itemIndex: number): PreparedItem;
	/**
	 * For an operation that can do a whole run in a few calls (a bulk command): the run's work when
	 * its parameters ask for that, else undefined and the router goes item by item with `prepare`.
	 * An operation without `prepare` always returns a batch.
	 */
	prepareRun?(this: IExecuteFunctions, items: number): ((api: UemApi) => Promise<BatchResult>) | undefined;
	/** What an AI agent or MCP client reads about the operation as a tool (the tool's Description, editable there). */
	toolDescription?: string;
}

import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { isAiTool } from '../helpers/aiTool';
import { ReadAhead } from '../helpers/readAhead';
import { mapInPool } from '../helpers/taskPool';
import { openClient, type UemClient } from '../transport/client';
import { transportSettingsFrom } from './common.descriptions';
import * as app from './app/App.resource';
import * as customApiCall from './customApiCall/CustomApiCall.resource';
import * as device from './device/Device.resource';
import type { UemOperation } from './node.type';
import * as organizationGroup from './organizationGroup/OrganizationGroup.resource';
import * as profile from './profile/Profile.resource';
import * as smartGroup from './smartGroup/SmartGroup.resource';
import * as tag from './tag/Tag.resource';
import * as user from './user/User.resource';
import { runHints } from './runHints';
import type { ResourceModule } from './toolDescriptions';

/** The resource modules: each exports its operations under their values, next to its description. */
export const resources: Record<string, ResourceModule> = { app, customApiCall, device, organizationGroup, profile, smartGroup, tag, user };

function isOperation(candidate: unknown): candidate is UemOperation {
	const operation = candidate as UemOperation | undefined;
	return typeof operation?.prepare === 'function' || typeof operation?.prepareRun === 'function';
}

function operationFor(context: IExecuteFunctions): UemOperation {
	const resource = context.getNodeParameter('resource', 0) as string;
	const operation = context.getNodeParameter('operation', 0) as string;
	const found = resources[resource]?.[operation];
	if (!isOperation(found)) {
		throw new NodeOperationError(context.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return found;
}

/**
 * As an AI tool, an error's message carries its description too: through n8n's AI Agent the model
 * is sent only the message, and the description is what says what to do (an MCP client gets both,
 * and n8n adds no description the message already holds).
 */
function withDescriptionForModel(error: NodeApiError | NodeOperationError): void {
	const description = error.description?.trim();
	if (!description || error.message.includes(description)) return;
	error.message = `${error.message}${/[.!?]$/.test(error.message) ? '' : '.'} ${description}`;
}

/** Whether a run is the node as an AI tool, read once per run (n8n copies the node on every getNode()). */
const toolRuns = new WeakMap<IExecuteFunctions, boolean>();

function runsAsAiTool(context: IExecuteFunctions): boolean {
	let asTool = toolRuns.get(context);
	if (asTool === undefined) toolRuns.set(context, (asTool = isAiTool(context.getNode())));
	return asTool;
}

/** Any failure of one item as an n8n error that says which item failed: the one place an item index is set. */
function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	const nodeError =
		error instanceof NodeApiError || error instanceof NodeOperationError ? error : new NodeOperationError(context.getNode(), error as Error, { itemIndex });
	nodeError.context.itemIndex = itemIndex;
	if (runsAsAiTool(context)) withDescriptionForModel(nodeError);
	return nodeError;
}

/** The "Continue On Fail" output of a failed item: what failed, and UEM's own error details. */
function errorItem(error: NodeApiError | NodeOperationError, itemIndex: number): INodeExecutionData {
	const response = (error as { errorResponse?: IDataObject }).errorResponse ?? {};
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (error instanceof NodeApiError && error.httpCode) json.httpCode = Number(error.httpCode);
	for (const key of ['errorCode', 'activityId', 'attempts', 'outcome'] as const) {
		if (response[key] !== undefined && response[key] !== null) json[key] = response[key];
	}
	return { json, pairedItem: { item: itemIndex } };
}

/**
 * Runs the chosen operation for every input item through one client for the run. Output keeps
 * the input order, every item (errors included) is paired with its input, and a failed item
 * becomes one error item when "Continue On Fail" is on, or stops the run otherwise.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = operationFor(this);
	const settings = transportSettingsFrom(this.getNodeParameter('options', 0, {}) as IDataObject);
	// Reading the credential waits on n8n's database: a whole-run batch is read meanwhile.
	const opening = openClient(this, settings);
	opening.catch(() => undefined); // awaited below, unless reading the run fails first
	let batch: ReturnType<NonNullable<UemOperation['prepareRun']>>;
	let client: UemClient;
	try {
		batch = operation.prepareRun?.call(this, items.length);
		client = await opening;
	} catch (error) {
		// A credential that cannot be used, or a run that cannot be read, fails every item the same way.
		const nodeError = asNodeError(this, error, 0);
		if (this.continueOnFail()) return [items.map((_item, itemIndex) => errorItem(nodeError, itemIndex))];
		throw nodeError;
	}

	const failed = (error: unknown, itemIndex: number): INodeExecutionData[] => {
		const nodeError = asNodeError(this, error, itemIndex);
		if (this.continueOnFail()) return [errorItem(nodeError, itemIndex)];
		throw nodeError;
	};

	let output: INodeExecutionData[];
	if (batch) {
		// Straight into one list: a bulk run's last answer is followed by 10,000 outputs, and
		// n8n's time for the node ends when they are made.
		output = [];
		(await batch(client)).forEach((result, itemIndex) => {
			if (result instanceof Error) output.push(...failed(result, itemIndex));
			else for (const json of result) output.push({ json, pairedItem: { item: itemIndex } });
		});
	} else {
		// A few rounds ahead is enough to keep reading off the requests' path; further only costs memory
		// (reading 1,000 ahead instead of 64 put 500 MB on a 50,000-device run).
		const prepare = operation.prepare as NonNullable<UemOperation['prepare']>;
		const prepared = new ReadAhead(items.length, (itemIndex) => prepare.call(this, itemIndex), {
			window: Math.max(64, 4 * settings.concurrency),
		});
		const perItem = await mapInPool(items.length, settings.concurrency, async (itemIndex) => {
			try {
				const results = await prepared.take(itemIndex)(client);
				return results.map((json): INodeExecutionData => ({ json, pairedItem: { item: itemIndex } }));
			} catch (error) {
				return failed(error, itemIndex);
			}
		}).finally(() => prepared.stop());
		output = perItem.flat();
	}
	const hints = runHints(client.session);
	if (hints.length > 0) this.addExecutionHints(...hints);
	return [output];
}

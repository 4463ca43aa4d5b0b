import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { isAiTool } from '../helpers/aiTool';
import { squeezed } from '../uem/commands';
import { ledgerKeyOf, reachedBefore, recordReached, type LedgerKey } from './toolRunLedger';

/**
 * The guardrails every write shares: a dry run that sends nothing, and for destructive actions a
 * confirmation typed by a person and a cap on the devices one run may reach. Their fields sit
 * after the operation's own: `dryRunField`, `allowAsToolField`, then `destructiveGuardFields` where an action can be destructive.
 */
export const dryRunField: INodeProperties = {
	displayName: 'Dry Run',
	name: 'dryRun',
	type: 'boolean',
	default: true,
	noDataExpression: true,
	description:
		'Whether to only output what would be sent (method, path, body, device), sending nothing. Turn it off once the output is what you mean to send.',
};

/** Whether an AI agent may send this write when the node is one of its tools: off unless a person turns it on. */
export const allowAsToolField: INodeProperties = {
	displayName: 'Allow When Used as a Tool',
	name: 'allowAsTool',
	type: 'boolean',
	default: false,
	noDataExpression: true,
	description:
		'Whether an AI agent may send this write when the node is one of its tools. Destructive actions then still need the confirmation and keep the cap set here.',
};

export const destructiveGuardFields: INodeProperties[] = [
	{
		displayName: 'Confirm Destructive Action',
		name: 'confirmDestructive',
		type: 'string',
		default: '',
		noDataExpression: true,
		placeholder: 'e.g. Enterprise Wipe',
		description:
			"Needed for Enterprise Wipe, Device Wipe, Clear Passcode, Shutdown and Delete Device: type the action's name. When the action comes from an expression, type each destructive one it may give, separated by commas.",
	},
	{
		displayName: 'Max Devices Per Run',
		name: 'maxDevicesPerRun',
		type: 'number',
		default: 10,
		noDataExpression: true,
		typeOptions: { minValue: 1, numberPrecision: 0 },
		description:
			'Most devices a destructive action may reach in one run. A run that would reach more is refused before its first request, and nothing is sent.',
	},
];

/** An action an item asks for, as far as the guardrails care. */
export interface GuardedAction {
	/** What the user sees and types to confirm it. */
	name: string;
	value: string;
	destructive: boolean;
}

/** Said to a model after a refusal: only a person can change what made it, so it should not try other arguments. */
const TELL_THE_USER = 'Tell the user; retrying with other arguments will not help.';

interface RunGuards {
	/** Why the whole run is refused whatever its items ask (an AI tool without leave, a guardrail from an expression). */
	refusal?: { message: string; description: string };
	cap: number;
	/** Items of the run that ask for a destructive action, counted once from every item's parameters. */
	destructiveItems: number;
	/** Whether the node runs as an AI tool: its refusals then speak to a model. */
	asTool: boolean;
	/** As an AI tool: where the tool's earlier calls are counted (its execution, or an MCP client's last hour), and how many devices they reached. */
	ledger?: LedgerKey;
	reachedBefore: number;
}

/** Read once per run: n8n copies the whole node for every getNode(), which 10,000 items would pay 10,000 times. */
const guardsOfRuns = new WeakMap<IExecuteFunctions, RunGuards>();

function guardsOfRun(context: IExecuteFunctions, actionOf: (itemIndex: number) => GuardedAction | undefined): RunGuards {
	const known = guardsOfRuns.get(context);
	if (known) return known;
	const node = context.getNode();
	const asTool = isAiTool(node);
	const guards: RunGuards = { cap: Number(context.getNodeParameter('maxDevicesPerRun', 0, 10) ?? 10), destructiveItems: 0, asTool, reachedBefore: 0 };
	if (asTool) {
		guards.ledger = ledgerKeyOf(context, node);
		guards.reachedBefore = reachedBefore(guards.ledger);
	}
	if (asTool && context.getNodeParameter('allowAsTool', 0, false) !== true) {
		guards.refusal = {
			message: 'writes are off when the node is an AI tool',
			description: `Nothing was sent. Only a person can allow it, by turning on "Allow When Used as a Tool" on this tool in n8n (destructive actions then keep the confirmation and the cap). ${TELL_THE_USER}`,
		};
	}
	// The guardrails must come from a person: an expression could take them from the input, or from a model.
	for (const [name, label] of [
		['confirmDestructive', 'Confirm Destructive Action'],
		['maxDevicesPerRun', 'Max Devices Per Run'],
	]) {
		const raw = node.parameters[name];
		if (!guards.refusal && typeof raw === 'string' && raw.startsWith('=')) {
			guards.refusal = {
				message: `Refused: ${label} is an expression. Nothing was sent.`,
				description: 'Type it as a fixed value: the guardrails of a write are set by a person, not by the data or an AI agent.',
			};
		}
	}
	const items = context.getInputData().length;
	for (let itemIndex = 0; itemIndex < items; itemIndex++) if (actionOf(itemIndex)?.destructive) guards.destructiveItems++;
	guardsOfRuns.set(context, guards);
	return guards;
}

/**
 * Why a real run would not send this item's action, or undefined when it would. The cap holds for
 * the whole run: when destructive items outnumber it, every item is refused (also the harmless
 * ones), so that nothing is sent. `actionOf` reads any item's action, undefined when invalid
 * (that item fails on its own).
 */
function refusalOf(
	context: IExecuteFunctions,
	itemIndex: number,
	action: GuardedAction,
	actionOf: (itemIndex: number) => GuardedAction | undefined,
): { message: string; description: string } | undefined {
	const guards = guardsOfRun(context, actionOf);
	if (guards.refusal) {
		const { message, description } = guards.refusal;
		return { message: message.startsWith('writes are off') ? `${action.name} is a write, and ${message}` : message, description };
	}
	if (guards.destructiveItems > 0 && guards.reachedBefore + guards.destructiveItems > guards.cap) {
		if (guards.reachedBefore > 0) {
			return {
				message: `Refused: this tool already sent a destructive action to ${guards.reachedBefore} device${guards.reachedBefore === 1 ? '' : 's'} ${guards.ledger?.windowMs === undefined ? 'in this execution' : 'in the last hour (calls from an MCP client count together)'}, and Max Devices Per Run is ${guards.cap}. Nothing was sent.`,
				description: `Only a person can raise Max Devices Per Run on this tool in n8n. ${TELL_THE_USER}`,
			};
		}
		return {
			message: `Refused: this run would send a destructive action to ${guards.destructiveItems} devices, more than Max Devices Per Run (${guards.cap}). Nothing was sent.`,
			description: 'Raise Max Devices Per Run if you mean it, or send to fewer devices per run (a Limit node before this one).',
		};
	}
	if (!action.destructive) return undefined;
	const confirmed = String(context.getNodeParameter('confirmDestructive', itemIndex, '') ?? '')
		.split(',')
		.map(squeezed);
	if (confirmed.includes(squeezed(action.name)) || confirmed.includes(squeezed(action.value))) return undefined;
	return {
		message: `${action.name} is destructive and not confirmed: nothing was sent`,
		description: guards.asTool
			? `Only a person can confirm it, by typing "${action.name}" in Confirm Destructive Action on this tool in n8n. ${TELL_THE_USER}`
			: `Type "${action.name}" in Confirm Destructive Action to send it.`,
	};
}

/**
 * Checks an item's write against the guardrails: in a real run a refusal is the item's error,
 * thrown before any request; in a dry run it is returned, for the output to show.
 */
export function checkWrite(
	context: IExecuteFunctions,
	itemIndex: number,
	action: GuardedAction,
	actionOf: (itemIndex: number) => GuardedAction | undefined,
	dryRun: boolean,
): { message: string; description: string } | undefined {
	const refusal = refusalOf(context, itemIndex, action, actionOf);
	if (refusal && !dryRun) throw new NodeOperationError(context.getNode(), refusal.message, { description: refusal.description, itemIndex });
	const ledger = guardsOfRuns.get(context)?.ledger;
	if (!refusal && !dryRun && action.destructive && ledger) recordReached(ledger);
	return refusal;
}

import type { IExecuteFunctions, INode } from 'n8n-workflow';

/**
 * When an AI tool sent a destructive action to a device, per tool: an AI agent calls a tool once
 * per device, each call a run of one item, so Max Devices Per Run alone would cap each call, not
 * the agent. Within one execution (the agent's answer to one message) the calls of a tool count
 * together. A call without an execution id (an MCP Server Trigger's, which n8n runs before any
 * execution exists) counts with the same tool's calls of the last hour instead: an MCP client
 * could otherwise wipe one device per call without end. Kept in this process, like the token
 * copy: an execution, and an MCP server's session, runs in one process.
 */
const sentAt = new Map<string, number[]>();

/** How long the calls of an MCP client count together. */
export const MCP_WINDOW_MS = 60 * 60_000;

/** Far more tools and executions than run at once; the oldest are forgotten first. */
const KEYS_KEPT = 1000;

export interface LedgerKey {
	key: string;
	/** Only sends since then count (an MCP client's last hour); an execution counts from its start. */
	windowMs?: number;
}

/** Where this tool's earlier destructive sends are counted: its execution, or (without one) its workflow's last hour. */
export function ledgerKeyOf(context: IExecuteFunctions, node: INode): LedgerKey {
	const executionId = typeof context.getExecutionId === 'function' ? context.getExecutionId() : undefined;
	if (executionId) return { key: `execution\u0000${executionId}\u0000${node.name}` };
	return { key: `workflow\u0000${context.getWorkflow().id ?? ''}\u0000${node.name}`, windowMs: MCP_WINDOW_MS };
}

function stillCounting(ledger: LedgerKey, now: number): number[] {
	const times = sentAt.get(ledger.key) ?? [];
	return ledger.windowMs === undefined ? times : times.filter((time) => time > now - (ledger.windowMs as number));
}

/** Devices this tool sent a destructive action to before, as the ledger counts them. */
export function reachedBefore(ledger: LedgerKey, now = Date.now()): number {
	return stillCounting(ledger, now).length;
}

/** Counts a destructive action about to be sent (counted before sending: a send may arrive even when its answer is lost). */
export function recordReached(ledger: LedgerKey, now = Date.now()): void {
	const times = stillCounting(ledger, now);
	times.push(now);
	sentAt.delete(ledger.key);
	sentAt.set(ledger.key, times);
	for (const oldest of sentAt.keys()) {
		if (sentAt.size <= KEYS_KEPT) break;
		sentAt.delete(oldest);
	}
}

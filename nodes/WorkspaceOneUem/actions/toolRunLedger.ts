import type { IExecuteFunctions, INode } from 'n8n-workflow';

/**
 * Devices an AI tool sent a destructive action to in earlier calls of the same execution. An AI
 * agent calls a tool once per device, each call a run of one item, so Max Devices Per Run alone
 * would cap each call, not the agent: within one execution (the agent's answer to one message)
 * the calls of a tool count together. A call without an execution id (an MCP Server Trigger's,
 * made before n8n creates its execution) stands alone. Kept in this process only, like the node's
 * in-memory token copy: an execution runs in one process.
 */
const reachedByExecution = new Map<string, number>();

/** Far more executions than run at once; the oldest are forgotten first. */
const EXECUTIONS_KEPT = 1000;

/** The ledger entry of this tool in this execution, or undefined when the run has no execution id. */
export function ledgerKeyOf(context: IExecuteFunctions, node: INode): string | undefined {
	const executionId = typeof context.getExecutionId === 'function' ? context.getExecutionId() : undefined;
	return executionId ? `${executionId}\u0000${node.name}` : undefined;
}

/** Devices this tool sent a destructive action to earlier in the execution. */
export function reachedBefore(key: string | undefined): number {
	return key === undefined ? 0 : (reachedByExecution.get(key) ?? 0);
}

/** Counts a destructive action about to be sent (counted before sending: a send may arrive even when its answer is lost). */
export function recordReached(key: string | undefined): void {
	if (key === undefined) return;
	const reached = reachedBefore(key) + 1;
	reachedByExecution.delete(key);
	reachedByExecution.set(key, reached);
	for (const oldest of reachedByExecution.keys()) {
		if (reachedByExecution.size <= EXECUTIONS_KEPT) break;
		reachedByExecution.delete(oldest);
	}
}

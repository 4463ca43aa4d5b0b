// The AI tool ledger on an injected clock: an agent's calls of a tool count together within its
// execution; an MCP client's calls (no execution) count together over the last hour.
import { MCP_WINDOW_MS, reachedBefore, recordReached } from '../../nodes/WorkspaceOneUem/actions/toolRunLedger';

describe('tool ledger', () => {
	it('counts the sends of one execution for as long as it lasts, apart from other executions and tools', () => {
		const execution = { key: 'execution\u0000e1\u0000Wipe' };
		recordReached(execution, 0);
		recordReached(execution, 5 * MCP_WINDOW_MS);
		expect(reachedBefore(execution, 10 * MCP_WINDOW_MS)).toBe(2);
		expect(reachedBefore({ key: 'execution\u0000e2\u0000Wipe' })).toBe(0);
		expect(reachedBefore({ key: 'execution\u0000e1\u0000Lock' })).toBe(0);
	});

	it("counts an MCP client's sends of the last hour only", () => {
		const mcp = { key: 'workflow\u0000w1\u0000Wipe', windowMs: MCP_WINDOW_MS };
		const start = 1_000_000;
		recordReached(mcp, start);
		recordReached(mcp, start + 10 * 60_000);
		expect(reachedBefore(mcp, start + 30 * 60_000)).toBe(2);
		expect(reachedBefore(mcp, start + MCP_WINDOW_MS)).toBe(1);
		expect(reachedBefore(mcp, start + MCP_WINDOW_MS + 10 * 60_000)).toBe(0);
	});
});

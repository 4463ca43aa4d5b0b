import type { INode } from 'n8n-workflow';

/**
 * Whether the node runs as the tool variant n8n makes for AI agents and MCP clients: n8n names it
 * after the node, with "Tool" at the end of its type. Its errors are then read by a model, which
 * can act on "tell the user" but not on "turn on an option in the node".
 */
export function isAiTool(node: Pick<INode, 'type'>): boolean {
	return node.type.endsWith('Tool');
}

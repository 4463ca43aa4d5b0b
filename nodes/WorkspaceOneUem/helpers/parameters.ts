import type { IExecuteFunctions, INode } from 'n8n-workflow';

/** Whether a saved parameter value holds an expression anywhere (n8n evaluates those per item). */
export function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(holdsExpression);
	return false;
}

/**
 * Reads one parameter for any item of a run. A value saved without an expression is the same for
 * every item, so n8n is asked once: it copies and resolves a parameter on every read, which a run
 * of 10,000 items would pay 10,000 times. An expression is still evaluated per item.
 */
export function parameterReader(context: IExecuteFunctions, node: INode, name: string, fallback?: unknown): (itemIndex: number) => unknown {
	if (holdsExpression(node.parameters[name])) return (itemIndex) => context.getNodeParameter(name, itemIndex, fallback);
	const value = context.getNodeParameter(name, 0, fallback);
	return () => value;
}

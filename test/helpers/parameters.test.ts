// parameterReader: a parameter saved without an expression is read from n8n once for the whole
// run; one with an expression anywhere in it is still evaluated for each item.
import type { IExecuteFunctions, INode } from 'n8n-workflow';

import { parameterReader } from '../../nodes/WorkspaceOneUem/helpers/parameters';

function countingContext(parameters: Record<string, unknown>) {
	const reads: Array<[string, number]> = [];
	const context = {
		getNodeParameter: (name: string, itemIndex: number) => {
			reads.push([name, itemIndex]);
			const value = parameters[name];
			return typeof value === 'string' && value.startsWith('=') ? `${value.slice(1)}#${itemIndex}` : value;
		},
	} as unknown as IExecuteFunctions;
	const node = { parameters } as unknown as INode;
	return { context, node, reads };
}

describe('parameterReader', () => {
	it('asks n8n once for a fixed value, whatever the items', () => {
		const { context, node, reads } = countingContext({ command: 'Lock', options: { note: 'plain', concurrency: 4 } });
		const command = parameterReader(context, node, 'command');
		const options = parameterReader(context, node, 'options');
		expect([0, 1, 2].map(command)).toEqual(['Lock', 'Lock', 'Lock']);
		expect(options(5)).toEqual({ note: 'plain', concurrency: 4 });
		expect(reads).toEqual([
			['command', 0],
			['options', 0],
		]);
	});

	it('evaluates per item a value that holds an expression, nested ones included', () => {
		const { context, node, reads } = countingContext({ command: '={{ $json.command }}', options: { note: '={{ $json.why }}' } });
		const command = parameterReader(context, node, 'command');
		parameterReader(context, node, 'options');
		expect([0, 1].map(command)).toEqual(['{{ $json.command }}#0', '{{ $json.command }}#1']);
		expect(reads).toEqual([
			['command', 0],
			['command', 1],
		]);
	});
});

// The node as an AI tool: every operation carries a description written for a model, shown only in
// the tool variant n8n makes from `usableAsTool` (its type name ends in "Tool"), and it is the
// text n8n's own code sends to an AI agent or MCP client for the operation the tool is set to.
import { NodeHelpers, Workflow, type INode, type INodeParameters, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { resources } from '../../nodes/WorkspaceOneUem/actions/router';
import { TOOL_TEXT } from '../../nodes/WorkspaceOneUem/actions/toolDescriptions';
import { WorkspaceOneUem } from '../../nodes/WorkspaceOneUem/WorkspaceOneUem.node';
import { nodeTypesOf } from '../harness/n8n';

const node = new WorkspaceOneUem();

/** What n8n's tool conversion changes that matters here: the name gets "Tool" at its end. */
function toolVariant(): INodeType {
	const description: INodeTypeDescription = { ...node.description, name: `${node.description.name}Tool` };
	return { description, execute: node.execute };
}

/** Every (resource, operation) the editor offers, from the resources' Operation selectors. */
function everyOperation(): Array<[string, string]> {
	return Object.entries(resources).flatMap(([resource, module]) => {
		const selector = module.description.find((field) => field.name === 'operation');
		return (selector?.options ?? []).map((option): [string, string] => [resource, String((option as { value: string }).value)]);
	});
}

function exportedText(resource: string, operation: string): string {
	return (resources[resource][operation] as { toolDescription: string }).toolDescription;
}

/** The node's parameters with their defaults, as n8n's Workflow fills them before a run. */
function parametersAsRun(type: INodeType, parameters: INodeParameters, typeVersion = 2): INodeParameters {
	return NodeHelpers.getNodeParameters(type.description.properties, parameters, true, false, { typeVersion } as INode, type.description) ?? {};
}

describe('tool descriptions', () => {
	it('has one for each of the 22 operations, and only one field per operation', () => {
		const operations = everyOperation();
		expect(operations).toHaveLength(22);
		const fields = node.description.properties.filter((field) => field.name === 'toolDescription');
		expect(fields).toHaveLength(operations.length);
		for (const [resource, operation] of operations) {
			const text = exportedText(resource, operation);
			expect(typeof text).toBe('string');
			// Long enough to say what it does and returns, short enough for a model's tool list.
			expect(text.length).toBeGreaterThan(120);
			expect(text.length).toBeLessThan(900);
			const field = fields.find((candidate) => candidate.displayOptions?.show?.resource?.[0] === resource && candidate.displayOptions?.show?.operation?.[0] === operation);
			expect(field).toMatchObject({ type: 'string', default: text, displayOptions: { show: { '@tool': [true] } } });
		}
	});

	it.each(everyOperation())('%s › %s: the tool variant runs with its own text; the plain node has no such parameter', (resource, operation) => {
		const text = exportedText(resource, operation);
		for (const typeVersion of [1, 2]) {
			expect(parametersAsRun(toolVariant(), { resource, operation }, typeVersion).toolDescription).toBe(text);
			expect(parametersAsRun(node, { resource, operation }, typeVersion)).not.toHaveProperty('toolDescription');
		}
	});

	it("is what n8n sends to the model for a saved tool node, and a person's own text wins", () => {
		const type = toolVariant();
		const saved = (parameters: INodeParameters): INode => ({
			id: 'tool',
			name: 'Profiles of a device',
			type: 'n8n-nodes-workspace-one-uem.workspaceOneUemTool',
			typeVersion: 2,
			position: [0, 0],
			parameters,
		});
		// n8n's Workflow fills the defaults of the saved parameters, as before a real run.
		const workflow = new Workflow({
			nodes: [saved({ resource: 'profile', operation: 'getStatus' }), { ...saved({ resource: 'profile', operation: 'getStatus', toolDescription: 'Our own words' }), id: 'own', name: 'Own' }],
			connections: {},
			active: false,
			nodeTypes: nodeTypesOf({ 'n8n-nodes-workspace-one-uem.workspaceOneUemTool': type }),
		});
		expect(NodeHelpers.getToolDescriptionForNode(workflow.getNode('Profiles of a device') as INode, type)).toBe(exportedText('profile', 'getStatus'));
		expect(NodeHelpers.getToolDescriptionForNode(workflow.getNode('Own') as INode, type)).toBe('Our own words');
	});

	it('tells the model about the guardrails on every write, and the confirmation on every destructive one', () => {
		for (const [resource, operation] of everyOperation()) {
			const fields = (resources[resource][operation] as { description: Array<{ name: string }> }).description.map((field) => field.name);
			const text = exportedText(resource, operation);
			const custom = resource === 'customApiCall';
			if (fields.includes('allowAsTool') && !custom) expect(text).toContain(TOOL_TEXT.write);
			if (fields.includes('confirmDestructive') && !custom) expect(text).toContain(TOOL_TEXT.destructive);
			if (!fields.includes('allowAsTool')) expect(text).not.toMatch(/allow writes/);
		}
		expect(exportedText('customApiCall', 'call')).toMatch(/refused unless a person allowed writes/);
	});

	it('names the fields a read returns, and what a not-found device means', () => {
		expect(exportedText('device', 'get')).toContain('serialNumber');
		expect(exportedText('device', 'get')).toContain('"Device not found"');
		expect(exportedText('profile', 'getStatus')).toMatch(/installed \(true or false\)/);
		expect(exportedText('profile', 'getFleetStatus')).toMatch(/An empty list means/);
	});
});

// The shipped example workflows: each is staged by the end-to-end harness (so a suite can run it),
// names its credentials only by id and name (n8n keeps the secrets; the file holds none), and
// holds nothing that looks like a secret. The AI examples expose only reads to a model.
// The harness that stages the examples into real n8n for the end-to-end suites.
import { WORKFLOWS } from '../../e2e/lib/stage';
import { shippedExamples } from '../harness/examples';

interface WorkflowNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, Record<string, unknown>>;
}

const examples = shippedExamples() as Array<{ file: string; text: string; workflow: { id: string; nodes: WorkflowNode[] } }>;
const files = examples.map((example) => example.file);
const exampleOf = (file: string) => examples.find((example) => example.file === file)!;
const workflowOf = (file: string) => exampleOf(file).workflow;

describe('shipped example workflows', () => {
	it('are each staged by the end-to-end harness, under their own id', () => {
		expect(files.length).toBeGreaterThanOrEqual(10);
		expect(Object.values(WORKFLOWS).map((entry) => entry.file).sort()).toEqual([...files].sort());
		for (const entry of Object.values(WORKFLOWS)) expect(workflowOf(entry.file).id).toBe(entry.id);
	});

	it.each(files)('%s names its credentials only by id and name, and holds nothing that looks like a secret', (file) => {
		const { text } = exampleOf(file);
		for (const node of workflowOf(file).nodes) {
			for (const reference of Object.values(node.credentials ?? {})) expect(Object.keys(reference).sort()).toEqual(['id', 'name']);
		}
		// API keys, bearer tokens, private keys and passwords as they would appear in a pasted value.
		expect(text).not.toMatch(/\bsk-[A-Za-z0-9_-]{16,}|Bearer [A-Za-z0-9._~+/-]{16,}|-----BEGIN [A-Z ]*PRIVATE KEY-----|"(password|token|apiKey|clientSecret)"\s*:\s*"[^"]+"/);
	});

	it.each(['mcp-server-tools.json', 'ai-agent-device-questions.json'])('%s gives a model read-only tools', (file) => {
		const tools = workflowOf(file).nodes.filter((node) => node.type === 'n8n-nodes-workspace-one-uem.workspaceOneUemTool');
		expect(tools.length).toBeGreaterThanOrEqual(3);
		for (const tool of tools) {
			expect(['device.get', 'device.search', 'profile.getStatus', 'profile.getFleetStatus', 'user.search']).toContain(`${String(tool.parameters.resource)}.${String(tool.parameters.operation)}`);
			expect(tool.parameters).not.toHaveProperty('allowAsTool');
		}
	});
});

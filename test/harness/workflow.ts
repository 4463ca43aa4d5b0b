// Runs a workflow through n8n's own engine (n8n-core WorkflowExecute): a start node that emits
// the given items, then Workspace ONE UEM nodes in a chain. Workflow static data can be carried
// from one run to the next as n8n saves it (JSON), to test the token cache across executions.
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	NodeConnectionTypes,
	Workflow,
	type ExecutionError,
	type IConnections,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypeDescription,
	type IRun,
	type IWorkflowBase,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { WorkspaceOneUemApi } from '../../credentials/WorkspaceOneUemApi.credentials';
import { WorkspaceOneUem } from '../../nodes/WorkspaceOneUem/WorkspaceOneUem.node';
import { additionalDataWith, nodeTypesOf, TestCredentialsHelper } from './n8n';

export const UEM_NODE_TYPE = 'n8n-nodes-workspace-one-uem.workspaceOneUem';
/** The tool variant n8n makes from `usableAsTool`: the same node, its type name ending in "Tool". */
export const UEM_TOOL_TYPE = `${UEM_NODE_TYPE}Tool`;

/** Emits the run's input items, like a trigger would. */
class StartNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Start',
		name: 'start',
		group: ['trigger'],
		version: 1,
		description: 'Emits the test input',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

const uemNode = new WorkspaceOneUem();
const uemTool: INodeType = { description: { ...uemNode.description, name: `${uemNode.description.name}Tool` }, execute: uemNode.execute };
const nodeTypes = nodeTypesOf({ 'test.start': new StartNode(), [UEM_NODE_TYPE]: uemNode, [UEM_TOOL_TYPE]: uemTool });
const credentialType = new WorkspaceOneUemApi();

export interface UemStep {
	name?: string;
	/** The node's parameters as in a workflow file. */
	parameters: Record<string, unknown>;
	continueOnFail?: boolean;
	/** The node version the step was saved with (1 unless said). */
	typeVersion?: number;
	/** Run it as the AI tool variant (its errors then speak to a model). */
	asTool?: boolean;
}

export interface WorkflowRun {
	/** Output items of the last step. */
	items: INodeExecutionData[];
	/** Output items of each step by name. */
	outputs: Record<string, INodeExecutionData[]>;
	/** The error that stopped the run, if one did. */
	error: ExecutionError | undefined;
	/** Workflow static data after the run, as n8n would save it. */
	staticData: IDataObject;
	run: IRun;
}

export async function runWorkflow(options: {
	steps: UemStep[];
	credentials: ICredentialDataDecryptedObject;
	input?: Array<Record<string, unknown>>;
	staticData?: IDataObject;
	mode?: WorkflowExecuteMode;
}): Promise<WorkflowRun> {
	const start: INode = { id: 'start', name: 'Start', type: 'test.start', typeVersion: 1, position: [0, 0], parameters: {} };
	const uemNodes: INode[] = options.steps.map((step, index) => ({
		id: `uem-${index}`,
		name: step.name ?? `UEM ${index + 1}`,
		type: step.asTool ? UEM_TOOL_TYPE : UEM_NODE_TYPE,
		typeVersion: step.typeVersion ?? 1,
		position: [200 * (index + 1), 0],
		parameters: step.parameters as INodeParameters,
		credentials: { workspaceOneUemApi: { id: 'credential-1', name: 'UEM simulator' } },
		...(step.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	}));
	const chain = [start, ...uemNodes];
	const connections: IConnections = {};
	for (let i = 0; i < chain.length - 1; i++) {
		connections[chain[i].name] = { main: [[{ node: chain[i + 1].name, type: NodeConnectionTypes.Main, index: 0 }]] };
	}
	const workflow = new Workflow({
		id: 'workflow-under-test',
		nodes: chain,
		connections,
		active: false,
		nodeTypes,
		staticData: options.staticData ? structuredClone(options.staticData) : {},
	});

	const mode = options.mode ?? 'cli';
	const hooks = new ExecutionLifecycleHooks(mode, 'execution-1', {
		id: workflow.id,
		name: 'workflow under test',
		nodes: chain,
		connections,
		active: false,
		isArchived: false,
		settings: {},
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	} as IWorkflowBase);
	let finished: (run: IRun) => void = () => undefined;
	const done = new Promise<IRun>((resolve) => (finished = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => finished(run));

	const helper = new TestCredentialsHelper({ workspaceOneUemApi: { ...options.credentials } }, { workspaceOneUemApi: credentialType });
	const input = (options.input ?? [{}]).map((json) => ({ json: json as IDataObject }));
	const runData = {
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [{ node: start, data: { main: [input] }, source: null }],
		},
	};
	const additionalData = additionalDataWith(helper);
	additionalData.hooks = hooks;
	await new WorkflowExecute(additionalData, mode, runData as never).processRunExecutionData(workflow);
	const run = await done;

	const outputs: Record<string, INodeExecutionData[]> = {};
	let error = run.data.resultData.error;
	for (const node of uemNodes) {
		const task = run.data.resultData.runData[node.name]?.[0];
		outputs[node.name] = task?.data?.main?.[0] ?? [];
		error ??= task?.error;
	}
	return {
		items: outputs[uemNodes[uemNodes.length - 1].name],
		outputs,
		error,
		staticData: JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject,
		run,
	};
}

/** The credential fields for a simulator, as an admin would fill them in (custom token URL). */
export function simulatorCredentials(
	sim: { url: string; tokenUrl: string; clients: Array<{ clientId: string; clientSecret: string }> },
	overrides: IDataObject = {},
): ICredentialDataDecryptedObject {
	return {
		apiUrl: sim.url,
		region: 'custom',
		tokenUrl: sim.tokenUrl,
		clientId: sim.clients[0].clientId,
		clientSecret: sim.clients[0].clientSecret,
		tenantApiKey: '',
		ignoreSslIssues: false,
		accessToken: '',
		...overrides,
	};
}

/**
 * The credential fields for a loopback server of a test's own that plays both the token endpoint
 * (`/connect/token`) and the API server.
 */
export function loopbackCredentials(server: { origin: string }, overrides: IDataObject = {}): ICredentialDataDecryptedObject {
	return {
		apiUrl: server.origin,
		region: 'custom',
		tokenUrl: `${server.origin}/connect/token`,
		clientId: 'client-id',
		clientSecret: 'client-secret',
		tenantApiKey: '',
		ignoreSslIssues: false,
		accessToken: '',
		...overrides,
	};
}

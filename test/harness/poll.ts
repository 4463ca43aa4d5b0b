// Polls the Workspace ONE UEM Trigger the way n8n does: n8n-core's real PollContext (parameters
// with their defaults, credentials through a credentials helper, n8n's HTTP helper, workflow
// static data), one Workflow object kept across polls as an active workflow keeps it in memory.
import { PollContext } from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type INodeParameters,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { WorkspaceOneUemApi } from '../../credentials/WorkspaceOneUemApi.credentials';
import { WorkspaceOneUemTrigger } from '../../nodes/WorkspaceOneUem/WorkspaceOneUemTrigger.node';
import { additionalDataWith, nodeTypesOf, TestCredentialsHelper } from './n8n';

export const TRIGGER_NODE_TYPE = 'n8n-nodes-workspace-one-uem.workspaceOneUemTrigger';

const trigger = new WorkspaceOneUemTrigger();
const nodeTypes = nodeTypesOf({ [TRIGGER_NODE_TYPE]: trigger });

export interface PollerOptions {
	/** The trigger's parameters as in a workflow file. */
	parameters: Record<string, unknown>;
	credentials: ICredentialDataDecryptedObject;
	/** Workflow static data as n8n saved it (JSON), e.g. to play a restart. */
	staticData?: IDataObject;
	/** What the engine grants one poll (PollContext's getPollBudgetMs). */
	pollBudgetMs?: number;
	/** The trigger version the workflow was saved with (1 unless said). */
	typeVersion?: number;
}

/** One trigger node of one active workflow, polled on demand. */
export class Poller {
	readonly workflow: Workflow;
	readonly node: INode;
	readonly credentials: TestCredentialsHelper;

	constructor(private readonly options: PollerOptions) {
		this.node = {
			id: 'uem-trigger',
			name: 'Workspace ONE UEM Trigger',
			type: TRIGGER_NODE_TYPE,
			typeVersion: options.typeVersion ?? 1,
			position: [0, 0],
			parameters: options.parameters as INodeParameters,
			credentials: { workspaceOneUemApi: { id: 'credential-1', name: 'UEM simulator' } },
		};
		this.workflow = new Workflow({
			id: 'trigger-workflow',
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes,
			staticData: options.staticData ? structuredClone(options.staticData) : {},
		});
		this.credentials = new TestCredentialsHelper(
			{ workspaceOneUemApi: { ...options.credentials } },
			{ workspaceOneUemApi: new WorkspaceOneUemApi() },
		);
	}

	/**
	 * One poll, as an active workflow's schedule runs it (mode "trigger"), or as the editor's
	 * "Fetch Test Event" does (mode "manual"). The output items' JSON, or null when it emitted nothing.
	 */
	async poll(mode: WorkflowExecuteMode = 'trigger'): Promise<IDataObject[] | null> {
		const budget = this.options.pollBudgetMs;
		const context = new PollContext(
			this.workflow,
			this.node,
			additionalDataWith(this.credentials),
			mode,
			mode === 'manual' ? 'manual' : 'activate',
			undefined,
			undefined,
			undefined,
			undefined,
			undefined,
			budget === undefined ? undefined : () => budget,
		);
		const output = await trigger.poll.call(context);
		return output === null ? null : output[0].map((item) => item.json);
	}

	/** The workflow's static data as n8n would save it (JSON). */
	savedStaticData(): IDataObject {
		return JSON.parse(JSON.stringify(this.workflow.staticData)) as IDataObject;
	}

	/** The trigger's own state (node static data), as saved. */
	nodeState(): IDataObject {
		return (this.savedStaticData()[`node:${this.node.name}`] ?? {}) as IDataObject;
	}
}

// Runs the Workspace ONE UEM Event Trigger the way n8n does: n8n-core's real HookContext for
// checkExists/create/delete (activation, deactivation, the editor's test URL) and WebhookContext
// for each event, with parameters, credentials through a credentials helper, n8n's HTTP helper and
// workflow static data. Between events, static data goes through a "database" as n8n's webhook
// handler does: each request loads what was last saved, and saves it again if it changed.
import { HookContext, WebhookContext } from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type INodeParameters,
	type IWebhookData,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { WorkspaceOneUemApi } from '../../credentials/WorkspaceOneUemApi.credentials';
import { WorkspaceOneUemEventTrigger } from '../../nodes/WorkspaceOneUem/WorkspaceOneUemEventTrigger.node';
import { additionalDataWith, nodeTypesOf, TestCredentialsHelper } from './n8n';

export const EVENT_TRIGGER_NODE_TYPE = 'n8n-nodes-workspace-one-uem.workspaceOneUemEventTrigger';
const WEBHOOK_ID = '3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

const trigger = new WorkspaceOneUemEventTrigger();
const nodeTypes = nodeTypesOf({ [EVENT_TRIGGER_NODE_TYPE]: trigger });
const webhookDescription = trigger.description.webhooks![0];

export interface EventTriggerOptions {
	parameters: Record<string, unknown>;
	credentials: ICredentialDataDecryptedObject;
	/** The Basic pair of Manual registration (the Event Notification credential). */
	manualPair?: { userName: string; password: string };
	/** n8n's webhook base URL (WEBHOOK_URL + /webhook); loopback http by default. */
	webhookBaseUrl?: string;
}

/** What n8n answered a webhook request with, when the node answered it itself. */
export interface Reply {
	status: number;
	headers: Record<string, string>;
	body: string;
}

/** One active workflow holding one Event Trigger. */
export class EventTriggerHarness {
	readonly node: INode;
	readonly credentials: TestCredentialsHelper;
	/** The workflow's static data as last saved (the database's copy). */
	saved: IDataObject = {};
	/** How often a request changed static data, so n8n would have saved it. */
	saves = 0;

	constructor(private readonly options: EventTriggerOptions) {
		this.node = {
			id: 'event-trigger-node',
			name: 'Workspace ONE UEM Event Trigger',
			type: EVENT_TRIGGER_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			webhookId: WEBHOOK_ID,
			parameters: options.parameters as INodeParameters,
			credentials: {
				workspaceOneUemApi: { id: 'uem-credential', name: 'UEM simulator' },
				workspaceOneUemEventNotificationApi: { id: 'pair-credential', name: 'Event pair' },
			},
		};
		const store: Record<string, ICredentialDataDecryptedObject> = { workspaceOneUemApi: { ...options.credentials } };
		if (options.manualPair) store.workspaceOneUemEventNotificationApi = { ...options.manualPair };
		this.credentials = new TestCredentialsHelper(store, { workspaceOneUemApi: new WorkspaceOneUemApi() });
	}

	get webhookBaseUrl(): string {
		return this.options.webhookBaseUrl ?? 'http://127.0.0.1:5678/webhook';
	}

	/** The production URL n8n shows for the node (the test URL while the editor listens). */
	url(isTest = false): string {
		return `${isTest ? this.webhookBaseUrl.replace(/\/webhook$/, '/webhook-test') : this.webhookBaseUrl}/${WEBHOOK_ID}/webhook`;
	}

	/** A workflow as n8n builds one per activation or request: static data loaded from the database. */
	private loadWorkflow(staticData: IDataObject = this.saved): Workflow {
		return new Workflow({
			id: 'event-workflow',
			name: 'Events to Slack',
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes,
			staticData: structuredClone(staticData),
		});
	}

	private additionalData(extra: Partial<IWorkflowExecuteAdditionalData> = {}): IWorkflowExecuteAdditionalData {
		const base = additionalDataWith(this.credentials);
		return { ...base, webhookBaseUrl: this.webhookBaseUrl, webhookTestBaseUrl: this.webhookBaseUrl.replace(/\/webhook$/, '/webhook-test'), ...extra };
	}

	private webhookData(workflow: Workflow, additionalData: IWorkflowExecuteAdditionalData, isTest: boolean): IWebhookData {
		return {
			httpMethod: 'POST',
			node: this.node.name,
			path: `${WEBHOOK_ID}/webhook`,
			webhookDescription,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: WEBHOOK_ID,
			isTest,
		} as IWebhookData;
	}

	/** Saves static data as n8n does after activation, deactivation and each request: only when changed. */
	private save(workflow: Workflow): void {
		const data = workflow.staticData as IDataObject & { __dataChanged?: boolean };
		if (data.__dataChanged !== true) return;
		this.saves++;
		this.saved = JSON.parse(JSON.stringify(data)) as IDataObject;
	}

	/** One of webhookMethods.default, as n8n calls it on activation (mode trigger) or for the editor's test URL (manual). */
	async hook(method: 'checkExists' | 'create' | 'delete', { isTest = false } = {}): Promise<boolean> {
		const workflow = this.loadWorkflow();
		const additionalData = this.additionalData();
		const mode = method === 'delete' ? 'internal' : isTest ? 'manual' : 'trigger';
		const context = new HookContext(workflow, this.node, additionalData, mode, 'activate', this.webhookData(workflow, additionalData, isTest));
		try {
			return await trigger.webhookMethods.default[method].call(context);
		} finally {
			this.save(workflow);
		}
	}

	/** Activation as n8n runs it: checkExists, then create when it said false. */
	async activate(options: { isTest?: boolean } = {}): Promise<void> {
		if (!(await this.hook('checkExists', options))) await this.hook('create', options);
	}

	/**
	 * One POST to the webhook: the node's result, and its own answer when it gave one. `staticData`:
	 * what the request loaded, when it loaded it before another request saved (a burst).
	 */
	async receive(request: { headers?: Record<string, string>; body: unknown; staticData?: IDataObject }): Promise<{ result: IWebhookResponseData; reply?: Reply }> {
		const workflow = this.loadWorkflow(request.staticData);
		let reply: Reply | undefined;
		const response = {
			writeHead(status: number, headers: Record<string, string>) {
				reply = { status, headers, body: '' };
				return response;
			},
			end(body: string) {
				if (reply) reply.body = body;
				return response;
			},
		};
		const httpRequest = { body: request.body, headers: request.headers ?? {}, params: {}, query: {} };
		const additionalData = this.additionalData({ httpRequest, httpResponse: response } as unknown as Partial<IWorkflowExecuteAdditionalData>);
		const context = new WebhookContext(workflow, this.node, additionalData, 'webhook', this.webhookData(workflow, additionalData, false), [], null);
		try {
			return { result: await trigger.webhook.call(context), reply };
		} finally {
			this.save(workflow);
		}
	}

	/** The output item of a request that started a run. */
	static itemOf(result: IWebhookResponseData): IDataObject {
		const items = result.workflowData?.[0] ?? [];
		if (items.length !== 1) throw new Error(`expected one item, got ${items.length}`);
		return items[0].json;
	}
}

export function basic(userName: string, password: string): string {
	return `Basic ${Buffer.from(`${userName}:${password}`).toString('base64')}`;
}

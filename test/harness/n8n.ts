// n8n's real execution code (n8n-core) for tests: its HTTP helper, and a credentials helper that
// does what n8n's own does with this credential (preAuthentication when the expirable token is
// empty or refused, then authenticate).
import { ExecuteContext } from 'n8n-core';
import {
	ICredentialsHelper,
	NodeConnectionTypes,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
	type IRunExecutionData,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import type { HttpRequester } from '../../nodes/WorkspaceOneUem/transport/wire';

/** A do-nothing node type, for contexts that need a node to belong to. */
class HarnessNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness',
		name: 'harness',
		group: ['transform'],
		version: 1,
		description: 'Test harness node',
		defaults: { name: 'Harness' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
		usableAsTool: true,
	};
}

export function nodeTypesOf(types: Record<string, INodeType>): INodeTypes {
	return {
		getByName: (name) => types[name],
		getByNameAndVersion: (name) => types[name],
		getKnownTypes: () => ({}),
	};
}

export function emptyRunData(): IRunExecutionData {
	return {
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			nodeExecutionStack: [],
			waitingExecution: {},
			waitingExecutionSource: null,
		},
	} as unknown as IRunExecutionData;
}

/** The additional data n8n hands to executions, with only what these tests exercise. */
export function additionalDataWith(credentialsHelper: ICredentialsHelper): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper,
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		variables: {},
		userId: 'test-user',
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** n8n's own `helpers.httpRequest`, taken from a real node execution context. */
export function n8nHttpRequest(): HttpRequester {
	const node: INode = {
		id: 'harness',
		name: 'Harness',
		type: 'test.harness',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const workflow = new Workflow({
		id: 'harness',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: nodeTypesOf({ 'test.harness': new HarnessNode() }),
	});
	const context = new ExecuteContext(
		workflow,
		node,
		additionalDataWith(new TestCredentialsHelper({})),
		'manual',
		emptyRunData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: { main: [[{ json: {} }]] }, source: null },
		[],
	);
	return async (options: IHttpRequestOptions) => await context.helpers.httpRequest(options);
}

/**
 * Stores decrypted credentials per type and behaves like n8n's CredentialsHelper for them:
 * runs `preAuthentication` when the credential's expirable field is empty or a 401 says it
 * expired, persists what it returns, then applies `authenticate`.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	/** How often n8n would have run preAuthentication (a token exchange). */
	preAuthentications = 0;

	constructor(
		private readonly store: Record<string, ICredentialDataDecryptedObject>,
		private readonly types: Record<string, ICredentialType> = {},
	) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const authenticate = this.types[typeName]?.authenticate;
		return typeof authenticate === 'function' ? await authenticate(credentials, requestOptions) : requestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.types[typeName];
		const expirable = type?.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
		if (!type?.preAuthentication || !expirable) return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		this.preAuthentications++;
		const output = await type.preAuthentication.call(helpers, credentials);
		this.store[typeName] = { ...this.store[typeName], ...output } as ICredentialDataDecryptedObject;
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	getCredentialsProperties() {
		return [];
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.store[type];
		if (!data) throw new Error(`no test credentials of type ${type}`);
		return { ...data };
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used by these tests');
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store[type] = { ...data };
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	isCredentialUsableByNode(): boolean {
		return true;
	}
}

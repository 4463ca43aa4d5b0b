// The editor's pickers through n8n's own LoadOptionsContext: what n8n runs when a user opens a
// Device, Profile, Organization Group or Tag list in the node, against the simulator.
import { LoadOptionsContext } from 'n8n-core';
import { Workflow, type ICredentialDataDecryptedObject, type ILoadOptionsFunctions, type INode, type INodeListSearchResult, type INodeParameters } from 'n8n-workflow';

import { WorkspaceOneUemApi } from '../../credentials/WorkspaceOneUemApi.credentials';
import { WorkspaceOneUem } from '../../nodes/WorkspaceOneUem/WorkspaceOneUem.node';
import { additionalDataWith, nodeTypesOf, TestCredentialsHelper } from './n8n';
import { UEM_NODE_TYPE } from './workflow';

const nodeType = new WorkspaceOneUem();

/** A load-options context for a version 2 node with `parameters`, as the editor builds one. */
export function pickerContext(credentials: ICredentialDataDecryptedObject, parameters: INodeParameters = {}): ILoadOptionsFunctions {
	const node: INode = {
		id: 'picker',
		name: 'Workspace ONE UEM',
		type: UEM_NODE_TYPE,
		typeVersion: 2,
		position: [0, 0],
		parameters,
		credentials: { workspaceOneUemApi: { id: 'credential-1', name: 'UEM simulator' } },
	};
	const workflow = new Workflow({ id: 'picker-workflow', nodes: [node], connections: {}, active: false, nodeTypes: nodeTypesOf({ [UEM_NODE_TYPE]: nodeType }) });
	const helper = new TestCredentialsHelper({ workspaceOneUemApi: { ...credentials } }, { workspaceOneUemApi: new WorkspaceOneUemApi() });
	const additionalData = additionalDataWith(helper);
	additionalData.currentNodeParameters = parameters;
	return new LoadOptionsContext(workflow, node, additionalData, 'parameters');
}

/** Runs one of the node's listSearch methods as the editor does. */
export async function listSearch(name: string, context: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const method = nodeType.methods.listSearch[name as keyof typeof nodeType.methods.listSearch];
	if (!method) throw new Error(`the node has no listSearch method ${name}`);
	return await method.call(context, filter, paginationToken);
}

/** Runs one of the node's loadOptions methods as the editor does. */
export async function loadOptions(name: string, context: ILoadOptionsFunctions) {
	const method = nodeType.methods.loadOptions[name as keyof typeof nodeType.methods.loadOptions];
	if (!method) throw new Error(`the node has no loadOptions method ${name}`);
	return await method.call(context);
}

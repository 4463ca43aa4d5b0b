// Runs a credential's declarative `test` the way n8n's CredentialsTester does: a throwaway node
// whose only parameter routes the test request, executed by n8n-core's RoutingNode with the
// credentials helper (so preAuthentication and authenticate run), then the `rules` applied to a
// failed answer. The end-to-end suite checks the same against real n8n's REST API.
import { ExecuteContext, RoutingNode } from 'n8n-core';
import {
	NodeConnectionTypes,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type INode,
	type INodeType,
} from 'n8n-workflow';

import { additionalDataWith, emptyRunData, nodeTypesOf, TestCredentialsHelper } from './n8n';

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

interface TestFailure {
	message?: string;
	cause?: { response?: { status: number; statusText?: string }; code?: string };
}

export async function runCredentialTest(
	type: ICredentialType,
	data: ICredentialDataDecryptedObject,
): Promise<CredentialTestResult> {
	const test = type.test;
	if (!test) throw new Error(`${type.name} has no test request`);
	const tempType: INodeType = {
		description: {
			displayName: 'Credential test',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'Credential test' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: type.name, required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: test.request } },
			],
		},
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'test.credentialTest',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [type.name]: { id: 'credential-under-test', name: 'Credential under test' } },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: nodeTypesOf({ 'test.credentialTest': tempType }),
	});
	const helper = new TestCredentialsHelper({ [type.name]: data }, { [type.name]: type });
	const context = new ExecuteContext(
		workflow,
		node,
		additionalDataWith(helper),
		'internal',
		emptyRunData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const routingNode = new RoutingNode(context, tempType, {
		id: 'credential-under-test',
		name: 'Credential under test',
		type: type.name,
		data,
	});
	try {
		await routingNode.runNode();
	} catch (caught) {
		const error = caught as TestFailure;
		const status = error.cause?.response?.status;
		if (status !== undefined) {
			const rule = test.rules?.find((r) => r.type === 'responseCode' && r.properties.value === status);
			if (rule && rule.type === 'responseCode') return { status: 'Error', message: rule.properties.message };
			return { status: 'Error', message: error.cause?.response?.statusText || `Received HTTP status code: ${status}` };
		}
		if (error.cause?.code) return { status: 'Error', message: error.cause.code };
		return { status: 'Error', message: String(error.message) };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

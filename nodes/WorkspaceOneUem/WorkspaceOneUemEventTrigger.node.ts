import {
	NodeConnectionTypes,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IHookFunctions,
	type INodeCredentialTestResult,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { pairProblem } from './events/basicAuth';
import { eventTriggerProperties } from './events/description';
import { registrationExists, register, unregister } from './events/lifecycle';
import { receiveEvent } from './events/receive';
import { searchOrganizationGroups } from './methods/listSearch';

export class WorkspaceOneUemEventTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Workspace ONE UEM Event Trigger',
		name: 'workspaceOneUemEventTrigger',
		icon: { light: 'file:workspaceOneUem.svg', dark: 'file:workspaceOneUem.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["registration"] === "manual" ? "Registered by hand" : "Registered through the API" }}',
		description: 'Starts the workflow the moment Omnissa Workspace ONE UEM pushes a device event: enrolled, unenrolled, wiped, deleted, compliance or compromised status changed',
		defaults: { name: 'Workspace ONE UEM Event Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'workspaceOneUemApi', required: true },
			{
				name: 'workspaceOneUemEventNotificationApi',
				required: true,
				displayOptions: { show: { registration: ['manual'] } },
				testedBy: 'eventNotificationPair',
			},
		],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: eventTriggerProperties,
	};

	methods = {
		listSearch: { searchOrganizationGroups },
		credentialTest: {
			async eventNotificationPair(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				const problem = pairProblem(credential.data ?? {});
				return problem === undefined ? { status: 'OK', message: 'The user name and password can be entered in the UEM console' } : { status: 'Error', message: problem };
			},
		},
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await registrationExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await register.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await unregister.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveEvent.call(this);
	}
}

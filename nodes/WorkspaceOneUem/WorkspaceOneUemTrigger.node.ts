import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import * as listSearch from './methods/listSearch';
import * as loadOptions from './methods/loadOptions';
import { triggerProperties } from './trigger/description';
import { pollTrigger } from './trigger/poll';

export class WorkspaceOneUemTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Workspace ONE UEM Trigger',
		name: 'workspaceOneUemTrigger',
		icon: { light: 'file:workspaceOneUem.svg', dark: 'file:workspaceOneUem.dark.svg' },
		group: ['trigger'],
		version: [1, 2],
		defaultVersion: 2,
		subtitle:
			'={{ ({ profileFailed: "Profile failed or not installed", deviceEnrolled: "Device enrolled", deviceNonCompliant: "Device became non-compliant" })[$parameter["event"]] }}',
		description: 'Starts the workflow when a profile fails on a device, a device enrolls or a device becomes non-compliant in Omnissa Workspace ONE UEM',
		defaults: { name: 'Workspace ONE UEM Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'workspaceOneUemApi', required: true }],
		properties: triggerProperties,
	};

	methods = { listSearch, loadOptions };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollTrigger.call(this);
	}
}

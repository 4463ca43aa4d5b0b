import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as app from './actions/app/App.resource';
import * as customApiCall from './actions/customApiCall/CustomApiCall.resource';
import * as device from './actions/device/Device.resource';
import * as organizationGroup from './actions/organizationGroup/OrganizationGroup.resource';
import * as profile from './actions/profile/Profile.resource';
import { resources, router } from './actions/router';
import * as listSearch from './methods/listSearch';
import * as loadOptions from './methods/loadOptions';
import * as smartGroup from './actions/smartGroup/SmartGroup.resource';
import * as tag from './actions/tag/Tag.resource';
import { toolDescriptionFields } from './actions/toolDescriptions';
import * as user from './actions/user/User.resource';

export class WorkspaceOneUem implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Workspace ONE UEM',
		name: 'workspaceOneUem',
		icon: { light: 'file:workspaceOneUem.svg', dark: 'file:workspaceOneUem.dark.svg' },
		group: ['transform'],
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Search devices, users, apps and groups, check profile and app status across a fleet, and act on it: commands, messages, profile installs, tags (Omnissa Workspace ONE UEM)',
		defaults: { name: 'Workspace ONE UEM' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'workspaceOneUemApi', required: true }],
		properties: [
			// Shown only in the tool variant n8n makes for AI agents and MCP clients.
			...toolDescriptionFields(resources),
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'App', value: 'app' },
					{ name: 'Custom API Call', value: 'customApiCall' },
					{ name: 'Device', value: 'device' },
					{ name: 'Organization Group', value: 'organizationGroup' },
					{ name: 'Profile', value: 'profile' },
					{ name: 'Smart Group', value: 'smartGroup' },
					{ name: 'Tag', value: 'tag' },
					{ name: 'User', value: 'user' },
				],
				default: 'device',
			},
			...device.description,
			...profile.description,
			...tag.description,
			...organizationGroup.description,
			...smartGroup.description,
			...user.description,
			...app.description,
			...customApiCall.description,
		],
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}

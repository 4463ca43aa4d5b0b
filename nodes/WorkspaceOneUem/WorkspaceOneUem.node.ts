import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { resources, router } from './actions/router';
import { toolDescriptionFields } from './actions/toolDescriptions';
import * as listSearch from './methods/listSearch';
import * as loadOptions from './methods/loadOptions';

/** The order of the resources' fields in the node (the tool descriptions follow `resources`). */
const FIELD_ORDER = ['device', 'profile', 'tag', 'organizationGroup', 'smartGroup', 'user', 'app', 'customApiCall'];

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
			...FIELD_ORDER.flatMap((resource) => resources[resource].description),
		],
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}

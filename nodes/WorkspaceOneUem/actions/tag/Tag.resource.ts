import type { INodeProperties } from 'n8n-workflow';

import * as addDevices from './addDevices.operation';
import * as listDevices from './listDevices.operation';
import * as removeDevices from './removeDevices.operation';
import * as search from './search.operation';

export { addDevices, listDevices, removeDevices, search };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['tag'] } },
		options: [
			{
				name: 'Add Devices',
				value: 'addDevices',
				description: 'Tag the devices of the input, in bulk calls of up to 500: a dry run first',
				action: 'Add devices to a tag',
			},
			{
				name: 'List Devices',
				value: 'listDevices',
				description: 'List the devices that carry a tag',
				action: 'List the devices of a tag',
			},
			{
				name: 'Remove Devices',
				value: 'removeDevices',
				description: 'Take a tag off the devices of the input, in bulk calls of up to 500: a dry run first',
				action: 'Remove devices from a tag',
			},
			{
				name: 'Search',
				value: 'search',
				description: 'Find the tags of an organization group, by name',
				action: 'Search tags',
			},
		],
		default: 'search',
	},
	...search.description,
	...listDevices.description,
	...addDevices.description,
	...removeDevices.description,
];

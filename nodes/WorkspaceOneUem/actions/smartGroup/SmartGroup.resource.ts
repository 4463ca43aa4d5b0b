import type { INodeProperties } from 'n8n-workflow';

import * as listDevices from './listDevices.operation';
import * as search from './search.operation';

export { listDevices, search };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['smartGroup'] } },
		options: [
			{
				name: 'List Devices',
				value: 'listDevices',
				description: 'List the devices a smart group holds',
				action: 'List the devices of a smart group',
			},
			{
				name: 'Search',
				value: 'search',
				description: 'Find the smart groups of an organization group, by name',
				action: 'Search smart groups',
			},
		],
		default: 'search',
	},
	...search.description,
	...listDevices.description,
];

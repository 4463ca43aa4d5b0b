import type { INodeProperties } from 'n8n-workflow';

import * as getFleetStatus from './getFleetStatus.operation';
import * as getStatus from './getStatus.operation';
import * as search from './search.operation';

export { getFleetStatus, getStatus, search };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['app'] } },
		options: [
			{
				name: 'Get Fleet Status',
				value: 'getFleetStatus',
				description: 'List every device where an app is assigned but not installed, in few requests',
				action: 'Get app status across the fleet',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				description: "List a device's apps with their install status",
				action: 'Get app status of a device',
			},
			{
				name: 'Search',
				value: 'search',
				description: 'Find apps by name and platform',
				action: 'Search apps',
			},
		],
		default: 'search',
	},
	...search.description,
	...getStatus.description,
	...getFleetStatus.description,
];

import type { INodeProperties } from 'n8n-workflow';

import * as search from './search.operation';

export { search };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{
				name: 'Search',
				value: 'search',
				description: 'Find enrollment users by email or user name, optionally with their devices',
				action: 'Search users',
			},
		],
		default: 'search',
	},
	...search.description,
];

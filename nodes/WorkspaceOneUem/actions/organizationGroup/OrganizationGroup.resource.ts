import type { INodeProperties } from 'n8n-workflow';

import * as getChildren from './getChildren.operation';
import * as search from './search.operation';

export { getChildren, search };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['organizationGroup'] } },
		options: [
			{
				name: 'Get Children',
				value: 'getChildren',
				description: 'List the organization groups below a group',
				action: 'Get the children of an organization group',
			},
			{
				name: 'Search',
				value: 'search',
				description: 'Find organization groups by name',
				action: 'Search organization groups',
			},
		],
		default: 'search',
	},
	...search.description,
	...getChildren.description,
];

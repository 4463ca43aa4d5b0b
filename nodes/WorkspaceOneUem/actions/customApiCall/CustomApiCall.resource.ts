import type { INodeProperties } from 'n8n-workflow';

import * as call from './call.operation';

export { call };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customApiCall'] } },
		options: [
			{
				name: 'Make a Call',
				value: 'call',
				description: "Call any UEM endpoint the node does not cover, with the node's token cache, rate limit, throttling and deadlines",
				action: 'Make a custom API call',
			},
		],
		default: 'call',
	},
	...call.description,
];

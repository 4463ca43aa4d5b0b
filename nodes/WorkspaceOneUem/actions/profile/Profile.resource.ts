import type { INodeProperties } from 'n8n-workflow';

import * as getStatus from './getStatus.operation';

export { getStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['profile'] } },
		options: [
			{
				name: 'Get Status',
				value: 'getStatus',
				description: 'List the profiles of a device with their install status',
				action: 'Get profile status of a device',
			},
		],
		default: 'getStatus',
	},
	...getStatus.description,
];

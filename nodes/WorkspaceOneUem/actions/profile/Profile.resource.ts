import type { INodeProperties } from 'n8n-workflow';

import * as getFleetStatus from './getFleetStatus.operation';
import * as getStatus from './getStatus.operation';

export { getFleetStatus, getStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['profile'] } },
		options: [
			{
				name: 'Get Fleet Status',
				value: 'getFleetStatus',
				description: 'List the devices on which chosen profiles are not installed, with few calls for a whole fleet',
				action: 'Get profile status across the fleet',
			},
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
	...getFleetStatus.description,
];

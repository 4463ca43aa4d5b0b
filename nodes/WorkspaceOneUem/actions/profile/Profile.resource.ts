import type { INodeProperties } from 'n8n-workflow';

import * as getFleetStatus from './getFleetStatus.operation';
import * as getStatus from './getStatus.operation';
import * as installOnDevice from './installOnDevice.operation';
import * as removeFromDevice from './removeFromDevice.operation';

export { getFleetStatus, getStatus, installOnDevice, removeFromDevice };

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
			{
				name: 'Install on Device',
				value: 'installOnDevice',
				description: 'Install (re-push) a profile on a device, e.g. each failure a Get Fleet Status found',
				action: 'Install a profile on a device',
			},
			{
				name: 'Remove From Device',
				value: 'removeFromDevice',
				description: 'Remove a profile from a device',
				action: 'Remove a profile from a device',
			},
		],
		default: 'getStatus',
	},
	...getStatus.description,
	...getFleetStatus.description,
	...installOnDevice.description,
	...removeFromDevice.description,
];

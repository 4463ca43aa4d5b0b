import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as search from './search.operation';

export { get, search };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['device'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get one device by its ID, serial number or another identifier',
				action: 'Get a device',
			},
			{
				name: 'Search',
				value: 'search',
				description: 'Find devices by user, platform, organization group, compliance and more',
				action: 'Search devices',
			},
		],
		default: 'search',
	},
	...search.description,
	...get.description,
];

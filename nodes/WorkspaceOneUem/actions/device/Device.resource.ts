import type { INodeProperties } from 'n8n-workflow';

import * as deleteDevice from './delete.operation';
import * as get from './get.operation';
import * as search from './search.operation';
import * as sendCommand from './sendCommand.operation';
import * as sendMessage from './sendMessage.operation';

export { deleteDevice as delete, get, search, sendCommand, sendMessage };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['device'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a stale device record: a dry run first, confirmed and capped like a wipe',
				action: 'Delete a device',
			},
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
			{
				name: 'Send Command',
				value: 'sendCommand',
				description: 'Lock, sync, restart or wipe a device: a dry run first, destructive commands confirmed and capped',
				action: 'Send a command to a device',
			},
			{
				name: 'Send Message',
				value: 'sendMessage',
				description: "Send a push notification, an email or an SMS to a device's user: a dry run first",
				action: 'Send a message to a device user',
			},
		],
		default: 'search',
	},
	...search.description,
	...get.description,
	...sendCommand.description,
	...sendMessage.description,
	...deleteDevice.description,
];

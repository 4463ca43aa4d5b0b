import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * The user name and password UEM sends with each event when the Event Trigger is registered by
 * hand (Registration: Manual). The person types the same pair here and in the UEM console; n8n
 * keeps it encrypted. (Automatic registration needs none: the trigger makes its own pair.)
 */
export class WorkspaceOneUemEventNotificationApi implements ICredentialType {
	name = 'workspaceOneUemEventNotificationApi';

	displayName = 'Workspace ONE UEM Event Notification API';

	icon: Icon = {
		light: 'file:../nodes/WorkspaceOneUem/workspaceOneUem.svg',
		dark: 'file:../nodes/WorkspaceOneUem/workspaceOneUem.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-workspace-one-uem/n8n-nodes-workspace-one-uem/blob/main/docs/event-trigger.md#manual-registration';

	properties: INodeProperties[] = [
		{
			displayName: 'User Name',
			name: 'userName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. n8n-events',
			description: 'The Username of the event notification target in the UEM console',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The Password of the event notification target in the UEM console: at least 16 characters, long and random (a password manager can make one)',
		},
	];
}

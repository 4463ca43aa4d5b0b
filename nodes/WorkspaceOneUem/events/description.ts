import type { INodeProperties } from 'n8n-workflow';

import { timeoutOption } from '../actions/common.descriptions';
import { organizationGroupPicker } from '../actions/pickerFields';
import { EVENT_KINDS, EVENT_OPTIONS, KIND_FACTS } from '../uem/eventKinds';

const CONSOLE_PATH = 'Groups & Settings › All Settings › System › Advanced › API › Event Notifications';

const consoleBoxes = EVENT_KINDS.map((kind) => `${KIND_FACTS[kind].label}: "${KIND_FACTS[kind].consoleBox}"`).join('; ');

export const eventTriggerProperties: INodeProperties[] = [
	{
		displayName: 'Registration',
		name: 'registration',
		type: 'options',
		noDataExpression: true,
		default: 'api',
		options: [
			{
				name: 'Automatic (Through the API)',
				value: 'api',
				description:
					'On activation the trigger registers its Production URL with UEM, with a user name and password made for it; on deactivation it deletes the registration',
			},
			{
				name: 'Manual (In the UEM Console)',
				value: 'manual',
				description:
					'You add the URL, user name and password in the console yourself: when the OAuth client may not manage event notifications, or the server has no such API',
			},
		],
		description: 'How UEM learns where to send the events',
	},
	{
		displayName:
			"UEM must reach this workflow's Production URL (Webhook URLs, above). A SaaS tenant reaches only a public HTTPS address: set n8n's WEBHOOK_URL to it. Behind a firewall, use the Workspace ONE UEM Trigger, which polls, instead.",
		name: 'reachNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registration: ['api'] } },
	},
	{
		displayName: `In the UEM console, ${CONSOLE_PATH}, at the organization group below (or the OAuth client's own), add a target. Target Name: any, e.g. n8n. Target URL: this workflow's Production URL (Webhook URLs, above; https only). Username and Password: those of the Event Notification credential above (make the password long and random). Format: JSON (XML works too). Events: tick the box of each event chosen below (${consoleBoxes}). Save, activate this workflow, then press Test Connection.`,
		name: 'manualNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registration: ['manual'] } },
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [],
		options: EVENT_OPTIONS,
		description: 'The device events that start the workflow, one run per event. UEM sends only these (Automatic registration); others are acknowledged and start nothing.',
	},
	organizationGroupPicker(
		"Events of the devices in this organization group and the groups below it. Empty: the OAuth client's own group. In Manual registration, add the rule at this group in the console.",
		true,
	),
	{
		displayName: 'Include Device Record',
		name: 'includeDevice',
		type: 'boolean',
		default: false,
		description:
			"Whether to add UEM's device record to each event under \"device\": one API call per event, sharing the credential's token with every other event",
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'How the trigger calls UEM',
		options: [timeoutOption],
	},
];

import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INode, type INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../helpers/displayOptions';
import { callByDeviceId, labelOf } from '../../uem/devices';
import { messageCall, type DeviceMessage, type MessageChannel } from '../../uem/messages';
import { notFoundOption, optionsField } from '../common.descriptions';
import { DEVICE_FROM_ITEM, deviceFields, readDevice } from '../deviceField';
import type { PreparedItem } from '../node.type';
import { allowAsToolField, checkWrite, dryRunField, type GuardedAction } from '../writeGuards';
import { writeOnce } from '../writeOnce';
import { TOOL_TEXT } from '../toolDescriptions';

const SEND_MESSAGE: GuardedAction = { name: 'Send Message', value: 'sendMessage', destructive: false };

const CHANNELS: Record<MessageChannel, string> = { push: 'Push Notification', email: 'Email', sms: 'SMS' };

const properties: INodeProperties[] = [
	...deviceFields('The device whose user gets the message. The default reads the device ID from a Device Search or Get Fleet Status item before this node.', {
		fromItem: DEVICE_FROM_ITEM,
	}),
	{
		displayName: 'Channel',
		name: 'channel',
		type: 'options',
		default: 'push',
		options: [
			{ name: CHANNELS.push, value: 'push', description: "Shown on the device by UEM's app (Intelligent Hub)" },
			{ name: CHANNELS.email, value: 'email', description: "To the email address of the device's user in UEM" },
			{ name: CHANNELS.sms, value: 'sms', description: "To the phone number of the device's user in UEM" },
		],
		description: 'How the message reaches the user',
	},
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { channel: ['email'] } },
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		default: '',
		required: true,
		typeOptions: { rows: 4 },
		placeholder: 'e.g. Your device will be wiped on Friday. Back up your photos today.',
	},
	{
		displayName: 'Application',
		name: 'application',
		type: 'string',
		default: '',
		displayOptions: { show: { channel: ['push'] } },
		placeholder: 'e.g. Intelligent Hub',
		description: "The app that shows the push notification. Empty: UEM's default.",
	},
	dryRunField,
	allowAsToolField,
	optionsField([notFoundOption]),
];

export const description = updateDisplayOptions({ show: { resource: ['device'], operation: ['sendMessage'] } }, properties);

function requiredText(node: INode, raw: unknown, label: string): string {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (text === '') {
		throw new NodeOperationError(node, `${label} is empty`, { description: `Type the ${label.toLowerCase()}, or check that the expression gives text for this item.` });
	}
	return text;
}

function messageOf(context: IExecuteFunctions, node: INode, itemIndex: number): DeviceMessage {
	const channel = context.getNodeParameter('channel', itemIndex) as MessageChannel;
	if (!Object.prototype.hasOwnProperty.call(CHANNELS, channel)) {
		throw new NodeOperationError(node, `Unknown channel "${String(channel)}"`, { description: `Channel must be one of: ${Object.keys(CHANNELS).join(', ')}.` });
	}
	const text = requiredText(node, context.getNodeParameter('message', itemIndex, ''), 'Message');
	if (channel === 'email') return { channel, text, subject: requiredText(node, context.getNodeParameter('subject', itemIndex, ''), 'Subject') };
	if (channel === 'push') return { channel, text, application: String(context.getNodeParameter('application', itemIndex, '') ?? '').trim() };
	return { channel, text };
}

/** One message to one device's user per item, sent once; a dry run, the default, outputs the request. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const node = this.getNode();
	const identifier = readDevice(this, node, itemIndex);
	const message = messageOf(this, node, itemIndex);
	const dryRun = this.getNodeParameter('dryRun', 0, true) === true;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const refusal = checkWrite(this, itemIndex, SEND_MESSAGE, () => SEND_MESSAGE, dryRun);

	return async (api) =>
		await writeOnce(api, {
			where: await callByDeviceId(api, identifier, (deviceId) => messageCall(deviceId, message)),
			output: { channel: message.channel, device: { [identifier.type]: identifier.value } },
			device: { label: labelOf(identifier.type), value: identifier.value },
			target: `${CHANNELS[message.channel]} to ${labelOf(identifier.type)} ${identifier.value}`,
			dryRun,
			refusal,
			skipIfNotFound: options.ifNotFound === 'skip',
		});
}

export const toolDescription =
	`Send a push notification, an email or an SMS (as this tool is set) to the user of one device in Workspace ONE UEM. ${TOOL_TEXT.oneDevice} Returns the message kind, the device and UEM's HTTP status when it was sent. ${TOOL_TEXT.write}`;

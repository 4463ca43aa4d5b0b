import type { IDataObject } from 'n8n-workflow';

import type { UemCall } from '../transport/calls';

export type MessageChannel = 'push' | 'email' | 'sms';

/** What a person reads on the device (push), in their mailbox or as a text. */
export interface DeviceMessage {
	channel: MessageChannel;
	text: string;
	/** Email only. */
	subject?: string;
	/** Push only: the app that shows it (e.g. "Intelligent Hub"); UEM's default when empty. */
	application?: string;
}

/**
 * A message to a device's user: `POST /api/mdm/devices/{id}/messages/push|email|sms`, body
 * `{"MessageBody": …}` with `Subject` for an email and `Application` for a push where given.
 */
export function messageCall(deviceId: string, message: DeviceMessage): UemCall {
	const body: IDataObject = { MessageBody: message.text };
	if (message.channel === 'email') body.Subject = message.subject;
	if (message.channel === 'push' && message.application) body.Application = message.application;
	return { method: 'POST', path: `/api/mdm/devices/${deviceId}/messages/${message.channel}`, body, version: 1 };
}

/** A note on the device's record, where admins read why something was done to it: `POST /api/mdm/devices/{id}/notes`. */
export function noteCall(deviceId: string, note: string): UemCall {
	return { method: 'POST', path: `/api/mdm/devices/${deviceId}/notes`, body: { DeviceId: Number(deviceId), Note: note }, version: 1 };
}

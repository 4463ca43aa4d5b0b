import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { openClient } from '../transport/client';
import { getDevice } from '../uem/devices';
import { KIND_FACTS, OTHER_EVENT } from '../uem/eventKinds';
import { headerMatches, verifierOf, type BasicPair } from './basicAuth';
import { normaliseEvent, readEventBody } from './normalise';
import { storedVerifiers } from './registrationState';
import { readEventSettings, type EventSettings } from './settings';

export const MANUAL_PAIR_CREDENTIAL = 'workspaceOneUemEventNotificationApi';

const REALM = 'Workspace ONE UEM events';

/** Answers the request here and starts nothing. Says no more than needed: the caller may be anyone. */
function refuse(context: IWebhookFunctions, status: 400 | 401, message: string): IWebhookResponseData {
	const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' };
	if (status === 401) headers['WWW-Authenticate'] = `Basic realm="${REALM}", charset="UTF-8"`;
	const response = context.getResponseObject();
	response.writeHead(status, headers);
	response.end(JSON.stringify({ code: status, message }));
	return { noWebhookResponse: true };
}

/** Whether the request carries the Basic pair UEM was given (Automatic) or the credential's (Manual). */
async function isFromUem(context: IWebhookFunctions, settings: EventSettings): Promise<boolean> {
	const header = context.getHeaderData().authorization;
	if (settings.registration === 'manual') {
		const credential = await context.getCredentials(MANUAL_PAIR_CREDENTIAL);
		const pair: BasicPair = { userName: String(credential.userName ?? ''), password: String(credential.password ?? '') };
		return pair.userName !== '' && pair.password !== '' && headerMatches(header, verifierOf(pair));
	}
	return storedVerifiers(context.getWorkflowStaticData('node')).some((verifier) => headerMatches(header, verifier));
}

/**
 * UEM's device record for the event's device, read with the node's credential through the
 * package's one client (its token cache shared by every event this process receives). An event
 * is never lost for it: a device UEM no longer has is null, a failed read says why.
 */
async function deviceRecordOf(context: IWebhookFunctions, settings: EventSettings, deviceId: unknown): Promise<IDataObject> {
	if (typeof deviceId !== 'number') return { device: null };
	try {
		const found = await getDevice(await openClient(context, settings.transport), { type: 'deviceId', value: String(deviceId) });
		return { device: 'absent' in found ? null : found.device };
	} catch (error) {
		// The event stands on its own; the transport's messages name no secret.
		return { device: null, deviceError: error instanceof Error ? error.message : String(error) };
	}
}

/**
 * One POST from UEM: refused (401) unless it carries the Basic pair, refused (400) unless it is a
 * UEM event, acknowledged without a run when it is not a chosen event; otherwise one run with one
 * normalised item. Nothing is written to static data here.
 */
export async function receiveEvent(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const settings = readEventSettings(this);
	if (!(await isFromUem(this, settings))) return refuse(this, 401, 'Unauthorized');
	const body = readEventBody(this.getBodyData());
	if ('problem' in body) return refuse(this, 400, body.problem);
	const { kind, item } = normaliseEvent(body.fields);
	const chosen = kind === OTHER_EVENT ? settings.allEvents : settings.kinds.includes(kind);
	if (!chosen) {
		const what = kind === OTHER_EVENT ? `Event type "${String(item.EventType ?? item.EventId)}"` : KIND_FACTS[kind].label;
		return { webhookResponse: { received: true, started: false, reason: `${what} is not a chosen event` } };
	}
	const enriched = settings.includeDevice ? { ...item, ...(await deviceRecordOf(this, settings, item.DeviceId)) } : item;
	return { workflowData: [this.helpers.returnJsonArray([enriched])] };
}

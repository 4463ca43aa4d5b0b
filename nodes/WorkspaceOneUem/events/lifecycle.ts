import { NodeApiError, NodeOperationError, type IHookFunctions, type JsonObject } from 'n8n-workflow';

import { isLoopbackHost } from '../transport/connection';
import { openClient } from '../transport/client';
import {
	createRegistration,
	deleteRegistration,
	findRegistrations,
	getRegistration,
	mismatchOf,
	unconfirmedError,
} from '../uem/eventNotifications';
import { newPair, verifierOf } from './basicAuth';
import { aboutOf, store, storedFor } from './registrationState';
import { readEventSettings, readTransport } from './settings';

/**
 * The URL UEM is to call: this node's production URL (or, while the editor listens for a test
 * event, its test URL). UEM sends the Basic pair with every event, so plain http is refused
 * unless n8n is on this machine.
 */
export function receivingUrl(context: IHookFunctions): string {
	const url = context.getNodeWebhookUrl('default');
	const parsed = url === undefined ? undefined : URL.canParse(url) ? new URL(url) : undefined;
	if (url === undefined || parsed === undefined) throw new NodeOperationError(context.getNode(), 'n8n gave this trigger no webhook URL');
	if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname))) return url;
	throw new NodeOperationError(context.getNode(), `UEM would send its events, with their user name and password, in clear text to ${parsed.protocol}//${parsed.host}`, {
		description:
			"n8n's webhook URL must be https. Set WEBHOOK_URL to n8n's public HTTPS address: a SaaS tenant reaches nothing else. Behind a firewall, use the Workspace ONE UEM Trigger (polling) instead.",
	});
}

/** How the registration is named in the console: the workflow and node it belongs to. */
function targetNameOf(context: IHookFunctions): string {
	const node = context.getNode();
	return `n8n ${context.getWorkflow().id ?? ''} ${(node.webhookId ?? node.id).slice(0, 8)}`.trim();
}

/**
 * Whether UEM already sends this trigger's events to its URL: a registration it made (its id in
 * static data) for the same events and group, that UEM still has with that URL and those events.
 * Manual registration: there is nothing to check, the person registered in the console.
 */
export async function registrationExists(this: IHookFunctions): Promise<boolean> {
	const settings = readEventSettings(this);
	const url = receivingUrl(this);
	if (settings.registration === 'manual') return true;
	const stored = storedFor(this.getWorkflowStaticData('node'), url);
	if (stored === undefined || stored.about !== aboutOf(settings.kinds, settings.organizationGroupId)) return false;
	const found = await getRegistration(await openClient(this, settings.transport), stored.id);
	return found !== undefined && mismatchOf(found, { url, kinds: settings.kinds }) === undefined;
}

/**
 * Registers the URL with a fresh Basic pair, after removing what this trigger registered there
 * before (its pair may be lost: a create whose answer never came, a copied workflow). Keeps the
 * registration's id and the pair's verifier; the pair itself goes to UEM only.
 */
export async function register(this: IHookFunctions): Promise<boolean> {
	const settings = readEventSettings(this);
	const url = receivingUrl(this);
	if (settings.registration === 'manual') return true;
	const staticData = this.getWorkflowStaticData('node');
	const client = await openClient(this, settings.transport);
	const name = targetNameOf(this);
	const previous = storedFor(staticData, url);
	if (previous !== undefined) await deleteRegistration(client, previous.id);
	for (const leftover of await findRegistrations(client, name)) {
		if (leftover.url === url && leftover.id !== previous?.id) await deleteRegistration(client, leftover.id);
	}
	store(staticData, url, undefined);

	const pair = newPair();
	// Should UEM quote the request in an error, the password is masked like the client secret.
	client.session.secrets.add(pair.password);
	const created = await createRegistration(client, { name, url, ...pair, kinds: settings.kinds, organizationGroupId: settings.organizationGroupId });
	if ('unnamed' in created) {
		throw new NodeApiError(this.getNode(), { request: `${created.unnamed.method} ${created.unnamed.path}` } as JsonObject, {
			message: 'UEM accepted the event notification but named no registration, and none could be found under its name',
			description: `Look for "${name}" in the console (Event Notifications) and delete it, then set Registration to Manual.`,
		});
	}
	const why = mismatchOf(created, { url, kinds: settings.kinds });
	if (why !== undefined) {
		await deleteRegistration(client, created.id);
		throw unconfirmedError(this.getNode(), why);
	}
	store(staticData, url, { v: 1, id: created.id, about: aboutOf(settings.kinds, settings.organizationGroupId), verifier: verifierOf(pair) });
	return true;
}

/** Deletes the registration of this URL (already gone is fine) and forgets its pair. */
export async function unregister(this: IHookFunctions): Promise<boolean> {
	const url = this.getNodeWebhookUrl('default') ?? '';
	const staticData = this.getWorkflowStaticData('node');
	const stored = storedFor(staticData, url);
	// Whatever the node is set to now (events, even Manual): what it registered goes.
	if (stored === undefined) return true;
	await deleteRegistration(await openClient(this, readTransport(this)), stored.id);
	store(staticData, url, undefined);
	return true;
}

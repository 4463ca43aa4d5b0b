import { NodeOperationError, type IDataObject, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';

import { transportSettingsFrom } from '../actions/common.descriptions';
import { organizationGroupOf } from '../actions/pickerFields';
import type { TransportSettings } from '../transport/session';
import { ALL_EVENTS, chosenKinds, type EventKind } from '../uem/eventKinds';

export type RegistrationMode = 'api' | 'manual';

/** What the Event Trigger is set to, read from its parameters. */
export interface EventSettings {
	registration: RegistrationMode;
	kinds: EventKind[];
	/** All Events: events of no known kind start the workflow too. */
	allEvents: boolean;
	organizationGroupId: number;
	includeDevice: boolean;
	transport: TransportSettings;
}

export function readEventSettings(context: IHookFunctions | IWebhookFunctions): EventSettings {
	const node = context.getNode();
	const registration = context.getNodeParameter('registration', 'api') as RegistrationMode;
	if (registration !== 'api' && registration !== 'manual') throw new NodeOperationError(node, `Unknown registration "${String(registration)}"`);
	const selection = context.getNodeParameter('events', []) as string[];
	const kinds = chosenKinds(Array.isArray(selection) ? selection : []);
	if (kinds.length === 0) {
		throw new NodeOperationError(node, 'No event is chosen', { description: 'Choose at least one event in Events, or All Events.' });
	}
	return {
		registration,
		kinds,
		allEvents: selection.includes(ALL_EVENTS),
		organizationGroupId: organizationGroupOf(node, { organizationGroup: context.getNodeParameter('organizationGroup', undefined) }) ?? 0,
		includeDevice: context.getNodeParameter('includeDevice', false) === true,
		transport: readTransport(context),
	};
}

/** How the trigger calls UEM: one call at a time (a registration, or one event's device record). */
export function readTransport(context: IHookFunctions | IWebhookFunctions): TransportSettings {
	return { ...transportSettingsFrom(context.getNodeParameter('options', {}) as IDataObject), requestsPerMinute: 0, concurrency: 1 };
}

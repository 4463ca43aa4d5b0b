import type { INodePropertyOptions } from 'n8n-workflow';

interface KindFacts {
	label: string;
	description: string;
	/** UEM's EventType names, as a registration lists them (the "list" reading of the create body). */
	uemNames: string[];
	/** The console's checkbox, as a boolean field (the "flags" reading of the create body). */
	flag: string;
	/** Where the box is in the console, for Manual registration. */
	consoleBox: string;
}

/**
 * The device events the Event Trigger offers, in the order it lists them, and how UEM names each.
 * Seen in the field: EventType spelt with and without spaces ("CompromisedStatusChanged",
 * "Compromised Status Changed"), numeric EventIds 148, 39, 229, 178 and 642. The names for device
 * wipe, device delete and compliance change, and the ids other than those five, are unconfirmed: an
 * event is therefore recognised by the words of its EventType first, and by its EventId only when
 * it has no EventType.
 */
export const KIND_FACTS = {
	deviceEnrolled: {
		label: 'Device Enrolled',
		description: 'A device completed MDM enrolment (MDMEnrollmentComplete, 148)',
		uemNames: ['MDMEnrollmentComplete'],
		flag: 'DeviceEnrollment',
		consoleBox: 'Device Enrollment',
	},
	deviceUnenrolled: {
		label: 'Device Unenrolled',
		description: 'A device left MDM (BreakMDMConfirmed, 39)',
		uemNames: ['BreakMDMConfirmed'],
		flag: 'DeviceUnenrollment',
		consoleBox: 'Device Unenrollment',
	},
	enterpriseWipeRequested: {
		label: 'Enterprise Wipe Requested',
		description: 'An enterprise wipe was requested for a device (DeviceEnterpriseWipeRequested, 229)',
		uemNames: ['DeviceEnterpriseWipeRequested'],
		flag: 'EnterpriseWipe',
		consoleBox: 'Enterprise Wipe',
	},
	deviceWiped: {
		label: 'Device Wipe',
		description: 'A full device wipe was requested (device wipe)',
		uemNames: ['DeviceWipeRequested'],
		flag: 'DeviceWipe',
		consoleBox: 'Device Wipe',
	},
	deviceDeleted: {
		label: 'Device Deleted',
		description: 'A device record was deleted',
		uemNames: ['DeviceDeleted'],
		flag: 'DeviceDelete',
		consoleBox: 'Device Delete',
	},
	complianceStatusChanged: {
		label: 'Compliance Status Changed',
		description: "A device's compliance status changed",
		uemNames: ['ComplianceStatusChanged'],
		flag: 'ComplianceStatusChange',
		consoleBox: 'Compliance Status Change',
	},
	compromisedStatusChanged: {
		label: 'Compromised Status Changed',
		description: 'A device was found compromised, or no longer (CompromisedStatusChanged, 178)',
		uemNames: ['CompromisedStatusChanged'],
		flag: 'CompromisedStatusChange',
		consoleBox: 'Compromised Status Change',
	},
	attributeChanged: {
		label: 'Friendly Name or Attribute Changed',
		description: 'A device attribute changed: friendly name (642), operating system, organization group, phone number, …',
		uemNames: ['DeviceFriendlyNameChanged'],
		flag: 'AttributeChange',
		consoleBox: 'Attribute Changes',
	},
} satisfies Record<string, KindFacts>;

export type EventKind = keyof typeof KIND_FACTS;

export const EVENT_KINDS = Object.keys(KIND_FACTS) as readonly EventKind[];

/** An event UEM sent that is none of the kinds above (reported only when All Events is chosen). */
export const OTHER_EVENT = 'other';

export const ALL_EVENTS = '*';

export const EVENT_OPTIONS: INodePropertyOptions[] = [
	{ name: 'All Events', value: ALL_EVENTS, description: 'Every event UEM sends, those not listed here included' },
	...EVENT_KINDS.map((kind) => ({ name: KIND_FACTS[kind].label, value: kind, description: KIND_FACTS[kind].description })),
];

/** The EventIds seen in the field, for an event that arrives without an EventType. */
const KIND_BY_EVENT_ID: Readonly<Record<number, EventKind>> = {
	148: 'deviceEnrolled',
	39: 'deviceUnenrolled',
	229: 'enterpriseWipeRequested',
	178: 'compromisedStatusChanged',
	642: 'attributeChanged',
};

/** First match wins: "enterprise wipe" before "wipe", "unenrol" before "enrol". */
const KIND_BY_WORDS: ReadonlyArray<[RegExp, EventKind]> = [
	[/enterprisewipe/, 'enterpriseWipeRequested'],
	[/wipe/, 'deviceWiped'],
	[/breakmdm|unenrol|deenrol/, 'deviceUnenrolled'],
	[/enrol/, 'deviceEnrolled'],
	[/delete/, 'deviceDeleted'],
	[/compliance|compliant/, 'complianceStatusChanged'],
	[/compromised/, 'compromisedStatusChanged'],
	[/friendlyname|attribute|changed|modified/, 'attributeChanged'],
];

/** Which kind an event is, from its EventType (any spacing or case), else its EventId. */
export function kindOf(eventType: string | undefined, eventId: number | undefined): EventKind | typeof OTHER_EVENT {
	const words = (eventType ?? '').toLowerCase().replace(/[^a-z]/g, '');
	if (words !== '') return KIND_BY_WORDS.find(([pattern]) => pattern.test(words))?.[1] ?? OTHER_EVENT;
	return (eventId !== undefined ? KIND_BY_EVENT_ID[eventId] : undefined) ?? OTHER_EVENT;
}

/** The kinds a selection stands for: every kind for All Events, else those chosen, in a stable order. */
export function chosenKinds(selection: readonly string[]): EventKind[] {
	if (selection.includes(ALL_EVENTS)) return [...EVENT_KINDS];
	return EVENT_KINDS.filter((kind) => selection.includes(kind));
}

import type { IDataObject } from 'n8n-workflow';

import { isRecord } from '../transport/responseBody';
import { kindOf, OTHER_EVENT, type EventKind } from '../uem/eventKinds';

/**
 * The fields of UEM's event payload as it names them. n8n parses an XML body with its tag names
 * lower-cased; these restore UEM's spelling. Fields not listed keep the name they came with.
 */
const UEM_FIELDS = [
	'EventId',
	'EventType',
	'DeviceId',
	'DeviceFriendlyName',
	'EnrollmentEmailAddress',
	'EnrollmentUserName',
	'EnrollmentUserId',
	'EventTime',
	'EnrollmentStatus',
	'CompromisedStatus',
	'CompromisedTimeStamp',
	'ComplianceStatus',
	'PhoneNumber',
	'Udid',
	'SerialNumber',
	'MACAddress',
];
const UEM_NAME = new Map(UEM_FIELDS.map((name) => [name.toLowerCase(), name]));
const NUMERIC_FIELDS = new Set(['EventId', 'DeviceId', 'EnrollmentUserId']);
const DATE_FIELDS = new Set(['EventTime', 'CompromisedTimeStamp']);

/** The root element of UEM's XML payload. */
const XML_ROOT = 'eventlog';

/** UEM serialises some byte arrays as their .NET type name instead of a value. */
const UNSERIALISED_BYTES = 'System.Byte[]';

/** .NET's JSON date: milliseconds since the epoch (UTC), with an optional zone that does not change the instant. */
const DOTNET_DATE = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/;

/** An ISO 8601 date and time as UEM writes them in XML (up to 7 fractional digits, zone optional: UTC). */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

export type EventBody = { fields: Record<string, unknown> } | { problem: string };

function fromXml(parsed: Record<string, unknown>): Record<string, unknown> {
	const fields: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(parsed)) {
		// xml2js puts the root's attributes (namespace declarations) under `$`.
		if (key === '$') continue;
		fields[UEM_NAME.get(key.toLowerCase()) ?? key] = value;
	}
	return fields;
}

function isEventId(value: unknown): boolean {
	return (typeof value === 'number' && Number.isInteger(value)) || (typeof value === 'string' && /^\d+$/.test(value.trim()));
}

/**
 * UEM's event from a webhook body as n8n hands it over: a JSON object, or an XML document n8n
 * parsed (`{eventlog: {…}}`), or JSON sent as text. A body that is none of these, or lacks both
 * EventId and EventType, is not a UEM event.
 */
export function readEventBody(body: unknown): EventBody {
	let value = body;
	if (typeof value === 'string') {
		const text = value.trim();
		if (text.startsWith('<')) return { problem: 'The body is XML sent as text: send it with Content-Type application/xml.' };
		try {
			value = JSON.parse(text) as unknown;
		} catch {
			return { problem: 'The body is neither JSON nor XML.' };
		}
	}
	if (!isRecord(value)) return { problem: 'The body is not a JSON object or an XML document.' };
	const rootKey = Object.keys(value).length === 1 ? Object.keys(value)[0] : undefined;
	const fields = rootKey?.toLowerCase() === XML_ROOT && isRecord(value[rootKey]) ? fromXml(value[rootKey]) : value;
	const hasType = typeof fields.EventType === 'string' && fields.EventType.trim() !== '';
	if (!hasType && !isEventId(fields.EventId)) return { problem: 'The body has neither an EventId nor an EventType: it is not a UEM event.' };
	return { fields };
}

function isoDate(value: string): string | null | undefined {
	const dotnet = DOTNET_DATE.exec(value);
	if (dotnet) return new Date(Number(dotnet[1])).toISOString();
	if (!ISO_DATE_TIME.test(value)) return undefined;
	const ms = Date.parse(/Z$|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value}Z`);
	return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function normaliseValue(name: string, value: unknown): unknown {
	if (typeof value !== 'string') return value;
	if (value === UNSERIALISED_BYTES) return null;
	if (NUMERIC_FIELDS.has(name) && /^\d+$/.test(value.trim())) return Number(value);
	if (DATE_FIELDS.has(name) || DOTNET_DATE.test(value)) return isoDate(value) ?? value;
	return value;
}

/** What the trigger outputs for one event. */
export interface NormalisedEvent {
	kind: EventKind | typeof OTHER_EVENT;
	item: IDataObject;
}

/**
 * One output item: `event` (the kind this node names it), UEM's fields under UEM's names with
 * `/Date(ms)/` and XML times as ISO 8601 (UTC), `"System.Byte[]"` as null and numbers as numbers,
 * then UEM's payload as it came under `raw`.
 */
export function normaliseEvent(fields: Record<string, unknown>): NormalisedEvent {
	const normalised: IDataObject = {};
	for (const [name, value] of Object.entries(fields)) normalised[name] = normaliseValue(name, value) as IDataObject[string];
	const eventType = typeof normalised.EventType === 'string' ? normalised.EventType : undefined;
	const eventId = typeof normalised.EventId === 'number' ? normalised.EventId : undefined;
	const kind = kindOf(eventType, eventId);
	return { kind, item: { event: kind, ...normalised, raw: { ...fields } as IDataObject } };
}

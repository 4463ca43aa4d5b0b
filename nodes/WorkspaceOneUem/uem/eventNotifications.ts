import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import type { CallRecord, UemAnswer, UemApi } from '../transport/calls';
import { field, isRecord } from '../transport/responseBody';
import type { UemErrorBody } from '../transport/uemErrors';
import { EVENT_KINDS, KIND_FACTS, kindOf, type EventKind } from './eventKinds';

/**
 * UEM's Event Notifications API (System v1): a registration ("target") tells UEM to POST the
 * chosen device events, with HTTP Basic auth, to a URL. The paths are documented; the field names
 * of a registration are not confirmed by any source we have, so the create body carries both
 * readings we know of (case does not matter to UEM's JSON binding, unknown fields are ignored):
 *
 * - "flags": one boolean per console checkbox (`DeviceEnrollment: true`, …), `OrganizationGroupId`;
 * - "list": `Events: ["MDMEnrollmentComplete", …]` (UEM's EventType names), `LocationGroupId`.
 *
 * What UEM kept is read back after creating; a registration whose URL or events cannot be read
 * back is deleted again, and the trigger says to register by hand (Manual registration).
 */
const BASE_PATH = '/api/system/eventnotifications';
const VERSION = 1;

/** Answers that mean "not this way" for a registration call: shown with the Manual registration hint. */
const REFUSALS = [400, 403, 405, 406, 409, 415, 422] as const;

export interface RegistrationTarget {
	/** Shown in the console's list of targets; identifies this trigger's registrations. */
	name: string;
	url: string;
	userName: string;
	password: string;
	kinds: EventKind[];
	/** 0: the OAuth client's own organization group. */
	organizationGroupId: number;
}

/** A registration as UEM keeps it: its id, URL and the events it sends, when UEM says so. */
export interface Registration {
	id: string;
	url: string | undefined;
	/** Undefined when the record shows its events under neither reading's field. */
	kinds: Set<EventKind> | undefined;
}

/** The create body, both readings at once (see above). The password goes to UEM only. */
export function registrationBody(target: RegistrationTarget): Record<string, unknown> {
	const body: Record<string, unknown> = {
		TargetName: target.name,
		TargetUrl: target.url,
		Username: target.userName,
		Password: target.password,
		Format: 'JSON',
		Events: target.kinds.flatMap((kind) => KIND_FACTS[kind].uemNames),
	};
	for (const kind of target.kinds) body[KIND_FACTS[kind].flag] = true;
	if (target.organizationGroupId > 0) {
		body.OrganizationGroupId = target.organizationGroupId;
		body.LocationGroupId = target.organizationGroupId;
	}
	return body;
}

function idText(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isInteger(value)) return String(value);
	if (typeof value === 'string' && /^\d+$/.test(value.trim())) return value.trim();
	if (isRecord(value)) return idText(field(value, 'Value'));
	return undefined;
}

/** The id in a create answer or a record: a number, `{Value}`, `{Id: {Value}}`, `{Id}`, `{EventNotificationId}`. */
export function registrationIdOf(body: unknown): string | undefined {
	return idText(body) ?? (isRecord(body) ? idText(field(body, 'Id', 'EventNotificationId', 'NotificationId')) : undefined);
}

/** Reads a record in either reading. */
export function readRegistration(record: Record<string, unknown>): Registration | undefined {
	const id = registrationIdOf(record);
	if (id === undefined) return undefined;
	const url = field(record, 'TargetUrl', 'Url', 'TargetURI');
	const listed = field(record, 'Events', 'EventTypes');
	let kinds: Set<EventKind> | undefined;
	if (Array.isArray(listed)) {
		kinds = new Set(listed.map((name) => kindOf(String(name), undefined)).filter((kind): kind is EventKind => kind !== 'other'));
	}
	const flagged = EVENT_KINDS.filter((kind) => field(record, KIND_FACTS[kind].flag) !== undefined);
	if (flagged.length > 0) {
		kinds ??= new Set();
		for (const kind of flagged) if (field(record, KIND_FACTS[kind].flag) === true) kinds.add(kind);
	}
	return { id, url: typeof url === 'string' ? url : undefined, kinds };
}

/** Why a registration UEM kept does not match the target, or undefined when it does. */
export function mismatchOf(registration: Registration, target: Pick<RegistrationTarget, 'url' | 'kinds'>): string | undefined {
	if (registration.url === undefined) return 'its answer shows no target URL';
	if (registration.url !== target.url) return `it kept the target URL ${registration.url}`;
	if (registration.kinds === undefined) return 'its answer shows no events under any field name this node knows';
	const missing = target.kinds.filter((kind) => !registration.kinds?.has(kind));
	if (missing.length > 0) return `it left out ${missing.map((kind) => KIND_FACTS[kind].label).join(', ')}`;
	return undefined;
}

/** One registration, or undefined when UEM has none under that id. */
export async function getRegistration(api: UemApi, id: string): Promise<Registration | undefined> {
	const answer = await api.get({ path: `${BASE_PATH}/${encodeURIComponent(id)}`, version: VERSION, missingStatuses: REFUSALS });
	if (answer.kind === 'missing' && answer.status !== 404) throw refusedError(api.node, answer, 'read');
	if (answer.kind !== 'ok' || !isRecord(answer.body)) return undefined;
	return readRegistration(answer.body);
}

/** The registrations UEM lists under a target name (its search; 204 when there are none). */
export async function findRegistrations(api: UemApi, targetName: string): Promise<Registration[]> {
	const answer = await api.get({ path: `${BASE_PATH}/search`, qs: { targetname: targetName, pagesize: 500 }, version: VERSION, missingStatuses: REFUSALS });
	if (answer.kind === 'missing') throw refusedError(api.node, answer, 'search');
	if (answer.kind !== 'ok') return [];
	// The list's field name is unconfirmed too: take the body's first list.
	const list = Array.isArray(answer.body) ? answer.body : isRecord(answer.body) ? Object.values(answer.body).find(Array.isArray) : undefined;
	return (list ?? []).filter(isRecord).map(readRegistration).filter((each): each is Registration => each !== undefined);
}

/** Creates a registration and returns it as UEM reads it back (the caller checks it with mismatchOf). */
export async function createRegistration(api: UemApi, target: RegistrationTarget): Promise<Registration | { unnamed: CallRecord }> {
	const answer = await api.send({ method: 'POST', path: BASE_PATH, body: registrationBody(target), version: VERSION, missingStatuses: REFUSALS });
	if (answer.kind === 'missing') throw refusedError(api.node, answer, 'create');
	const id = answer.kind === 'ok' ? registrationIdOf(answer.body) : undefined;
	// The id the create named is the one to delete should the read-back not match.
	if (id !== undefined) return { ...((await getRegistration(api, id)) ?? { url: undefined, kinds: undefined }), id };
	// No id in the answer: look the new registration up by its name and URL.
	return (await findRegistrations(api, target.name)).find((each) => each.url === target.url) ?? { unnamed: answer.call };
}

/** Deletes a registration; `gone` when UEM had none under that id. */
export async function deleteRegistration(api: UemApi, id: string): Promise<'deleted' | 'gone'> {
	const answer = await api.send({ method: 'DELETE', path: `${BASE_PATH}/${encodeURIComponent(id)}`, version: VERSION, idempotent: true, missingStatuses: REFUSALS });
	if (answer.kind === 'missing' && answer.status !== 404) throw refusedError(api.node, answer, 'delete');
	return answer.kind === 'missing' ? 'gone' : 'deleted';
}

const MANUAL_HINT =
	'Register the webhook by hand instead: set Registration to Manual, and the node lists what to enter in the UEM console (Groups & Settings › All Settings › System › Advanced › API › Event Notifications).';

const VERBS = { create: 'register', read: 'read', search: 'search', delete: 'delete' } as const;

/** UEM refused a registration call: its reason, and the way around it. */
function refusedError(node: INode, answer: UemAnswer & { kind: 'missing' }, action: keyof typeof VERBS): NodeApiError {
	const uem: UemErrorBody = answer.error;
	const said = [uem.errorCode !== undefined ? `error ${uem.errorCode}` : '', uem.message ?? ''].filter(Boolean).join(', ');
	const why =
		answer.status === 403
			? "The OAuth client's role does not allow managing event notifications."
			: answer.status === 404 || answer.status === 405
				? 'This UEM server does not offer the Event Notifications API (on-premises versions may not).'
				: 'UEM did not accept the request as this node sends it (the field names of a registration are not documented).';
	const response: JsonObject = {
		httpCode: answer.status,
		errorCode: uem.errorCode ?? null,
		message: uem.message ?? null,
		activityId: uem.activityId ?? null,
		request: `${answer.call.method} ${answer.call.path}`,
	};
	return new NodeApiError(node, response, {
		message: `UEM refused to ${VERBS[action]} the event notification (HTTP ${answer.status}${said ? `: ${said}` : ''})`,
		description: `${why} ${MANUAL_HINT}`,
		httpCode: String(answer.status),
	});
}

/** The registration could not be confirmed: what to do about it. */
export function unconfirmedError(node: INode, why: string): NodeApiError {
	return new NodeApiError(node, { message: why } as JsonObject, {
		message: `UEM did not keep the event notification as sent: ${why}`,
		description: `The registration was deleted again. ${MANUAL_HINT}`,
	});
}

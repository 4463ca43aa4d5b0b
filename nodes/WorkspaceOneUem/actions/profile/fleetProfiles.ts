import { NodeOperationError } from 'n8n-workflow';

import { getPages } from '../../transport/paging';
import { isRecord } from '../../transport/responseBody';
import type { UemContext, UemSession } from '../../transport/session';
import { failedCall, uemHttpError, unexpectedShapeError } from '../../transport/uemErrors';

/** A profile of the tenant, as the fleet report needs it. */
export interface FleetProfile {
	id: unknown;
	uuid: string;
	name: string;
}

export type ProfileSelection =
	| { choice: 'all' }
	| { choice: 'byName'; names: string[] }
	| { choice: 'byUuid'; uuids: string[] };

const SEARCH_PATH = '/api/mdm/profiles/search';
/** How many of the tenant's profile names an "unknown name" error lists, to help spot a typo. */
const NAMES_SHOWN = 12;

/**
 * The names or UUIDs an item asks for. A list from an expression is taken as it is; text is split
 * into lines (names may hold commas), and UUIDs also at commas and spaces.
 */
export function readWantedList(value: unknown, splitAtCommas: boolean): string[] {
	const parts = Array.isArray(value) ? value.map(String) : String(value ?? '').split(splitAtCommas ? /[\s,;]+/ : /\r?\n/);
	return [...new Set(parts.map((part) => part.trim()).filter((part) => part !== ''))];
}

/** One entry of UEM's ProfileList; the plain `Uuid`/`Name`/`Id` forms are read too, in case a version sends those. */
function readProfile(raw: unknown): FleetProfile | undefined {
	if (!isRecord(raw)) return undefined;
	const uuid = raw.ProfileUuid ?? raw.Uuid;
	const name = raw.ProfileName ?? raw.Name;
	const id = raw.ProfileId ?? (isRecord(raw.Id) ? raw.Id.Value : raw.Id);
	if (typeof uuid !== 'string' || uuid === '') return undefined;
	return { id: id ?? null, uuid, name: typeof name === 'string' ? name : '' };
}

/** Every profile the OAuth client can see, from UEM's profile search (one call per 500 profiles). */
async function searchProfiles(
	context: UemContext,
	session: UemSession,
	version: number,
	itemIndex: number,
): Promise<FleetProfile[]> {
	const where = failedCall(session.connection.apiUrl, SEARCH_PATH, itemIndex);
	const answer = await getPages(context, session, { path: SEARCH_PATH, version, itemsKey: 'ProfileList', totalKey: 'Total' }, { itemIndex });
	if (!answer.found) throw uemHttpError(context.getNode(), where, 404, { kind: 'json', value: answer.error });
	return answer.items.map((raw) => {
		const profile = readProfile(raw);
		// Without its UUID a profile cannot be asked for its devices.
		if (!profile) throw unexpectedShapeError(context.getNode(), where, 'a ProfileUuid for every profile (try API Version 2)');
		return profile;
	});
}

function quoted(values: string[]): string {
	return values.map((value) => `"${value}"`).join(', ');
}

function notFoundError(context: UemContext, itemIndex: number, byName: boolean, missing: string[], known: FleetProfile[]) {
	const what = byName ? 'name' : 'UUID';
	const message =
		missing.length === 1 ? `No profile with the ${what} ${quoted(missing)}` : `No profiles with the ${what}s ${quoted(missing)}`;
	const shown = known.slice(0, NAMES_SHOWN).map((profile) => (byName ? profile.name : `${profile.name} (${profile.uuid})`));
	const more = known.length > NAMES_SHOWN ? `, … (${known.length} in all)` : '';
	const rule = byName ? "Names must match a profile's name exactly (case does not matter)." : 'Check the UUIDs.';
	return new NodeOperationError(context.getNode(), message, {
		itemIndex,
		description:
			known.length === 0
				? 'The profile search of this tenant lists no profiles the OAuth client can see.'
				: `${rule} Profiles this OAuth client can see: ${quoted(shown)}${more}.`,
	});
}

/**
 * The profiles an item chose, checked against the tenant's profile search so that a typo fails
 * at once, naming the unknown ones, instead of reporting an empty fleet.
 */
export async function chooseProfiles(
	context: UemContext,
	session: UemSession,
	selection: ProfileSelection,
	version: number,
	itemIndex: number,
): Promise<FleetProfile[]> {
	const known = await searchProfiles(context, session, version, itemIndex);
	if (selection.choice === 'all') return known;

	const byName = selection.choice === 'byName';
	const wanted = byName ? selection.names : selection.uuids;
	const keyOf = (profile: FleetProfile) => (byName ? profile.name : profile.uuid).toLowerCase();
	const wantedKeys = new Set(wanted.map((value) => value.toLowerCase()));
	const missing = wanted.filter((value) => !known.some((profile) => keyOf(profile) === value.toLowerCase()));
	if (missing.length > 0) throw notFoundError(context, itemIndex, byName, missing, known);
	// A name may belong to profiles in several organization groups: all of them are chosen.
	return known.filter((profile) => wantedKeys.has(keyOf(profile)));
}

export type ParsedBody =
	| { kind: 'empty' }
	| { kind: 'json'; value: unknown }
	| { kind: 'html' }
	| { kind: 'xml' }
	| { kind: 'malformed'; text: string };

/** Classifies and parses a body: UEM answers JSON, but proxies and consoles answer pages. */
export function parseBody(text: string): ParsedBody {
	if (text.trim() === '') return { kind: 'empty' };
	try {
		return { kind: 'json', value: JSON.parse(text) as unknown };
	} catch {
		if (/^\s*<(!doctype html|html|head|body)/i.test(text)) return { kind: 'html' };
		if (/^\s*<\?xml|^\s*<[A-Za-z]/.test(text)) return { kind: 'xml' };
		return { kind: 'malformed', text };
	}
}

export function jsonObject(parsed: ParsedBody): Record<string, unknown> | undefined {
	return parsed.kind === 'json' && isRecord(parsed.value) ? parsed.value : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A short single-line excerpt for error messages. */
export function snippet(text: string, max = 120): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

/** A field of a record whatever its case (UEM's JSON is case-insensitive on the way in, not always consistent on the way out). */
export function field(record: Record<string, unknown>, ...names: string[]): unknown {
	const wanted = new Set(names.map((name) => name.toLowerCase()));
	const key = Object.keys(record).find((each) => wanted.has(each.toLowerCase()));
	return key === undefined ? undefined : record[key];
}

/**
 * The numeric id of a UEM record (a device, app, user, group) in any of UEM's shapes:
 * `Id: {Value}`, `Id`, or `id` (the per-profile listing).
 */
export function recordIdOf(record: unknown): number | undefined {
	const raw = isRecord(record) ? (record.Id ?? record.id) : undefined;
	const id = isRecord(raw) ? raw.Value : raw;
	const number = typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : id;
	return typeof number === 'number' && Number.isInteger(number) ? number : undefined;
}

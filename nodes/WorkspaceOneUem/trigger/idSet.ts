/**
 * Sets of device ids kept in a poller's static data, compactly and exactly: sorted, cut into runs
 * of consecutive ids, each run written as base-128 varints (the gap from the previous run, doubled,
 * plus one when a run length follows), in base64. An id less than 64 above the previous one costs
 * one byte; a run of consecutive ids a few bytes whatever its length, so a profile failing on a
 * whole fleet takes bytes, not kilobytes. Any set of devices numbered within a span of 50,000 fits
 * in about 45 KB, and 50,000 ids less than 64 apart in about 67 KB. Exact rather than hashed, so a
 * new failure can never be mistaken for one already seen.
 */
export function encodeIds(ids: Iterable<number>): string {
	const sorted = [...new Set(ids)].filter((id) => Number.isInteger(id) && id >= 0).sort((a, b) => a - b);
	const bytes: number[] = [];
	let previous = 0;
	for (let index = 0; index < sorted.length; ) {
		const start = sorted[index];
		let length = 1;
		while (index + length < sorted.length && sorted[index + length] === start + length) length++;
		writeVarint(bytes, (start - previous) * 2 + (length > 1 ? 1 : 0));
		if (length > 1) writeVarint(bytes, length - 2);
		previous = start + length - 1;
		index += length;
	}
	return Buffer.from(bytes).toString('base64');
}

/** Far more ids than any tenant has: a damaged entry must not expand into an endless list. */
const MAX_DECODED_IDS = 10_000_000;

export function decodeIds(encoded: unknown): number[] {
	if (typeof encoded !== 'string' || encoded === '') return [];
	const reader = varintReader(Buffer.from(encoded, 'base64'));
	const ids: number[] = [];
	let previous = 0;
	for (let value = reader(); value !== undefined; value = reader()) {
		const start = previous + Math.floor(value / 2);
		const length = value % 2 === 1 ? (reader() ?? 0) + 2 : 1;
		if (ids.length + length > MAX_DECODED_IDS) break;
		for (let offset = 0; offset < length; offset++) ids.push(start + offset);
		previous = start + length - 1;
	}
	return ids;
}

function writeVarint(bytes: number[], value: number): void {
	let rest = value;
	while (rest >= 0x80) {
		bytes.push((rest % 0x80) | 0x80);
		rest = Math.floor(rest / 0x80);
	}
	bytes.push(rest);
}

/** Reads one varint per call; undefined at the end (a cut-short last varint is dropped). */
function varintReader(bytes: Uint8Array): () => number | undefined {
	let position = 0;
	return () => {
		let value = 0;
		let scale = 1;
		while (position < bytes.length) {
			const byte = bytes[position++];
			value += (byte & 0x7f) * scale;
			if ((byte & 0x80) === 0) return value;
			scale *= 0x80;
		}
		return undefined;
	};
}

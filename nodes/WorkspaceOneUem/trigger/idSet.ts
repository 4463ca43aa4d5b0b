/**
 * Sets of device ids kept in a poller's static data, compactly and exactly: sorted, as the
 * differences between neighbours, each a base-128 varint, in base64. Consecutive ids cost one
 * byte each; 50,000 devices fit in about 67 KB even when every one is in the set. Exact rather
 * than hashed, so a new failure can never be mistaken for one already seen.
 */
export function encodeIds(ids: Iterable<number>): string {
	const sorted = [...new Set(ids)].filter((id) => Number.isInteger(id) && id >= 0).sort((a, b) => a - b);
	const bytes: number[] = [];
	let previous = 0;
	for (const id of sorted) {
		let delta = id - previous;
		previous = id;
		while (delta >= 0x80) {
			bytes.push((delta % 0x80) | 0x80);
			delta = Math.floor(delta / 0x80);
		}
		bytes.push(delta);
	}
	return Buffer.from(bytes).toString('base64');
}

export function decodeIds(encoded: unknown): number[] {
	if (typeof encoded !== 'string' || encoded === '') return [];
	const bytes = Buffer.from(encoded, 'base64');
	const ids: number[] = [];
	let current = 0;
	let delta = 0;
	let scale = 1;
	for (const byte of bytes) {
		delta += (byte & 0x7f) * scale;
		if (byte & 0x80) {
			scale *= 0x80;
			continue;
		}
		current += delta;
		ids.push(current);
		delta = 0;
		scale = 1;
	}
	return ids;
}

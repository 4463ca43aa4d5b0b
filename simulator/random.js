'use strict';
// A small seeded generator (mulberry32): the same seed gives the same fleet and the same fault
// sequence on every machine, so tests can compute what to expect instead of hard-coding it.

/** @param {number} seed */
function createRandom(seed) {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		/** A float in [0, 1). */
		next,
		/** An integer in [min, max]. */
		int: (min, max) => min + Math.floor(next() * (max - min + 1)),
		/** One element of a list. */
		pick: (list) => list[Math.floor(next() * list.length)],
		/** One key of a {key: weight} table, chosen by weight. */
		weighted: (table) => {
			const entries = Object.entries(table);
			const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
			let roll = next() * total;
			for (const [key, weight] of entries) {
				roll -= weight;
				if (roll < 0) return key;
			}
			return entries[entries.length - 1][0];
		},
		/** `length` lowercase hex digits. */
		hex: (length) => {
			let out = '';
			while (out.length < length) out += Math.floor(next() * 0x100000000).toString(16).padStart(8, '0');
			return out.slice(0, length);
		},
	};
}

/** A version-4-shaped UUID from the generator. */
function uuidFrom(random) {
	const h = random.hex(32);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

module.exports = { createRandom, uuidFrom };

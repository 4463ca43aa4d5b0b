// The trigger's compact, exact sets of device ids in static data.
import { decodeIds, encodeIds } from '../../nodes/WorkspaceOneUem/trigger/idSet';

describe('id sets in static data', () => {
	it('round-trips any set of ids, sorted and without repeats', () => {
		const ids = [5, 1_000_000_000, 1001, 1001, 0, 127, 128, 16_384, 2 ** 40];
		expect(decodeIds(encodeIds(ids))).toEqual([0, 5, 127, 128, 1001, 16_384, 1_000_000_000, 2 ** 40]);
		expect(decodeIds(encodeIds([0, 1, 2, 3, 10, 11, 13, 64, 65, 66, 130]))).toEqual([0, 1, 2, 3, 10, 11, 13, 64, 65, 66, 130]);
		expect(decodeIds(encodeIds([]))).toEqual([]);
		expect(decodeIds(undefined)).toEqual([]);
	});

	it('keeps a whole fleet of 50,000 in a few bytes, and every 25th device in under 2.7 KB', () => {
		const everyDevice = Array.from({ length: 50_000 }, (_unused, i) => 1000 + i);
		const scattered = everyDevice.filter((_id, i) => i % 25 === 0);
		expect(encodeIds(everyDevice).length).toBeLessThan(12);
		expect(decodeIds(encodeIds(everyDevice))).toEqual(everyDevice);
		expect(encodeIds(scattered).length).toBeLessThan(2_700);
		expect(decodeIds(encodeIds(scattered))).toEqual(scattered);
	});

	it('stays under 45 KB for the worst subsets of 50,000 consecutive ids, and 67 KB for 50,000 ids less than 64 apart', () => {
		const span = Array.from({ length: 50_000 }, (_unused, i) => 1000 + i);
		const patterns = [
			span.filter((_id, i) => i % 2 === 0),
			span.filter((_id, i) => i % 3 !== 2),
			span.filter((_id, i) => i % 4 !== 3),
		];
		for (const ids of patterns) {
			expect(encodeIds(ids).length).toBeLessThanOrEqual(45_000);
			expect(decodeIds(encodeIds(ids))).toEqual(ids);
		}
		const spread = Array.from({ length: 50_000 }, (_unused, i) => 1000 + i * 63);
		expect(encodeIds(spread).length).toBeLessThanOrEqual(67_000);
		expect(decodeIds(encodeIds(spread))).toEqual(spread);
	});

	it('reads a damaged entry without hanging or throwing', () => {
		expect(decodeIds('not base64 at all!')).toEqual(expect.any(Array));
		// A run claiming trillions of ids is cut off instead of filling memory.
		expect(decodeIds(Buffer.from([0x01, 0xff, 0xff, 0xff, 0xff, 0x7f]).toString('base64'))).toEqual([]);
	});
});

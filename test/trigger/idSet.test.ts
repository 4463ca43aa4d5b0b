// The trigger's compact, exact sets of device ids in static data.
import { decodeIds, encodeIds } from '../../nodes/WorkspaceOneUem/trigger/idSet';

describe('id sets in static data', () => {
	it('round-trips any set of ids, sorted and without repeats', () => {
		const ids = [5, 1_000_000_000, 1001, 1001, 0, 127, 128, 16_384, 2 ** 40];
		expect(decodeIds(encodeIds(ids))).toEqual([0, 5, 127, 128, 1001, 16_384, 1_000_000_000, 2 ** 40]);
		expect(decodeIds(encodeIds([]))).toEqual([]);
		expect(decodeIds(undefined)).toEqual([]);
	});

	it('keeps 50,000 devices in about 67 KB when every one is in the set, and far less for a few', () => {
		const everyDevice = Array.from({ length: 50_000 }, (_unused, i) => 1000 + i);
		const scattered = everyDevice.filter((_id, i) => i % 25 === 0);
		expect(encodeIds(everyDevice).length).toBeLessThanOrEqual(67_000);
		expect(decodeIds(encodeIds(everyDevice))).toEqual(everyDevice);
		expect(encodeIds(scattered).length).toBeLessThan(2_700);
	});
});

// Reading items ahead of the requests: every item read once, results and errors handed out where
// they belong, the reading done in the background while the caller waits, and stopped on demand.
// The background's turns of the event loop run on jest's fake timers: the test moves time.
import { ReadAhead } from '../../nodes/WorkspaceOneUem/helpers/readAhead';

/** Lets the background reader take its turns, as the event loop would while requests are out. */
const wait = async (ms: number) => await jest.advanceTimersByTimeAsync(ms);

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('reading items ahead', () => {
	it('reads every item once, in the background, while the caller waits', async () => {
		const reads: number[] = [];
		const ahead = new ReadAhead(
			200,
			(index) => {
				reads.push(index);
				return index * 10;
			},
			{ window: 200 },
		);
		// Nothing has asked for an item yet, and all of them get read while we wait.
		await wait(50);
		expect(reads).toEqual(Array.from({ length: 200 }, (_v, i) => i));
		expect(Array.from({ length: 200 }, (_v, i) => ahead.take(i))).toEqual(reads.map((i) => i * 10));
		expect(reads).toHaveLength(200);
	});

	it('reads an item at once when it is asked for before the background gets there', () => {
		const reads: number[] = [];
		// A slice of 0 ms: the background reads one item and then waits for the next turn.
		const ahead = new ReadAhead(50, (index) => (reads.push(index), `item ${index}`), { window: 64, sliceMs: 0 });
		expect(ahead.take(40)).toBe('item 40');
		expect(ahead.take(0)).toBe('item 0');
		expect(reads).toEqual([0, 40]);
		ahead.stop();
	});

	it('throws what reading an item threw, for that item only', () => {
		const ahead = new ReadAhead(
			3,
			(index) => {
				if (index === 1) throw new Error('Device ID is empty');
				return index;
			},
			{ window: 64 },
		);
		expect(ahead.take(0)).toBe(0);
		expect(() => ahead.take(1)).toThrow('Device ID is empty');
		expect(ahead.take(2)).toBe(2);
	});

	it('stops reading ahead when told to', async () => {
		let reads = 0;
		const ahead = new ReadAhead(10_000, () => ++reads, { window: 64, sliceMs: 0 });
		ahead.stop();
		const readBeforeStop = reads;
		await wait(30);
		expect(reads).toBe(readBeforeStop);
		expect(readBeforeStop).toBeLessThan(10);
	});
});

describe('the read-ahead window', () => {
	it('reads no further than the window past the last item taken, and goes on as items are taken', async () => {
		const reads: number[] = [];
		const ahead = new ReadAhead(100, (index) => reads.push(index), { window: 10 });
		await wait(20);
		expect(reads).toEqual(Array.from({ length: 10 }, (_v, i) => i));
		ahead.take(0);
		ahead.take(1);
		await wait(20);
		expect(reads).toEqual(Array.from({ length: 12 }, (_v, i) => i));
		ahead.take(49);
		await wait(20);
		// 49 was read when taken; the background filled the window behind and past it.
		expect(new Set(reads).size).toBe(reads.length);
		expect(Math.max(...reads)).toBe(59);
		ahead.stop();
	});
});

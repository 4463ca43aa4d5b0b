// The one scheduler (fleet reports, the trigger's reads, the router's items): tasks that add tasks,
// never more than the limit at once, the first failure reported once the running tasks are done,
// results in index order. Tasks end when the test says so (no timers).
import { mapInPool, TaskPool } from '../../nodes/WorkspaceOneUem/helpers/taskPool';

/** A task the test finishes by hand: `finish` (or `fail`) resolves it. */
function gate() {
	let finish: () => void = () => undefined;
	let fail: (error: Error) => void = () => undefined;
	const done = new Promise<void>((resolve, reject) => {
		finish = resolve;
		fail = reject;
	});
	return { done, finish, fail };
}

const settle = async () => await new Promise<void>((resolve) => void Promise.resolve().then(() => resolve()));

describe('task pool', () => {
	it('runs tasks that add tasks, never more than the limit at once, until all are done', async () => {
		const pool = new TaskPool(3);
		const started: string[] = [];
		const gates = new Map<string, ReturnType<typeof gate>>();
		let running = 0;
		let most = 0;
		const task = (name: string, then: () => void = () => undefined) => async () => {
			const own = gate();
			gates.set(name, own);
			started.push(name);
			most = Math.max(most, ++running);
			await own.done;
			running--;
			then();
		};
		for (const listing of ['a', 'b']) pool.add(task(listing, () => [1, 2, 3, 4].forEach((n) => pool.add(task(`${listing}${n}`)))));
		const drained = pool.drained();
		// Finish whatever runs, one at a time, until nothing is left.
		for (let round = 0; round < 20 && gates.size > 0; round++) {
			const [name, running] = [...gates][0];
			gates.delete(name);
			running.finish();
			for (let i = 0; i < 5; i++) await settle();
		}
		await drained;
		expect(started.slice(0, 2)).toEqual(['a', 'b']);
		expect(started.sort()).toEqual(['a', 'a1', 'a2', 'a3', 'a4', 'b', 'b1', 'b2', 'b3', 'b4']);
		expect(most).toBe(3);
	});

	it('starts nothing new after a failure, and throws it once the running tasks finish', async () => {
		const pool = new TaskPool(2);
		const started: number[] = [];
		const gates = Array.from({ length: 6 }, () => gate());
		gates.forEach((own, n) =>
			pool.add(async () => {
				started.push(n);
				await own.done;
			}),
		);
		const drained = pool.drained();
		gates[0].fail(new Error('UEM no longer finds the profile'));
		for (let i = 0; i < 5; i++) await settle();
		expect(started).toEqual([0, 1]);
		gates[1].finish();
		await expect(drained).rejects.toThrow('UEM no longer finds the profile');
		expect(started).toEqual([0, 1]);
	});

	it('is drained at once when given nothing to do', async () => {
		await expect(new TaskPool(4).drained()).resolves.toBeUndefined();
	});
});

describe('mapInPool', () => {
	it('gives results in index order, at most the limit running at once', async () => {
		let running = 0;
		let most = 0;
		const results = await mapInPool(50, 4, async (index) => {
			most = Math.max(most, ++running);
			// Later indexes finish first.
			for (let i = 0; i < 50 - index; i++) await settle();
			running--;
			return index * 2;
		});
		expect(results).toEqual(Array.from({ length: 50 }, (_v, index) => index * 2));
		expect(most).toBe(4);
	});

	it('throws the failure of the lowest index, as a sequential run would, and starts no more', async () => {
		const started: number[] = [];
		const run = mapInPool(10, 3, async (index) => {
			started.push(index);
			// Index 2 fails at once, index 1 a little later.
			for (let i = 0; i < (index === 1 ? 3 : 0); i++) await settle();
			if (index === 1 || index === 2) throw new Error(`item ${index}`);
			for (let i = 0; i < 10; i++) await settle();
			return index;
		});
		await expect(run).rejects.toThrow('item 1');
		expect(started).toEqual([0, 1, 2]);
	});
});

// The pool behind Get Fleet Status: tasks that add tasks, never more than the limit at once, and
// the first failure reported once the running tasks are done.
import { sleep } from 'n8n-workflow';

import { WorkPool } from '../../nodes/WorkspaceOneUem/helpers/workPool';

describe('work pool', () => {
	it('runs tasks that add tasks, never more than the limit at once, until all are done', async () => {
		const pool = new WorkPool(3);
		let running = 0;
		let most = 0;
		const done: string[] = [];
		const task = (name: string, then: () => void = () => undefined) => async () => {
			running++;
			most = Math.max(most, running);
			await sleep(5);
			running--;
			done.push(name);
			then();
		};
		for (const listing of ['a', 'b']) {
			pool.add(task(listing, () => [1, 2, 3, 4].forEach((n) => pool.add(task(`${listing}${n}`)))));
		}
		await pool.drained();
		expect(done.slice(0, 2).sort()).toEqual(['a', 'b']);
		expect(done.sort()).toEqual(['a', 'a1', 'a2', 'a3', 'a4', 'b', 'b1', 'b2', 'b3', 'b4']);
		expect(most).toBe(3);
	});

	it('starts nothing new after a failure, and throws it once the running tasks finish', async () => {
		const pool = new WorkPool(2);
		const started: number[] = [];
		let finished = 0;
		for (let n = 0; n < 6; n++) {
			pool.add(async () => {
				started.push(n);
				await sleep(n === 0 ? 1 : 20);
				finished++;
				if (n === 0) throw new Error('UEM no longer finds the profile');
			});
		}
		await expect(pool.drained()).rejects.toThrow('UEM no longer finds the profile');
		expect(started).toEqual([0, 1]);
		expect(finished).toBe(2);
	});

	it('is drained at once when given nothing to do', async () => {
		await expect(new WorkPool(4).drained()).resolves.toBeUndefined();
	});
});

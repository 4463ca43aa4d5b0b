/**
 * Runs `task(0) … task(count - 1)` with at most `limit` running at once and returns the results in
 * index order. After a task throws, no new task starts; the running ones finish and the error of
 * the lowest failing index is thrown, so a failure is reported as a sequential run would.
 */
export async function mapBounded<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
	const results = new Array<T>(count);
	const failures = new Map<number, unknown>();
	let next = 0;
	const worker = async () => {
		while (next < count && failures.size === 0) {
			const index = next++;
			try {
				results[index] = await task(index);
			} catch (error) {
				failures.set(index, error);
			}
		}
	};
	const workers = Array.from({ length: Math.max(1, Math.min(limit, count)) }, async () => await worker());
	await Promise.all(workers);
	if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
	return results;
}

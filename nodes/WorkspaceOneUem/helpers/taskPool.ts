/**
 * The one scheduler of the package: runs tasks with at most `limit` at once, where a running task
 * may add more, so work that one answer reveals starts as soon as a slot is free. After a task
 * throws, no new task starts; `drained` waits for the running ones and throws the failure.
 */
export class TaskPool {
	private readonly queue: Array<() => Promise<void>> = [];
	private head = 0;
	private running = 0;
	private failure: { error: unknown } | undefined;
	private settle: (() => void) | undefined;

	constructor(private readonly limit: number) {}

	/** Tasks added and not started yet. */
	get waiting(): number {
		return this.queue.length - this.head;
	}

	add(task: () => Promise<void>): void {
		this.queue.push(task);
		this.startWhatFits();
	}

	/** Resolves once every task added (including those added by tasks) has finished. */
	async drained(): Promise<void> {
		if (this.running > 0 || this.head < this.queue.length) {
			await new Promise<void>((resolve) => (this.settle = resolve));
		}
		if (this.failure) throw this.failure.error;
	}

	private startWhatFits(): void {
		while (this.failure === undefined && this.running < Math.max(1, this.limit) && this.head < this.queue.length) {
			const task = this.queue[this.head];
			// Drop the reference, and now and then the consumed part, so a long run does not keep them.
			this.queue[this.head++] = noop;
			if (this.head > 1024 && this.head * 2 > this.queue.length) {
				this.queue.splice(0, this.head);
				this.head = 0;
			}
			this.running++;
			void task()
				.catch((error: unknown) => {
					this.failure ??= { error };
				})
				.finally(() => {
					this.running--;
					this.startWhatFits();
					if (this.running === 0 && (this.head >= this.queue.length || this.failure)) this.settle?.();
				});
		}
	}
}

async function noop(): Promise<void> {}

/**
 * `task(0) … task(count - 1)` through a pool, results in index order. After a failure no new task
 * starts, and the error of the lowest failing index is thrown, as a sequential run would report it.
 */
export async function mapInPool<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
	const results = new Array<T>(count);
	const failures = new Map<number, unknown>();
	const pool = new TaskPool(limit);
	let next = 0;
	// One task per free slot, each taking the next index when it ends: the queue never holds `count` closures.
	const worker = async (): Promise<void> => {
		while (next < count && failures.size === 0) {
			const index = next++;
			try {
				results[index] = await task(index);
			} catch (error) {
				failures.set(index, error);
			}
		}
	};
	for (let i = 0; i < Math.min(Math.max(1, limit), count); i++) pool.add(worker);
	await pool.drained();
	if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
	return results;
}

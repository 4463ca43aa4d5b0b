/**
 * Runs tasks with at most `limit` at once, where a running task may add more: so work that one
 * answer reveals starts as soon as a slot is free, not after every answer of its kind is in.
 * After a task throws, no new task starts; `drained` waits for the running ones and throws the
 * first failure.
 */
export class WorkPool {
	private readonly waiting: Array<() => Promise<void>> = [];
	private running = 0;
	private failure: { error: unknown } | undefined;
	private settle: (() => void) | undefined;

	constructor(private readonly limit: number) {}

	add(task: () => Promise<void>): void {
		this.waiting.push(task);
		this.startWhatFits();
	}

	/** Resolves once every task added (including those added by tasks) has finished. */
	async drained(): Promise<void> {
		if (this.running > 0 || this.waiting.length > 0) {
			await new Promise<void>((resolve) => (this.settle = resolve));
		}
		if (this.failure) throw this.failure.error;
	}

	private startWhatFits(): void {
		while (this.failure === undefined && this.running < Math.max(1, this.limit) && this.waiting.length > 0) {
			const task = this.waiting.shift() as () => Promise<void>;
			this.running++;
			void task()
				.catch((error: unknown) => {
					this.failure ??= { error };
				})
				.finally(() => {
					this.running--;
					this.startWhatFits();
					if (this.running === 0 && (this.waiting.length === 0 || this.failure)) this.settle?.();
				});
		}
	}
}

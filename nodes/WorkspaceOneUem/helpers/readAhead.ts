import { sleep } from 'n8n-workflow';

type Outcome<T> = { value: T } | { error: unknown };

/** Marks an item already handed out, so the background pass skips it and its memory is freed. */
const TAKEN = Symbol('taken');

/**
 * Calls `read(0) … read(count - 1)` ahead of need, a few milliseconds at a time while the event
 * loop would otherwise wait for the network, and hands each result (or what it threw) out once
 * through `take`. Why: n8n evaluates an item's expressions in an isolate, about half a millisecond
 * an item; done between a response and the next request, that work delays every request in
 * flight, and with many in flight it keeps them going out and coming back in one bunch. It reads
 * at most `window` items past the last one taken, so memory does not grow with the input.
 */
export class ReadAhead<T> {
	private readonly outcomes: Array<Outcome<T> | typeof TAKEN | undefined>;
	private nextToRead = 0;
	/** One past the highest index taken: the window ends `window` items after it. */
	private frontier = 0;
	private waitingForTakes = false;
	private stopped = false;

	/** `window`: items read at most past the last one taken; `sliceMs`: reading time per turn of the event loop, 2 by default. */
	constructor(
		count: number,
		private readonly read: (index: number) => T,
		private readonly limits: { window: number; sliceMs?: number },
	) {
		this.outcomes = new Array<Outcome<T> | undefined>(count);
		void this.readInBackground();
	}

	/** The result of `read(index)`, read now unless the background pass got there first. */
	take(index: number): T {
		const stored = this.outcomes[index];
		const outcome = stored === undefined || stored === TAKEN ? this.readOne(index) : stored;
		this.outcomes[index] = TAKEN;
		this.frontier = Math.max(this.frontier, index + 1);
		if (this.waitingForTakes) {
			this.waitingForTakes = false;
			void sleep(0).then(async () => await this.readInBackground());
		}
		if ('error' in outcome) throw outcome.error;
		return outcome.value;
	}

	/** No more reading ahead (the run is over or has failed). */
	stop(): void {
		this.stopped = true;
	}

	private readOne(index: number): Outcome<T> {
		try {
			return { value: this.read(index) };
		} catch (error) {
			return { error };
		}
	}

	private windowFull(): boolean {
		return this.nextToRead >= this.frontier + this.limits.window;
	}

	private async readInBackground(): Promise<void> {
		while (!this.stopped && this.nextToRead < this.outcomes.length) {
			if (this.windowFull()) {
				this.waitingForTakes = true;
				return;
			}
			const sliceEnd = Date.now() + (this.limits.sliceMs ?? 2);
			do {
				const index = this.nextToRead++;
				if (this.outcomes[index] === undefined) this.outcomes[index] = this.readOne(index);
			} while (this.nextToRead < this.outcomes.length && !this.windowFull() && Date.now() < sliceEnd);
			// Lets responses that came in meanwhile be handled before the next slice.
			await sleep(0);
		}
	}
}

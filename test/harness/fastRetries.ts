// Retry timing for tests that go through real HTTP to the simulator: the same rules (how many
// retries, when to stop), with backoff steps a hundredth as long, so a test that meets a failing
// tenant does not sleep through seconds of backoff. Tests of the timing itself run on a
// simulated clock with the real steps (test/transport/rateLimit.test.ts).
import { DEFAULT_RETRY } from '../../nodes/WorkspaceOneUem/transport/retryPolicy';

const REAL = { ...DEFAULT_RETRY };

/** Call at the top of a describe block (or file): shortens the steps for its tests, restores them after. */
export function useFastRetries(): void {
	beforeAll(() => Object.assign(DEFAULT_RETRY, { baseDelayMs: REAL.baseDelayMs / 100, maxDelayMs: REAL.maxDelayMs / 100 }));
	afterAll(() => Object.assign(DEFAULT_RETRY, REAL));
}

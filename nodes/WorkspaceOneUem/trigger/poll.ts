import { NodeOperationError, type INodeExecutionData, type IPollFunctions } from 'n8n-workflow';

import { openClient } from '../transport/client';
import { deviceEnrolled } from './deviceEnrolled';
import { deviceNonCompliant } from './deviceNonCompliant';
import { profileFailed } from './profileFailed';
import { readState, writeState, type EventWatcher, type TriggerRun } from './state';
import { fingerprintOf, readWatch, type TriggerEvent } from './watch';

const WATCHERS: Record<TriggerEvent, EventWatcher> = { profileFailed, deviceEnrolled, deviceNonCompliant };

/** Matches a manual run ("Fetch Test Event") shows. */
const SAMPLE_SIZE = 10;

/** A poll's budget when the engine sets none (n8n's own default). */
const DEFAULT_POLL_BUDGET_MS = 5 * 60_000;

/**
 * Per workflow and trigger node, in this process: until when the latest poll may run undisturbed
 * (its start plus the engine's budget), which poll that is, and how many polls have written the
 * state. A poll within its budget is not overlapped: both would compare against the same state
 * and report the same failures twice. One past its budget (a tenant that hangs) no longer
 * silences the trigger: the next poll runs, and whichever finishes first writes; the other finds
 * the state written since it began and drops its findings.
 */
const pollTurns = new Map<string, { busyUntil: number; latest: object | undefined; writes: number }>();

const NOTHING_NOW: Record<TriggerEvent, string> = {
	profileFailed: 'No watched profile is failing on any device right now',
	deviceEnrolled: 'No device matches the filters',
	deviceNonCompliant: 'No device is non-compliant right now',
};

/** A real sample of what matches now, for the editor; the state is neither read nor written. */
async function sample(run: TriggerRun, watcher: EventWatcher): Promise<INodeExecutionData[][]> {
	const items = await watcher.sample(run, SAMPLE_SIZE);
	if (items.length === 0) {
		throw new NodeOperationError(run.context.getNode(), NOTHING_NOW[run.watch.event], {
			description:
				'The trigger asked UEM for a sample to show here, and nothing matches the event and filters at the moment. Once the workflow is active, it reports new matches as they happen.',
		});
	}
	return [run.context.helpers.returnJsonArray(items.map((item) => ({ event: run.watch.event, ...item })))];
}

/**
 * One poll: compares the tenant with what the node's static data remembers, remembers the new
 * state, and returns the new matches (null when there are none). The first poll, and the first
 * after the event, filters or tenant change, only records, unless Emit Existing on First Poll
 * is on. The state is written only after the whole poll succeeded.
 */
export async function pollTrigger(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const watch = readWatch(this);
	const watcher = WATCHERS[watch.event];
	const startedAt = Date.now();
	const budget = typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : DEFAULT_POLL_BUDGET_MS;
	const openRun = async (): Promise<{ run: TriggerRun; apiUrl: string }> => {
		const client = await openClient(this, watch.transport);
		// No optional per-device calls after the deadline, leaving the rest to the next poll: well
		// within the engine's budget, so that the poll returns what it found.
		return { run: { context: this, api: client, watch, deadline: startedAt + budget * 0.6 }, apiUrl: client.session.connection.apiUrl };
	};
	if (this.getMode() === 'manual') return await sample((await openRun()).run, watcher);

	const key = `${this.getWorkflow().id ?? ''}:${this.getNode().id}`;
	const turns = pollTurns.get(key) ?? { busyUntil: 0, latest: undefined, writes: 0 };
	pollTurns.set(key, turns);
	if (startedAt < turns.busyUntil) return null;
	const mine = {};
	turns.latest = mine;
	turns.busyUntil = startedAt + budget;
	const writesBefore = turns.writes;
	try {
		const { run, apiUrl } = await openRun();
		const staticData = this.getWorkflowStaticData('node');
		const fingerprint = fingerprintOf(watch, apiUrl);
		const outcome = await watcher.poll(run, readState(staticData, fingerprint));
		if (turns.writes !== writesBefore) return null;
		turns.writes++;
		writeState(staticData, fingerprint, outcome);
		if (outcome.items.length === 0) return null;
		return [this.helpers.returnJsonArray(outcome.items.map((item) => ({ event: watch.event, ...item })))];
	} finally {
		if (turns.latest === mine) turns.busyUntil = 0;
	}
}

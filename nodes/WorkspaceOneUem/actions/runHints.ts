import type { NodeExecutionHint } from 'n8n-workflow';

import type { UemSession } from '../transport/session';

function plural(count: number, one: string, many: string): string {
	return `${count} ${count === 1 ? one : many}`;
}

/**
 * What the output pane should tell the user about how the run went with UEM: that the tenant
 * throttled it (and what to change), and that the token was renewed during the run (so a long
 * run is expected to keep going, and a refused token explains itself).
 */
export function runHints(session: UemSession): NodeExecutionHint[] {
	const { stats } = session;
	const hints: NodeExecutionHint[] = [];
	if (stats.throttled > 0) {
		hints.push({
			type: 'warning',
			location: 'outputPane',
			message: `UEM throttled ${plural(stats.throttled, 'request', 'requests')} of this run (HTTP 429) out of ${stats.requests} calls; the run waited as UEM asked and retried ${stats.throttled === 1 ? 'it' : 'them'}. If other workflows use the same API key, lower "Requests Per Minute" in the node's options so that together they stay under the tenant's throttle.`,
		});
	}
	// The run's first token came from static data or from its first exchange; later exchanges are
	// renewals. (Requests waiting for a shared renewal are not counted: it is one renewal.)
	const { exchanges, reused } = session.tokens.stats;
	const renewedDuringRun = Math.max(0, exchanges - (reused > 0 ? 0 : 1));
	if (renewedDuringRun > 0) {
		const refused = stats.renewalsAfter401 > 0 ? ', including after UEM refused the token it had (HTTP 401)' : '';
		hints.push({
			type: 'info',
			location: 'outputPane',
			message: `The access token was renewed ${plural(renewedDuringRun, 'time', 'times')} during this run${refused}, without interrupting it. Tokens are kept encrypted in the workflow's static data and renewed before they expire.`,
		});
	}
	return hints;
}

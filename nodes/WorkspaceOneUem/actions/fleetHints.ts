import type { IExecuteFunctions, NodeExecutionHint } from 'n8n-workflow';

import type { FleetFindings } from '../uem/fleet';

/** How a fleet report names what it reports on, for its hints. */
export interface FleetReport {
	/** The operation, e.g. "Get Fleet Status" or "App › Get Fleet Status". */
	operation: string;
	/** The subjects a device read returns, plural: "profiles", "apps". */
	subjects: string;
	/** The listing the tenant may lack, e.g. "per-profile device listing (GET /api/mdm/profiles/{uuid}/devices". */
	listing: string;
	/** Said after the fallback's count of calls, when the fallback finds less than the listing would. */
	fallbackNote?: string;
}

/** What the output pane should say about how a fleet report went: the per-device fallback, devices gone. */
export function fleetHints(context: IExecuteFunctions, itemIndex: number, report: FleetReport, findings: FleetFindings): NodeExecutionHint[] {
	const which = context.getInputData().length > 1 ? ` (item ${itemIndex + 1})` : '';
	const hints: NodeExecutionHint[] = [];
	if (findings.mode === 'everyDevice') {
		hints.push({
			type: 'warning',
			location: 'outputPane',
			message: `This tenant lacks the ${report.listing} answered HTTP ${findings.missingListingStatus}), so ${report.operation}${which} checked every device instead: ${findings.deviceCalls} per-device calls were made.${report.fallbackNote ? ` ${report.fallbackNote}` : ''}`,
		});
	}
	if (findings.vanished.length > 0) {
		const shown = findings.vanished.slice(0, 20).join(', ');
		const more = findings.vanished.length > 20 ? `, … (${findings.vanished.length} in all)` : '';
		const one = findings.vanished.length === 1;
		hints.push({
			type: 'warning',
			location: 'outputPane',
			message: `${report.operation}${which}: ${one ? '1 device was' : `${findings.vanished.length} devices were`} listed but gone when its ${report.subjects} were read (deleted or unenrolled during the report), so ${one ? 'it is' : 'they are'} not in the output: device ID ${shown}${more}.`,
		});
	}
	return hints;
}

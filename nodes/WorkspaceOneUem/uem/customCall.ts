import { NodeOperationError, type INode } from 'n8n-workflow';

import type { HttpMethod, QueryValue } from '../transport/calls';
import { findDeviceCommand, type DeviceCommand } from './commands';

/** A path under the tenant's API server, with the query it was typed with. */
export interface ApiPath {
	path: string;
	qs: Record<string, QueryValue>;
}

/** A base no real request goes to: it only tells whether a typed path would leave the API server. */
const PROBE_BASE = 'https://api-server.invalid';

/**
 * The path of a Custom API Call, checked: under `/api/` on the credential's API server, never
 * another host (a token goes with every call). A query typed in the path is kept.
 */
export function parseApiPath(node: INode, raw: unknown): ApiPath {
	const text = String(raw ?? '').trim();
	const refuse = (why: string) =>
		new NodeOperationError(node, `Path ${why}`, {
			description: "Give a path under the API server of the credential, e.g. /api/mdm/devices/search?platform=Apple. The server's address comes from the credential.",
		});
	if (text === '') throw refuse('is empty');
	if (!text.startsWith('/') || text.startsWith('//') || text.includes('\\')) throw refuse(`must start with /api/, got "${text}"`);
	let url: URL;
	try {
		url = new URL(text, PROBE_BASE);
	} catch {
		throw refuse(`is not a valid path: "${text}"`);
	}
	if (url.origin !== PROBE_BASE || !/^\/api\//i.test(url.pathname) || /(^|\/)\.\.?(\/|$)/.test(text.split('?')[0])) {
		throw refuse(`must stay under /api/ on the API server, got "${text}"`);
	}
	return { path: url.pathname, qs: Object.fromEntries(url.searchParams) };
}

/**
 * The destructive action a custom call would carry out, as the guardrails know them (a wipe, a
 * passcode clear, a shutdown by `…/commands?command=…`, a device record deleted), so that a Custom
 * API Call cannot go round the confirmation and the cap of Send Command and Delete.
 */
export function destructiveActionOf(method: HttpMethod, path: string, qs: Record<string, QueryValue>): DeviceCommand | undefined {
	if (method === 'DELETE' && /^\/api\/mdm\/devices\/[^/]+\/?$/i.test(path)) {
		return { value: 'delete', name: 'Delete Device', destructive: true, description: 'Delete a device record' };
	}
	if (method !== 'GET' && /\/commands(\/bulk)?\/?$/i.test(path)) {
		// UEM reads query names in any case, as ASP.NET does.
		const name = Object.keys(qs).find((key) => key.toLowerCase() === 'command');
		const command = name === undefined ? undefined : findDeviceCommand(qs[name]);
		return command?.destructive ? command : undefined;
	}
	return undefined;
}

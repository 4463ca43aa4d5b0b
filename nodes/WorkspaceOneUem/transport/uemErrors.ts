import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import { isAiTool } from '../helpers/aiTool';
import type { CallRecord } from './calls';
import { deadlineSeconds, describeNetworkError, isTimeout } from './networkErrors';
import { isRecord, snippet, type ParsedBody } from './responseBody';
import type { TokenFailure } from './tokenExchange';

/** What UEM says in an error body: `{errorCode, message, activityId}`. */
export interface UemErrorBody {
	errorCode?: number | string;
	message?: string;
	activityId?: string;
}

export function readUemError(parsed: ParsedBody | undefined): UemErrorBody {
	if (parsed?.kind !== 'json' || !isRecord(parsed.value)) return {};
	const { errorCode, message, activityId } = parsed.value;
	return {
		errorCode: typeof errorCode === 'number' || typeof errorCode === 'string' ? errorCode : undefined,
		message: typeof message === 'string' ? message : undefined,
		activityId: typeof activityId === 'string' ? activityId : undefined,
	};
}

function said(uem: UemErrorBody): string {
	const parts = [uem.errorCode !== undefined ? `error ${uem.errorCode}` : '', uem.message ?? ''].filter(Boolean);
	return parts.length > 0 ? `: ${parts.join(', ')}` : '';
}

function callsMade(call: CallRecord): string {
	return call.attempts === 1 ? '1 call was made' : `${call.attempts} calls were made`;
}

function where(call: CallRecord): string {
	return `${call.method} ${call.path}`;
}

/**
 * An error about one call. The router stamps the item it belongs to; the response holds what a
 * "Continue On Fail" item shows (httpCode and errorCode as UEM sent them, numbers).
 */
function apiError(
	node: INode,
	call: CallRecord,
	details: { status?: number; uem?: UemErrorBody; message: string; description: string; outcome?: 'unknown' },
): NodeApiError {
	const response: JsonObject = {
		httpCode: details.status ?? null,
		errorCode: details.uem?.errorCode ?? null,
		message: details.uem?.message ?? null,
		activityId: details.uem?.activityId ?? null,
		request: where(call),
		attempts: call.attempts,
	};
	if (details.outcome) response.outcome = details.outcome;
	const activity = details.uem?.activityId ? ` UEM activity ID: ${details.uem.activityId}.` : '';
	const error = new NodeApiError(node, response, {
		message: details.message,
		description: `${details.description}${activity}`,
		httpCode: details.status === undefined ? undefined : String(details.status),
	});
	// Given no status, n8n takes one from the response's other fields, UEM's errorCode (5002) among them.
	if (details.status === undefined) error.httpCode = null;
	return error;
}

/**
 * UEM's fault for one value of a call it answered (a bulk call's per-value fault): the call went
 * through, so the error has UEM's errorCode and no HTTP status of its own.
 */
export function valueFaultError(node: INode, call: CallRecord, fault: UemErrorBody, message: string, description: string): NodeApiError {
	const reason = `${fault.errorCode === undefined ? '' : `error ${String(fault.errorCode)}, `}${fault.message ?? 'no reason given'}`;
	return apiError(node, call, { uem: fault, message: `${message} (${reason})`, description });
}

/**
 * UEM answered with an HTTP error the call could not recover from. `runCalls`: calls the whole run
 * had made by then, the cost of a throttled run.
 */
export function uemHttpError(node: INode, call: CallRecord, status: number, uem: UemErrorBody, runCalls?: number): NodeApiError {
	const tried = callsMade(call);
	const byRun = runCalls === undefined ? '' : ` and ${runCalls} by the whole run`;
	const templates: Record<number, { message: string; description: string }> = {
		400: {
			message: `UEM refused the request (HTTP 400${said(uem)})`,
			description: `Check the node's fields for ${where(call)}.`,
		},
		401: {
			message: `UEM rejected a freshly issued access token (HTTP 401${said(uem)})`,
			description:
				'The token endpoint issued a token, but this API server does not accept it. Check that the API server URL and the token endpoint region belong to the same tenant.',
		},
		403: {
			message: `The OAuth client is not allowed to do this (HTTP 403${said(uem)})`,
			description: `Give the OAuth client a role that permits ${where(call)}.`,
		},
		404: {
			message: `UEM found nothing at ${call.path} (HTTP 404${said(uem)})`,
			description: 'Check the IDs in the request.',
		},
		406: {
			message: `UEM does not offer ${call.path} in the API version asked for (HTTP 406${said(uem)})`,
			description: 'Choose another API Version in the options, or the default for this operation.',
		},
		422: {
			message: `UEM refused the request's parameters (HTTP 422${said(uem)})`,
			description: `Check the node's fields for ${where(call)}.`,
		},
		429: {
			message: `UEM kept throttling requests (HTTP 429${said(uem)})`,
			description: `The tenant's per-minute throttle or daily quota for this API key is used up; ${tried} for this item${byRun}. Lower "Requests Per Minute" or "Concurrency", or run later.`,
		},
	};
	const template =
		templates[status] ??
		(status >= 500
			? {
					message: `UEM failed with HTTP ${status}${said(uem)}`,
					description: `The API server kept failing; ${tried} for ${where(call)}. Try again later.`,
				}
			: { message: `UEM answered HTTP ${status}${said(uem)}`, description: `${tried} for ${where(call)}.` });
	return apiError(node, call, { status, uem, ...template });
}

/** UEM answered 2xx with something other than the JSON the request expects. */
export function unexpectedBodyError(node: INode, call: CallRecord, status: number, parsed: ParsedBody): NodeApiError {
	const messages: Record<ParsedBody['kind'], { message: string; description: string }> = {
		html: {
			message: `The API server ${call.host} answered with a web page instead of JSON`,
			description:
				'Check the API server URL in the credential: use the REST API URL (often as….awmdm.com), not the console URL (cn….awmdm.com), and no login or proxy page in between.',
		},
		xml: {
			message: `The API server ${call.host} answered XML instead of JSON`,
			description: `Something between n8n and UEM dropped the Accept header of ${where(call)}.`,
		},
		empty: {
			message: `UEM answered HTTP ${status} with an empty body`,
			description: `${where(call)} should answer JSON (or 204 when there is nothing).`,
		},
		malformed: {
			message: `UEM answered with malformed JSON`,
			description: `${callsMade(call)} for ${where(call)}; the last answer began "${parsed.kind === 'malformed' ? snippet(parsed.text, 60) : ''}".`,
		},
		json: {
			message: `UEM answered ${where(call)} in an unexpected shape`,
			description: 'The answer is JSON but lacks the fields this operation reads.',
		},
	};
	return apiError(node, call, { status, ...messages[parsed.kind] });
}

/** The JSON was fine but not the shape the operation reads (a missing list, say). */
export function unexpectedShapeError(node: INode, call: CallRecord, expected: string): NodeApiError {
	return apiError(node, call, {
		status: call.statuses[call.statuses.length - 1] ?? 200,
		message: `UEM answered ${where(call)} without ${expected}`,
		description: 'The API server answered JSON in an unexpected shape. Check the API version option.',
	});
}

/** The API server could not be reached, or did not answer by the deadline (after the retries). */
export function networkError(node: INode, call: CallRecord, error: unknown, timeoutMs: number): NodeApiError {
	const message =
		error === 'timeout' || isTimeout(error)
			? `The UEM API server ${call.host} did not answer within ${deadlineSeconds(timeoutMs)} s`
			: `Could not reach the UEM API server ${call.host} (${describeNetworkError(error)})`;
	return apiError(node, call, {
		message,
		description: `${callsMade(call)} for ${where(call)}. Check the API server URL and the network path to it.`,
	});
}

/**
 * A write whose answer never came (a timeout, a connection dropped after sending): UEM may have
 * carried it out, so it was not sent again.
 */
export function outcomeUnknownError(node: INode, call: CallRecord, why: string, answered?: { status: number; uem: UemErrorBody }): NodeApiError {
	return apiError(node, call, {
		...answered,
		outcome: 'unknown',
		message: `Outcome unknown: ${where(call)} ${answered ? `failed (${why})` : `got no answer (${why})`}`,
		description:
			'UEM may or may not have carried it out. It was sent once and not retried, so that it is not carried out twice: check in the UEM console before sending it again.',
	});
}

/** The API server answered a redirect, which the node never follows (`problem` says where it pointed). */
export function redirectError(node: INode, call: CallRecord, status: number, problem: string): NodeApiError {
	const [message, ...rest] = problem.split('. ');
	return apiError(node, call, { status, message, description: rest.join('. ') });
}

export function tooLargeError(node: INode, call: CallRecord, status: number, limitBytes: number): NodeApiError {
	return apiError(node, call, {
		status,
		message: `UEM answered ${where(call)} with more than ${limitBytes / (1024 * 1024)} MiB`,
		description:
			"UEM's largest pages (500 devices or profiles) are a few megabytes, so the rest was not read. Check the API server URL: something other than UEM answered.",
	});
}

/**
 * A call not sent because UEM refused freshly issued tokens earlier in the run: the API refuses
 * this client's tokens (another tenant's token, a client without API access).
 */
export function refusedTokenError(node: INode, call: CallRecord, uem: UemErrorBody): NodeApiError {
	return apiError(node, call, {
		status: 401,
		uem,
		message: `UEM refuses the access tokens of this OAuth client (HTTP 401${said(uem)})`,
		description:
			'A freshly issued token was refused earlier in this run, so the node asked for no more tokens and did not send this item. Check that the API server URL and the token endpoint region belong to the same tenant, and that the OAuth client has a role with API access.',
	});
}

export function tokenError(node: INode, failure: TokenFailure, attempts: number): NodeApiError {
	const response: JsonObject = { reason: failure.reason, httpCode: failure.httpCode ?? null, attempts };
	const tried = attempts > 1 ? ` ${attempts} attempts were made.` : '';
	return new NodeApiError(node, response, {
		message: failure.message,
		description: `${failure.description}${tried}`,
		httpCode: failure.httpCode === undefined ? undefined : String(failure.httpCode),
	});
}

/** UEM has no such device (404, or a lookup answering 204): said in the user's terms. */
export function deviceNotFoundError(
	node: INode,
	call: CallRecord,
	identifier: { label: string; value: string },
	uem: UemErrorBody = {},
): NodeApiError {
	return apiError(node, call, {
		status: 404,
		uem,
		message: `Device not found: no device with ${identifier.label} "${identifier.value}"`,
		description: isAiTool(node)
			? `UEM has no device with this ${identifier.label}. Check it with the user (it must be exact), or find the device first with a device search or a user search by email, if you have one.`
			: 'Check the identifier, or choose "Return Nothing" under "If Device Not Found" to skip such items.',
	});
}

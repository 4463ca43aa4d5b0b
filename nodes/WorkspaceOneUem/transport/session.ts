import { NodeOperationError, sleep, type IExecuteFunctions, type IHookFunctions, type ILoadOptionsFunctions, type IPollFunctions, type IWebhookFunctions } from 'n8n-workflow';

import { readConnection, tokenRequestOf, type UemConnection } from './connection';
import { RequestGate } from './requestGate';
import { backoffDelayMs, DEFAULT_RETRY } from './retryPolicy';
import { Secrets } from './secrets';
import { TokenCache } from './tokenCache';
import { cacheKeyOf } from './tokenCrypto';
import { exchangeClientCredentials, type IssuedToken } from './tokenExchange';
import { tokenError } from './uemErrors';

/**
 * The contexts that talk to UEM: the action node, the polling trigger, the editor's pickers, and
 * the event trigger's hooks (registration) and webhook (device records).
 */
export type UemContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

/** How the run calls UEM, from the node's Options (read once, from the first item). */
export interface TransportSettings {
	/** The deadline of one request, answer included. */
	timeoutMs: number;
	/** Most requests to the API server in any one minute, across all items of the run; 0 for no limit. */
	requestsPerMinute: number;
	/** Most calls open at once in the whole run. */
	concurrency: number;
}

/** What the output pane's hints say about the run. */
export interface TransportStats {
	/** Calls to the API server, retries included. */
	requests: number;
	/** 429s answered (each waited out). */
	throttled: number;
	/** Tokens replaced after a 401. */
	renewalsAfter401: number;
}

/** What one run of a node shares across its items: the tenant, its token, the rate limit and throttle gate. */
export interface UemSession {
	readonly connection: UemConnection;
	readonly tokens: TokenCache;
	readonly gate: RequestGate;
	readonly settings: TransportSettings;
	readonly stats: TransportStats;
	/** The client secret, the tenant code and every token of the run, masked in what errors quote. */
	readonly secrets: Secrets;
}

/**
 * Reads the credential once per run and sets up the token cache in the workflow's global static
 * data, so every node and API version of the workflow shares one token.
 */
export async function openSession(context: UemContext, settings: TransportSettings): Promise<UemSession> {
	const credentials = await context.getCredentials('workspaceOneUemApi');
	const checked = readConnection(credentials);
	if (checked.problem !== undefined) {
		throw new NodeOperationError(context.getNode(), `The Workspace ONE UEM credential is not usable: ${checked.problem}`, {
			description: 'Open the credential and correct the field named above.',
		});
	}
	const connection = checked.value;
	const secrets = new Secrets([connection.clientSecret, connection.tenantCode]);
	const tokens = new TokenCache(
		context.getWorkflowStaticData('global'),
		cacheKeyOf(connection.tokenUrl, connection.apiUrl, connection.clientId),
		connection.clientSecret,
		async () => await issueToken(context, connection, settings),
		Date.now,
		secrets,
	);
	return {
		connection,
		tokens,
		gate: new RequestGate(settings.requestsPerMinute, Date.now, settings.concurrency),
		settings,
		stats: { requests: 0, throttled: 0, renewalsAfter401: 0 },
		secrets,
	};
}

/**
 * The client-credentials exchange with bounded backoff for failures worth retrying (an outage, a
 * throttle, a timeout); a rejected client fails at once.
 */
async function issueToken(
	context: UemContext,
	connection: UemConnection,
	settings: TransportSettings,
): Promise<IssuedToken> {
	for (let attempt = 1; ; attempt++) {
		const outcome = await exchangeClientCredentials(context.helpers.httpRequest, {
			...tokenRequestOf(connection),
			timeoutMs: settings.timeoutMs,
		});
		if (outcome.ok) return outcome.token;
		if (!outcome.failure.retryable || attempt > DEFAULT_RETRY.maxTokenRetries) {
			throw tokenError(context.getNode(), outcome.failure, attempt);
		}
		await sleep(backoffDelayMs(attempt - 1, DEFAULT_RETRY));
	}
}

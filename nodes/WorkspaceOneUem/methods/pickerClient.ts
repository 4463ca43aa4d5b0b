import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { openClient, type UemClient } from '../transport/client';
import { DEFAULT_REQUESTS_PER_MINUTE } from '../transport/retryPolicy';

/**
 * The client of one picker search or list, with the node's defaults. A picker runs outside any
 * execution: the token comes from this process's copy of the token cache when there is one.
 */
export async function pickerClient(context: ILoadOptionsFunctions): Promise<UemClient> {
	return await openClient(context, { timeoutMs: 30_000, requestsPerMinute: DEFAULT_REQUESTS_PER_MINUTE, concurrency: 4 });
}

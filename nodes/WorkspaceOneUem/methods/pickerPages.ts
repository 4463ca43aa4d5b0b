import type { ILoadOptionsFunctions, INodeParameterResourceLocator } from 'n8n-workflow';

import { openClient, type UemClient } from '../transport/client';
import { DEFAULT_REQUESTS_PER_MINUTE } from '../transport/retryPolicy';

/**
 * The client of one picker search or list, with the node's defaults. A picker runs outside any
 * execution: the token comes from this process's copy of the token cache when there is one.
 */
export async function pickerClient(context: ILoadOptionsFunctions): Promise<UemClient> {
	return await openClient(context, { timeoutMs: 30_000, requestsPerMinute: DEFAULT_REQUESTS_PER_MINUTE, concurrency: 4 });
}

/** A picker's page: small, so that the list opens at once. */
export const PICKER_PAGE = 50;

/** The page a picker asks for: its pagination token is the page number. */
export const pageOf = (token: string | undefined) => Number(token ?? 0) || 0;

export const nextToken = (page: number, more: boolean) => (more ? String(page + 1) : undefined);

/** The organization group the node's own Organization Group field names, when it has one and it is set. */
export function chosenGroup(context: ILoadOptionsFunctions): number | undefined {
	const field = context.getCurrentNodeParameter('organizationGroup') as INodeParameterResourceLocator | undefined;
	const id = Number(field?.value);
	return Number.isInteger(id) && id > 0 ? id : undefined;
}

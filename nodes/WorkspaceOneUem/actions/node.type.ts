import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { UemSession } from '../transport/session';

/** What every operation file exports. */
export interface UemOperation {
	description: INodeProperties[];
	/** The output items (JSON only) for one input item; the router adds pairedItem. */
	execute(this: IExecuteFunctions, itemIndex: number, session: UemSession): Promise<IDataObject[]>;
}

export type UemNodeType = {
	device: 'search' | 'get';
	profile: 'getStatus' | 'getFleetStatus';
};

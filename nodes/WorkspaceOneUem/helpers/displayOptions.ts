import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/**
 * Shows a group of fields only for one resource and operation. Merges `show` one level deep, so a
 * field keeps its own conditions (a plain spread would drop them). No field of the node uses `hide`.
 */
export function updateDisplayOptions(displayOptions: IDisplayOptions, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: { show: { ...displayOptions.show, ...property.displayOptions?.show } },
	}));
}

/** Fields of the node's first version only: kept so that workflows saved with it load and run as before. */
export const ONLY_VERSION_1: IDisplayOptions = { show: { '@version': [1] } };

/** Fields of version 2 on (pickers, Simplify). */
export const FROM_VERSION_2: IDisplayOptions = { show: { '@version': [{ _cnd: { gte: 2 } }] } };

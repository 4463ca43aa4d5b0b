import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/**
 * Shows a group of fields only for one resource and operation. Merges `show` and `hide` one level
 * deep, so a field keeps its own conditions (a plain spread would drop them).
 */
export function updateDisplayOptions(displayOptions: IDisplayOptions, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => {
		const own = property.displayOptions ?? {};
		const merged: IDisplayOptions = { show: { ...displayOptions.show, ...own.show } };
		const hide = { ...displayOptions.hide, ...own.hide };
		if (Object.keys(hide).length > 0) merged.hide = hide;
		return { ...property, displayOptions: merged };
	});
}

/** Fields of the node's first version only: kept so that workflows saved with it load and run as before. */
export const ONLY_VERSION_1: IDisplayOptions = { show: { '@version': [1] } };

/** Fields of version 2 on (pickers, Simplify). */
export const FROM_VERSION_2: IDisplayOptions = { show: { '@version': [{ _cnd: { gte: 2 } }] } };

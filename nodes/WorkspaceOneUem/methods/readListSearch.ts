import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { searchAppsPage } from '../uem/apps';
import { searchSmartGroupsPage } from '../uem/smartGroups';
import { chosenGroup, nextToken, pageOf, PICKER_PAGE, pickerClient } from './pickerPages';

/** Smart groups by name, those the node's organization group sees where it has one: value is UEM's numeric smart group id. */
export async function searchSmartGroups(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const page = pageOf(paginationToken);
	const qs = { name: (filter ?? '').trim(), organizationgroupid: chosenGroup(this) };
	const found = await searchSmartGroupsPage(await pickerClient(this), qs, page, PICKER_PAGE);
	const results = found.groups.flatMap((group) => {
		if (group.smartGroupId === null) return [];
		const manager = group.ManagedByOrganizationGroupName ? ` (${String(group.ManagedByOrganizationGroupName)})` : '';
		return [{ name: `${String(group.Name ?? group.smartGroupId)}${manager}`, value: String(group.smartGroupId) }];
	});
	return { results, paginationToken: nextToken(page, found.more) };
}

/** Apps by name, each with its platform and kind (one record per platform in UEM): value is UEM's numeric app id. */
export async function searchApps(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const page = pageOf(paginationToken);
	const found = await searchAppsPage(await pickerClient(this), (filter ?? '').trim(), page, PICKER_PAGE);
	const results = found.apps.map((app) => ({ name: `${app.name} (${[app.platform, app.kind].filter(Boolean).join(', ')})`, value: String(app.id) }));
	return { results, paginationToken: nextToken(page, found.more) };
}

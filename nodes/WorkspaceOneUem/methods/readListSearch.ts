import type { ILoadOptionsFunctions, INodeListSearchResult, INodeParameterResourceLocator } from 'n8n-workflow';

import { searchAppsPage } from '../uem/apps';
import { searchSmartGroupsPage } from '../uem/smartGroups';
import { pickerClient } from './pickerClient';

/** A picker's page: small, so that the list opens at once. */
const PICKER_PAGE = 50;

const pageOf = (token: string | undefined) => Number(token ?? 0) || 0;
const nextToken = (page: number, more: boolean) => (more ? String(page + 1) : undefined);

/** The organization group the node's own Organization Group field names, when it has one and it is set. */
function chosenGroup(context: ILoadOptionsFunctions): number | undefined {
	const field = context.getCurrentNodeParameter('organizationGroup') as INodeParameterResourceLocator | undefined;
	const id = Number(field?.value);
	return Number.isInteger(id) && id > 0 ? id : undefined;
}

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

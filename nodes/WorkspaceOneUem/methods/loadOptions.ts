import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { searchProfiles } from '../uem/profiles';
import { pickerClient } from './pickerPages';

/** The tenant's profile names, each once, for Get Fleet Status's and the trigger's By Name: a short list in most tenants. */
export async function getProfileNames(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const profiles = await searchProfiles(await pickerClient(this), 1);
	const names = [...new Set(profiles.map((profile) => profile.name))].sort((a, b) => a.localeCompare(b));
	return names.map((name) => ({ name, value: name }));
}

/** The tenant's profiles by UUID, named with their name (a name several groups share is told apart by its UUID). */
export async function getProfiles(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const profiles = await searchProfiles(await pickerClient(this), 1);
	return profiles
		.map((profile) => ({ name: `${profile.name} (${profile.uuid.slice(0, 8)}…)`, value: profile.uuid, description: profile.uuid }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

import { NodeOperationError } from 'n8n-workflow';

import { forEachPage } from '../transport/paging';
import { recordIdOf } from '../transport/responseBody';
import { unexpectedShapeError, type UemErrorBody } from '../transport/uemErrors';
import type { FleetSource } from './fleet';
import { profilesOfDevice, type FleetProfile } from './profiles';

/**
 * UEM's "profile not found" (5061, or a message saying so), as opposed to a 404 for an endpoint
 * the tenant lacks, whose message may quote the URI (`…/profiles/…`): hence the word boundaries.
 */
function meansProfileNotFound(error: UemErrorBody): boolean {
	return String(error.errorCode) === '5061' || /\bprofile\b.*\b(not found|does not exist)\b/i.test(error.message ?? '');
}

/**
 * Profiles as a source of the fleet engine: UEM's per-profile listing of the devices where a
 * profile is not installed (`/profiles/{uuid}/devices?profilestatus=NOT_INSTALLED`, by UUID, so
 * `listed` is keyed by UUID), and a device's profiles with their status.
 */
export function profileFleet(version: number): FleetSource<FleetProfile> {
	return {
		version,
		keyOf: (profile) => profile.uuid,
		async listNotInstalled(api, profile, probe, onListed) {
			const walk = await forEachPage(
				api,
				{
					path: `/api/mdm/profiles/${encodeURIComponent(profile.uuid)}/devices`,
					qs: { profilestatus: 'NOT_INSTALLED' },
					version,
					itemsKey: 'profileAssignedDevices',
					totalKey: 'TotalResults',
					missingStatuses: probe ? [406] : undefined,
				},
				(list, call) => {
					const ids = list.map((entry) => {
						const id = recordIdOf(entry);
						if (id === undefined) throw unexpectedShapeError(api.node, call, 'a numeric id for every device');
						return id;
					});
					onListed(ids);
				},
			);
			if (walk.found) return undefined;
			if (probe && (walk.status === 406 || !meansProfileNotFound(walk.error))) return walk.status;
			throw new NodeOperationError(api.node, `UEM no longer finds the profile "${profile.name}" (${profile.uuid})`, {
				description: 'It was in the profile search moments ago: it may have been deleted during the run. Run the node again.',
			});
		},
		readDevice: async (api, deviceId) => await profilesOfDevice(api, { type: 'deviceId', value: String(deviceId) }, version),
	};
}

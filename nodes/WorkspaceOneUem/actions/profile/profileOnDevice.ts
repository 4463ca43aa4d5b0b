import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../helpers/displayOptions';
import { profileActionCallFor, type ProfileAction } from '../../uem/commands';
import { labelOf } from '../../uem/devices';
import { optionsField } from '../common.descriptions';
import { DEVICE_FROM_ITEM, deviceFields, readDevice } from '../deviceField';
import { fieldOf, numericIdOf, profileFields } from '../pickerFields';
import type { PreparedItem, UemOperation } from '../node.type';
import { allowAsToolField, checkWrite, dryRunField, type GuardedAction } from '../writeGuards';
import { writeOnce } from '../writeOnce';

const ACTIONS: Record<ProfileAction, GuardedAction & { operation: string }> = {
	install: { name: 'Install Profile', value: 'install', destructive: false, operation: 'installOnDevice' },
	remove: { name: 'Remove Profile', value: 'remove', destructive: false, operation: 'removeFromDevice' },
};

const PROFILE_HINT = "Pick the profile From List, or use UEM's numeric profile ID (profileId in a Get Fleet Status or Get Status item).";

function fieldsFor(action: ProfileAction): INodeProperties[] {
	return [
		...profileFields(`The profile to ${action}. The default reads its ID from a Get Fleet Status or Get Status item before this node.`),
		...deviceFields(`The device to ${action} the profile on. The default reads the device ID from a Get Fleet Status, Get Status or Device Search item.`, {
			fromItem: DEVICE_FROM_ITEM,
			fromItemV1: '={{ $json.deviceId ?? $json.Id?.Value }}',
		}),
		dryRunField,
		allowAsToolField,
		optionsField(),
	];
}

/**
 * Install on Device and Remove From Device: one profile on one device per item, sent once (a lost
 * answer is "outcome unknown", never sent again); a dry run, the default, outputs the request.
 */
export function profileOnDevice(action: ProfileAction): Required<Pick<UemOperation, 'description' | 'prepare'>> {
	const guarded = ACTIONS[action];
	const description = updateDisplayOptions({ show: { resource: ['profile'], operation: [guarded.operation] } }, fieldsFor(action));

	function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
		const node = this.getNode();
		const profileId = numericIdOf(node, this.getNodeParameter(fieldOf(node, 'profileId', 'profile'), itemIndex, ''), 'Profile ID', PROFILE_HINT);
		const identifier = readDevice(this, node, itemIndex);
		const dryRun = this.getNodeParameter('dryRun', 0, true) === true;
		const refusal = checkWrite(this, itemIndex, guarded, () => guarded, dryRun);
		const device = { [identifier.type]: identifier.value };

		return async (api) =>
			await writeOnce(api, {
				where: await profileActionCallFor(api, action, profileId, identifier),
				output: { action, profileId: Number(profileId), device },
				device: { label: labelOf(identifier.type), value: identifier.value },
				target: `${guarded.name} ${profileId} on ${labelOf(identifier.type)} ${identifier.value}`,
				dryRun,
				refusal,
			});
	}
	return { description, prepare };
}

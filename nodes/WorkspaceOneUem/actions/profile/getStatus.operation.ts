import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../helpers/displayOptions';
import type { CallRecord, UemApi } from '../../transport/calls';
import { deviceNotFoundError, type UemErrorBody } from '../../transport/uemErrors';
import { labelOf, lookUpDeviceId } from '../../uem/devices';
import { PROFILE_STATUS_OPTIONS } from '../../uem/profileStatus';
import { passesFilters, profilesOfDevice, readProfileFilters } from '../../uem/profiles';
import {
	chosenVersion,
	notFoundOption,
	optionsCollection,
	requestOptions,
	simplifiedStatuses,
	simplifyOf,
	simplifyStatusField,
} from '../common.descriptions';
import { DEVICE_FROM_ITEM, deviceFields, readDevice } from '../deviceField';
import type { PreparedItem } from '../node.type';
import { TOOL_TEXT } from '../toolDescriptions';

const properties: INodeProperties[] = [
	{
		displayName:
			'Makes one request per input item (one device), so a fleet of 10,000 devices takes 10,000 requests. To find the failed profiles of a whole fleet, use Profile › Get Fleet Status instead: it needs far fewer.',
		name: 'oneRequestPerDeviceNotice',
		type: 'notice',
		default: '',
	},
	...deviceFields('The device whose profiles to list. The default reads the device ID from a Device Search before this node.', {
		withUuid: false,
		fromItem: DEVICE_FROM_ITEM,
		fromItemV1: '={{ $json.Id?.Value }}',
	}),
	simplifyStatusField('profile'),
	optionsCollection('Which profiles to output, and how the node calls UEM. The defaults output every profile of the device.', [
		{
			displayName: 'Only Not Installed',
			name: 'onlyNotInstalled',
			type: 'boolean',
			default: false,
			description: 'Whether to output only profiles whose status is not Confirmed Install (pending, failed, removed, unknown)',
		},
		{
			displayName: 'Only Statuses',
			name: 'statuses',
			type: 'multiOptions',
			default: [],
			options: PROFILE_STATUS_OPTIONS,
			description: 'Output only profiles in one of these statuses',
		},
		{
			displayName: 'Profile Name Contains',
			name: 'profileName',
			type: 'string',
			default: '',
			placeholder: 'e.g. Wi-Fi',
			description: 'Output only profiles whose name contains this text (not case-sensitive)',
		},
		{
			displayName: 'Device Without Profiles',
			name: 'noProfiles',
			type: 'options',
			default: 'skip',
			options: [
				{ name: 'Output Nothing', value: 'skip' },
				{ name: 'Output One "No Profiles" Item', value: 'item' },
			],
			description: 'What to output for a device that has no profiles at all',
		},
		notFoundOption,
		...requestOptions,
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['profile'], operation: ['getStatus'] } }, properties);

/**
 * The profiles of one device with their status. The per-device listing has no EAS ID variant:
 * such a device is found by its EAS ID first.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const asked = readDevice(this, this.getNode(), itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const filters = readProfileFilters(options);
	const simplify = simplifyOf(this, itemIndex);
	const notFound = (api: UemApi, call: CallRecord, uem: UemErrorBody = {}) => {
		if (options.ifNotFound === 'skip') return [];
		throw deviceNotFoundError(api.node, call, { label: labelOf(asked.type), value: asked.value }, uem);
	};
	return async (api) => {
		// The profiles lookup has no EAS ID: that device's id is read first.
		const resolved = asked.type === 'easId' ? await lookUpDeviceId(api, asked) : { identifier: asked };
		if ('absent' in resolved) return notFound(api, resolved.absent.call, resolved.absent.kind === 'missing' ? resolved.absent.error : {});
		const answer = await profilesOfDevice(api, resolved.identifier, chosenVersion(options) ?? 1);
		if (!answer.found) return notFound(api, answer.call, answer.error);
		if (answer.items.length === 0) {
			return options.noProfiles === 'item'
				? [{ deviceId: answer.device.id as number | null, deviceName: answer.device.name as string | null, lookup: { [asked.type]: asked.value }, noProfiles: true, profiles: 0 }]
				: [];
		}
		return simplifiedStatuses(answer.items.filter((item) => passesFilters(item, filters)), simplify);
	};
}

export const toolDescription =
	`List the configuration profiles of one device in Workspace ONE UEM with their install status. Returns one object per profile: name, status, installed (true or false), profileId, and the device's deviceId and deviceName. status ConfirmedInstall means installed; PendingInstall, UnconfirmedInstall, PendingRemoval, UnconfirmedRemoval, ConfirmedRemoval, PendingInformation, NotSupported, Corrupted and Unknown mean it is not. The profiles not installed are those with installed false. ${TOOL_TEXT.oneDevice}`;

import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { requestsPerMinuteOption, timeoutOption } from '../actions/common.descriptions';
import { organizationGroupIdField, organizationGroupPicker } from '../actions/pickerFields';
import { FROM_VERSION_2, ONLY_VERSION_1 } from '../helpers/displayOptions';
import { platformFilter } from '../helpers/platform';
import { NOT_INSTALLED_STATUS_OPTIONS } from '../uem/profileStatus';

/** A notice of what one event's polls cost in calls. */
function callsNotice(name: string, event: string, displayName: string): INodeProperties {
	return { displayName, name, type: 'notice', default: '', displayOptions: { show: { event: [event] } } };
}

/** The filters, in both versions: they differ only in how the organization group is chosen (version 1 a number, version 2 a picker). */
function filtersCollection(groupFilter: INodeProperties, displayOptions: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Watch only part of the fleet: one organization group (and the groups below it) or one platform',
		options: [
			{
				displayName: 'Only Statuses',
				name: 'statuses',
				type: 'multiOptions',
				default: [],
				options: NOT_INSTALLED_STATUS_OPTIONS,
				displayOptions: { show: { '/event': ['profileFailed'] } },
				description:
					'Report only profiles in one of these statuses, e.g. Corrupted and Not Supported but not Pending Install. Empty reports every status but Confirmed Install.',
			},
			groupFilter,
			platformFilter,
		],
		displayOptions,
	};
}

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		required: true,
		default: 'profileFailed',
		options: [
			{
				name: 'Device Became Non-Compliant',
				value: 'deviceNonCompliant',
				description: 'A device whose compliance status turned to non-compliant since the last poll',
			},
			{
				name: 'Device Enrolled',
				value: 'deviceEnrolled',
				description: 'A device UEM added since the last poll (a new device ID)',
			},
			{
				name: 'Profile Failed or Not Installed',
				value: 'profileFailed',
				description:
					'A profile that stopped being installed on a device. Reported once per device and profile, and again if it is installed and then fails anew.',
			},
		],
		description: 'What starts the workflow. The first poll only records what is already there, unless Emit Existing on First Poll is on.',
	},
	callsNotice(
		'profileCallsNotice',
		'profileFailed',
		'Each poll makes one call per 500 devices for every watched profile, to list where it is not installed, then one call per device with a new failure. With Only Statuses, devices whose profile is not installed but in another status are checked again on every poll. Organization Group ID or Platform adds one call per 500 devices of that scope. A tenant without the per-profile listing gets one call per device on every poll instead.',
	),
	callsNotice(
		'enrolmentCallsNotice',
		'deviceEnrolled',
		'Each poll makes one call per 100 new devices: reading the newest devices by ID until it reaches those it has seen.',
	),
	callsNotice(
		'complianceCallsNotice',
		'deviceNonCompliant',
		'Each poll makes one call per 500 non-compliant devices, to compare them with the last poll.',
	),
	{
		displayName: 'Profile Names',
		name: 'profileNames',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder: 'e.g. Wi-Fi - Corporate',
		displayOptions: { show: { event: ['profileFailed'], '@version': [1] } },
		description:
			'Profiles to watch, one name per line, exactly as UEM shows them (case does not matter). Leave empty to watch every profile the OAuth client can see.',
	},
	{
		displayName: 'Profile Names or IDs',
		name: 'profileNames',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getProfileNames' },
		default: [],
		displayOptions: { show: { event: ['profileFailed'], '@version': [{ _cnd: { gte: 2 } }] } },
		description: 'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'Empty watches every profile the OAuth client can see',
	},
	filtersCollection(organizationGroupIdField('Only devices in this organization group and the groups below it (UEM\'s numeric ID, "lgid"). 0 means every group the OAuth client can see.', true), ONLY_VERSION_1),
	filtersCollection(organizationGroupPicker('Only devices in this organization group and the groups below it. Empty means every group the OAuth client can see.', true), FROM_VERSION_2),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'What the first poll reports, and how fast the trigger may call UEM',
		options: [
			{
				displayName: 'Emit Existing on First Poll',
				name: 'emitExisting',
				type: 'boolean',
				default: false,
				description:
					'Whether the first poll (and the first after the event, the filters or the credential change) outputs everything that already matches. Off, it only records the current state, and later polls output what is new.',
			},
			requestsPerMinuteOption,
			timeoutOption,
		],
	},
];

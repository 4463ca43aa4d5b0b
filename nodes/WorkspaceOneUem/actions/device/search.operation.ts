import {
	NodeOperationError,
	type IDataObject,
	type IDisplayOptions,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { FROM_VERSION_2, ONLY_VERSION_1, updateDisplayOptions } from '../../helpers/displayOptions';
import { platformFilter } from '../../helpers/platform';
import { searchDevices, simplifyDevice } from '../../uem/devices';
import { chosenVersion, limitOf, optionsCollection, requestOptions, returnAllFields, simplifyField, simplifyOf } from '../common.descriptions';
import type { PreparedItem } from '../node.type';
import { organizationGroupIdField, organizationGroupOf, organizationGroupPicker } from '../pickerFields';
import { TOOL_TEXT } from '../toolDescriptions';

/**
 * The search filters, in both versions: they differ only in how the organization group is chosen
 * (version 1 a number, version 2 a picker), and a collection's options cannot depend on the version.
 */
function filtersCollection(groupFilter: INodeProperties, displayOptions: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Only devices that match every filter added here. Without filters, every device the OAuth client can see.',
		options: [
			{
				displayName: 'Compliance Status',
				name: 'complianceStatus',
				type: 'options',
				default: 'NonCompliant',
				options: [
					{ name: 'Compliant', value: 'Compliant' },
					{ name: 'Non-Compliant', value: 'NonCompliant' },
					{ name: 'Not Available', value: 'NotAvailable' },
				],
				description: 'Only devices with this compliance status',
			},
			{
				displayName: 'Last Seen',
				name: 'lastSeen',
				type: 'dateTime',
				default: '',
				description: "UEM's lastseen filter (a date). To find devices seen recently, use Seen Since.",
			},
			{
				displayName: 'Model',
				name: 'model',
				type: 'string',
				default: '',
				placeholder: 'e.g. iPhone 15',
				description: 'Only devices whose model matches',
			},
			{
				displayName: 'Order By',
				name: 'orderBy',
				type: 'options',
				default: 'LastSeen',
				options: [
					{ name: 'Device ID', value: 'Id' },
					{ name: 'Enrollment Date', value: 'EnrollmentDate' },
					{ name: 'Friendly Name', value: 'DeviceFriendlyName' },
					{ name: 'Last Seen', value: 'LastSeen' },
					{ name: 'Model', value: 'Model' },
					{ name: 'Platform', value: 'Platform' },
					{ name: 'Serial Number', value: 'SerialNumber' },
					{ name: 'User Name', value: 'UserName' },
				],
				description: 'Column UEM sorts the results by',
			},
			groupFilter,
			{
				displayName: 'Ownership',
				name: 'ownership',
				type: 'options',
				default: 'C',
				options: [
					{ name: 'Corporate Dedicated', value: 'C' },
					{ name: 'Corporate Shared', value: 'S' },
					{ name: 'Employee Owned', value: 'E' },
					{ name: 'Undefined', value: 'Undefined' },
				],
				description: 'Only devices with this ownership',
			},
			platformFilter,
			{
				displayName: 'Seen Since',
				name: 'seenSince',
				type: 'dateTime',
				default: '',
				description: 'Only devices that checked in after this date',
			},
			{
				displayName: 'Sort Order',
				name: 'sortOrder',
				type: 'options',
				default: 'ASC',
				options: [
					{ name: 'Ascending', value: 'ASC' },
					{ name: 'Descending', value: 'DESC' },
				],
				description: 'Whether the lowest or the highest value of Order By comes first',
			},
			{
				displayName: 'User Name',
				name: 'user',
				type: 'string',
				default: '',
				placeholder: 'e.g. jsmith',
				description: 'Only devices enrolled by this user',
			},
		],
		displayOptions,
	};
}

const properties: INodeProperties[] = [
	...returnAllFields,
	simplifyField('device'),
	filtersCollection(
		organizationGroupIdField('Only devices in this organization group and the groups below it (UEM\'s numeric ID, "lgid"). 0 means the OAuth client\'s own group.', true),
		ONLY_VERSION_1,
	),
	filtersCollection(organizationGroupPicker('Only devices in this organization group and the groups below it. Empty means the OAuth client\'s own group.', true), FROM_VERSION_2),
	optionsCollection('How the node calls UEM: API version, timeout and request rate. The defaults suit most tenants.', requestOptions),
];

export const description = updateDisplayOptions({ show: { resource: ['device'], operation: ['search'] } }, properties);

/** Accepts what the date picker or an expression gives; sends UEM an ISO date and time without zone. */
function uemDate(context: IExecuteFunctions, field: string, value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const text = String(value).trim();
	if (/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?/.test(text) && !Number.isNaN(Date.parse(text.slice(0, 19)))) {
		return text.slice(0, 19);
	}
	const parsed = Date.parse(text);
	if (Number.isNaN(parsed)) {
		throw new NodeOperationError(context.getNode(), `${field} is not a date: "${text}"`, {
			description: 'Use the date picker or an ISO date such as 2026-11-01 or 2026-11-01T08:00:00.',
		});
	}
	return new Date(parsed).toISOString().slice(0, 19);
}

export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const limit = limitOf(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const groupId = organizationGroupOf(this.getNode(), filters);
	const qs = {
		user: filters.user as string | undefined,
		model: filters.model as string | undefined,
		platform: filters.platform as string | undefined,
		lastseen: uemDate(this, 'Last Seen', filters.lastSeen),
		ownership: filters.ownership as string | undefined,
		lgid: groupId,
		compliantstatus: filters.complianceStatus as string | undefined,
		seensince: uemDate(this, 'Seen Since', filters.seenSince),
		orderby: filters.orderBy as string | undefined,
		sortorder: filters.sortOrder as string | undefined,
	};
	const simplify = simplifyOf(this, itemIndex);
	return async (api) => {
		const devices = await searchDevices(api, qs, limit, chosenVersion(options));
		return simplify ? devices.map(simplifyDevice) : devices;
	};
}

export const toolDescription =
	`Search the devices managed by Workspace ONE UEM with the filters this tool takes (such as user name, platform, model, compliance status, organization group). Returns one object per device, up to the tool's limit: ${TOOL_TEXT.deviceFields}. An empty list means no device matches. Use it to find a device's serial number or ID before a tool that works on one device.`;

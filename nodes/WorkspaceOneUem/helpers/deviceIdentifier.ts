import { NodeOperationError, type IExecuteFunctions, type INodePropertyOptions } from 'n8n-workflow';

export type DeviceIdType = 'deviceId' | 'serialNumber' | 'udid' | 'macAddress' | 'imei' | 'easId' | 'uuid';

export interface DeviceIdentifier {
	type: DeviceIdType;
	value: string;
}

/** How UEM's `searchby` lookup names each alternate id. */
export const SEARCH_BY: Readonly<Record<Exclude<DeviceIdType, 'deviceId' | 'uuid'>, string>> = {
	serialNumber: 'Serialnumber',
	udid: 'Udid',
	macAddress: 'Macaddress',
	imei: 'ImeiNumber',
	easId: 'EasId',
};

const LABELS: Record<DeviceIdType, string> = {
	deviceId: 'Device ID',
	serialNumber: 'Serial Number',
	udid: 'UDID',
	macAddress: 'MAC Address',
	imei: 'IMEI',
	easId: 'EAS ID',
	uuid: 'Device UUID',
};

export const DEVICE_ID_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Device ID', value: 'deviceId', description: "UEM's numeric device ID, e.g. 12345" },
	{ name: 'Serial Number', value: 'serialNumber' },
	{ name: 'UDID', value: 'udid' },
	{ name: 'MAC Address', value: 'macAddress', description: 'Wi-Fi MAC address, with or without separators' },
	{ name: 'IMEI', value: 'imei' },
	{ name: 'EAS ID', value: 'easId', description: 'Exchange ActiveSync device ID' },
];

export const UUID_OPTION: INodePropertyOptions = {
	name: 'Device UUID',
	value: 'uuid',
	description: 'The device UUID (uses API version 2)',
};

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function labelOf(type: DeviceIdType): string {
	return LABELS[type];
}

/** Reads and checks the device an item names, per item, before any request. */
export function readDeviceIdentifier(
	context: IExecuteFunctions,
	itemIndex: number,
	typeParameter: string,
	valueParameter: string,
): DeviceIdentifier {
	const type = context.getNodeParameter(typeParameter, itemIndex) as DeviceIdType;
	const raw = context.getNodeParameter(valueParameter, itemIndex, '') as unknown;
	const value = raw === undefined || raw === null ? '' : String(raw).trim();
	const label = LABELS[type] ?? type;
	if (value === '') {
		throw new NodeOperationError(context.getNode(), `${label} is empty`, {
			itemIndex,
			description: `The "${label}" field resolved to an empty value for this item. If it is an expression, check that the input item has that field.`,
		});
	}
	if (type === 'deviceId' && !/^\d+$/.test(value)) {
		throw new NodeOperationError(context.getNode(), `Device ID must be a whole number, got "${value}"`, {
			itemIndex,
			description: 'Use the numeric ID UEM shows for the device (Id.Value in a device search), or look the device up by serial number or another ID.',
		});
	}
	if (type === 'uuid' && !UUID_PATTERN.test(value)) {
		throw new NodeOperationError(context.getNode(), `Device UUID is not a UUID: "${value}"`, { itemIndex });
	}
	return { type, value };
}

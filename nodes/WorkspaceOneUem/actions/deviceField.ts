import type { IDataObject, IExecuteFunctions, INode, INodeParameterResourceLocator, INodeProperties } from 'n8n-workflow';

import { FROM_VERSION_2, ONLY_VERSION_1 } from '../helpers/displayOptions';
import { parameterReader } from '../helpers/parameters';
import { DEVICE_ID_TYPE_OPTIONS, parseDeviceIdentifier, UUID_OPTION, type DeviceIdentifier, type DeviceIdType } from '../uem/devices';

/** The Device field's default where the device comes from the item before: a Device Search (UEM's record or the simplified one), Get Fleet Status or Get Status item. */
export const DEVICE_FROM_ITEM = '={{ $json.Id?.Value ?? $json.deviceId }}';

/** The identifier a picker's mode names: its name is Look Up Device By's value, but for "By ID" and "From List" (UEM's numeric ID). */
function typeOfMode(mode: string): DeviceIdType {
	return mode === 'list' || mode === 'id' ? 'deviceId' : (mode as DeviceIdType);
}

/**
 * The Device field of every operation that names one device per item. Version 1: "Look Up Device
 * By" and a text field; version 2: one picker, searchable From List (serial number, user or
 * name), or by any identifier UEM knows. `fromItem` is the default that reads the device from the
 * item before (an expression), else the picker opens on its list; `fromItemV1` keeps version 1's
 * default where it was another.
 */
export function deviceFields(
	description: string,
	{ withUuid = true, fromItem, fromItemV1 = fromItem }: { withUuid?: boolean; fromItem?: string; fromItemV1?: string } = {},
): INodeProperties[] {
	const v1Default = fromItemV1 ?? '';
	const picker: INodeProperties = {
		displayName: 'Device',
		name: 'device',
		type: 'resourceLocator',
		required: true,
		default: { __rl: true, mode: fromItem ? 'id' : 'list', value: fromItem ?? '' },
		description,
		// One mode per kind of identifier, named as Look Up Device By's values; "By ID" is UEM's numeric ID.
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchDevices', searchable: true } },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. 12345' },
			{ displayName: 'By Serial Number', name: 'serialNumber', type: 'string', placeholder: 'e.g. C02XK1ABJGH5' },
			{ displayName: 'By UDID', name: 'udid', type: 'string', placeholder: 'e.g. 00008110-000A1C2E0C43801E' },
			{ displayName: 'By MAC Address', name: 'macAddress', type: 'string', placeholder: 'e.g. A4:83:E7:12:34:56' },
			{ displayName: 'By IMEI', name: 'imei', type: 'string', placeholder: 'e.g. 356938035643809' },
			{ displayName: 'By EAS ID', name: 'easId', type: 'string', placeholder: 'e.g. ApplF17XK1ABJGH5' },
			{ displayName: 'By UUID', name: 'uuid', type: 'string', placeholder: 'e.g. 2f6c1f7e-0c5b-4b8e-9a4e-6f1d2c3b4a59' },
		],
		displayOptions: FROM_VERSION_2,
	};
	if (!withUuid) picker.modes = picker.modes?.filter((mode) => mode.name !== 'uuid');
	return [
		{
			displayName: 'Look Up Device By',
			name: 'deviceIdType',
			type: 'options',
			noDataExpression: true,
			default: 'deviceId',
			options: withUuid ? [...DEVICE_ID_TYPE_OPTIONS, UUID_OPTION] : DEVICE_ID_TYPE_OPTIONS,
			description: 'Which identifier of the device the next field holds',
			displayOptions: ONLY_VERSION_1,
		},
		{
			displayName: 'Device',
			name: 'deviceIdValue',
			type: 'string',
			required: true,
			default: v1Default,
			placeholder: 'e.g. 12345, or C02XK1ABJGH5 for a serial number',
			description,
			displayOptions: ONLY_VERSION_1,
		},
		picker,
	];
}

type DeviceOfItem = (itemIndex: number) => DeviceIdentifier;

/** One reader per run: n8n copies the node and evaluates an expression on every read, which a run of 10,000 items would pay 10,000 times. */
const readersOfRuns = new WeakMap<IExecuteFunctions, DeviceOfItem>();

function readerFor(context: IExecuteFunctions, node: INode): DeviceOfItem {
	const v1 = node.typeVersion < 2;
	const saved = v1 ? node.parameters.deviceIdValue : (node.parameters.device as INodeParameterResourceLocator | undefined)?.value;
	// The kind of identifier is fixed for the run: Look Up Device By and the picker's mode take no expression.
	const type = v1
		? (context.getNodeParameter('deviceIdType', 0) as DeviceIdType)
		: typeOfMode(String((context.getNodeParameter('device', 0) as INodeParameterResourceLocator).mode));
	if (saved === DEVICE_FROM_ITEM) {
		// The default expression, read from each item as it would evaluate.
		const items = context.getInputData();
		return (itemIndex) => {
			const json = items[itemIndex]?.json ?? {};
			const id = json.Id;
			const value = id !== null && typeof id === 'object' && !Array.isArray(id) ? (id as IDataObject).Value : undefined;
			return parseDeviceIdentifier(node, type, value ?? json.deviceId);
		};
	}
	const read = parameterReader(context, node, v1 ? 'deviceIdValue' : 'device', v1 ? '' : undefined);
	return (itemIndex) => {
		const value = read(itemIndex);
		return parseDeviceIdentifier(node, type, v1 ? value : (value as INodeParameterResourceLocator | undefined)?.value);
	};
}

/** The device an item names, checked (an empty or malformed identifier is a clear error, before any request). */
export function readDevice(context: IExecuteFunctions, node: INode, itemIndex: number): DeviceIdentifier {
	let reader = readersOfRuns.get(context);
	if (!reader) readersOfRuns.set(context, (reader = readerFor(context, node)));
	return reader(itemIndex);
}

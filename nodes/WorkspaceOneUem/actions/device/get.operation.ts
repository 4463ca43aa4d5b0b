import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { labelOf, readDeviceIdentifier, SEARCH_BY, type DeviceIdentifier } from '../../helpers/deviceIdentifier';
import { updateDisplayOptions } from '../../helpers/displayOptions';
import { uemGet, type UemCall } from '../../transport/request';
import { isRecord } from '../../transport/responseBody';
import type { UemSession } from '../../transport/session';
import type { PreparedItem } from '../node.type';
import { deviceNotFoundError, failedCall, unexpectedShapeError } from '../../transport/uemErrors';
import {
	apiVersionOption,
	chosenVersion,
	concurrencyOption,
	deviceIdTypeField,
	notFoundOption,
	requestsPerMinuteOption,
	timeoutOption,
} from '../common.descriptions';

const properties: INodeProperties[] = [
	deviceIdTypeField(true),
	{
		displayName: 'Device',
		name: 'deviceIdValue',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 12345, or C02XK1ABJGH5 for a serial number',
		description: 'The identifier of the device to get, of the kind chosen above',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'What to do when a device is not found, and how the node calls UEM. The defaults suit most tenants.',
		options: [notFoundOption, concurrencyOption, apiVersionOption, timeoutOption, requestsPerMinuteOption],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['device'], operation: ['get'] } }, properties);

/** The endpoint for one device: by id (v1), by UUID (v2), or UEM's `searchby` lookup (v1). */
export function deviceCall(identifier: DeviceIdentifier, options: IDataObject): UemCall {
	if (identifier.type === 'deviceId') {
		return { path: `/api/mdm/devices/${identifier.value}`, version: chosenVersion(options, 1) };
	}
	if (identifier.type === 'uuid') {
		return { path: `/api/mdm/devices/${identifier.value}`, version: chosenVersion(options, 2) };
	}
	return {
		path: '/api/mdm/devices',
		qs: { searchby: SEARCH_BY[identifier.type], id: identifier.value },
		version: chosenVersion(options, 1),
	};
}

export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const identifier = readDeviceIdentifier(this, itemIndex, 'deviceIdType', 'deviceIdValue');
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return async (session) => await deviceOf(this, session, itemIndex, identifier, options);
}

async function deviceOf(
	context: IExecuteFunctions,
	session: UemSession,
	itemIndex: number,
	identifier: DeviceIdentifier,
	options: IDataObject,
): Promise<IDataObject[]> {
	const call = deviceCall(identifier, options);
	const answer = await uemGet(context, session, call, itemIndex);
	const where = failedCall(session.connection.apiUrl, call.path, itemIndex);
	if (answer.status === 200) {
		if (!isRecord(answer.body)) throw unexpectedShapeError(context.getNode(), where, 'a device');
		return [answer.body as IDataObject];
	}
	if (options.ifNotFound === 'skip') return [];
	throw deviceNotFoundError(
		context.getNode(),
		where,
		{ label: labelOf(identifier.type), value: identifier.value },
		answer.status === 404 ? answer.error : {},
	);
}

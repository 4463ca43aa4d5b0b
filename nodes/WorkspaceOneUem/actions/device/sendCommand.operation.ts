import { NodeApiError, NodeOperationError, type IDataObject, type IExecuteFunctions, type INode, type INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../helpers/displayOptions';
import { describeCall } from '../../transport/calls';
import { deviceNotFoundError } from '../../transport/uemErrors';
import { commandCallFor, DEVICE_COMMAND_OPTIONS, parseDeviceCommand, type DeviceCommand } from '../../uem/commands';
import { labelOf, parseDeviceIdentifier, type DeviceIdType } from '../../uem/devices';
import { deviceIdTypeField, deviceValueField, notFoundOption, requestOptions } from '../common.descriptions';
import type { PreparedItem } from '../node.type';
import { destructiveGuardFields, dryRunField, guardWrite, refusalOf } from '../writeGuards';

const properties: INodeProperties[] = [
	deviceIdTypeField(true),
	deviceValueField(
		'The device to send the command to. The default reads the device ID from a Device Search or Get Fleet Status item before this node.',
		'={{ $json.Id?.Value ?? $json.deviceId }}',
	),
	{
		displayName: 'Command',
		name: 'command',
		type: 'options',
		default: 'SyncDevice',
		options: DEVICE_COMMAND_OPTIONS,
		description: 'What the device is told to do. Each item gets its command once: a command whose answer was lost is reported, never sent again.',
	},
	dryRunField,
	...destructiveGuardFields,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'What to do when a device is not found, and how the node calls UEM. The defaults suit most tenants.',
		options: [notFoundOption, ...requestOptions.filter((option) => option.name !== 'apiVersion')],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['device'], operation: ['sendCommand'] } }, properties);

function commandOfItem(context: IExecuteFunctions, itemIndex: number): DeviceCommand | undefined {
	try {
		return parseDeviceCommand(context.getNode(), context.getNodeParameter('command', itemIndex));
	} catch {
		return undefined;
	}
}

/** Whatever went wrong, the person reading it must know which device and command it concerns. */
function aboutDevice(node: INode, error: unknown, target: string): NodeApiError | NodeOperationError {
	if (!(error instanceof NodeApiError || error instanceof NodeOperationError)) return new NodeOperationError(node, error as Error);
	error.message = `${target}: ${error.message}`;
	return error;
}

/**
 * One command to one device per item, sent once: never retried once it may have reached UEM, so
 * a lost answer ends as "outcome unknown" naming the device. A dry run outputs the request instead.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const command = parseDeviceCommand(this.getNode(), this.getNodeParameter('command', itemIndex));
	const type = this.getNodeParameter('deviceIdType', itemIndex) as DeviceIdType;
	const identifier = parseDeviceIdentifier(this.getNode(), type, this.getNodeParameter('deviceIdValue', itemIndex, ''));
	const dryRun = this.getNodeParameter('dryRun', 0, true) === true;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const actionOf = (index: number) => commandOfItem(this, index);
	const refusal = dryRun ? refusalOf(this, itemIndex, command, actionOf) : undefined;
	if (!dryRun) guardWrite(this, itemIndex, command, actionOf);
	const device = { [identifier.type]: identifier.value };
	const target = `${command.name} to ${labelOf(identifier.type)} ${identifier.value}`;

	return async (api) => {
		const where = await commandCallFor(api, identifier, command);
		if ('absent' in where) {
			if (options.ifNotFound === 'skip') return [];
			const uem = where.absent.kind === 'missing' ? where.absent.error : {};
			throw deviceNotFoundError(api.node, where.absent.call, { label: labelOf(identifier.type), value: identifier.value }, uem);
		}
		const output: IDataObject = { command: command.value, device };
		if (where.deviceId !== undefined) output.deviceId = where.deviceId;
		if (dryRun) {
			return [{ dryRun: true, ...output, wouldSend: describeCall(where.call), ...(refusal ? { wouldBeRefused: refusal.message } : {}) }];
		}
		let answer;
		try {
			answer = await api.send(where.call);
		} catch (error) {
			throw aboutDevice(api.node, error, target);
		}
		if (answer.kind === 'missing') {
			if (options.ifNotFound === 'skip') return [];
			throw deviceNotFoundError(api.node, answer.call, { label: labelOf(identifier.type), value: identifier.value }, answer.error);
		}
		const response = answer.kind === 'ok' ? { response: answer.body as IDataObject } : {};
		return [{ ...output, sent: `${answer.call.method} ${answer.call.path}`, status: answer.status, ...response }];
	};
}

import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../helpers/displayOptions';
import { parameterReader } from '../../helpers/parameters';
import { commandCallFor, DEVICE_COMMAND_OPTIONS, findDeviceCommand, parseDeviceCommand } from '../../uem/commands';
import { labelOf } from '../../uem/devices';
import { notFoundOption, optionsField } from '../common.descriptions';
import { DEVICE_FROM_ITEM, deviceFields, readDevice } from '../deviceField';
import type { PreparedItem } from '../node.type';
import { allowAsToolField, checkWrite, destructiveGuardFields, dryRunField } from '../writeGuards';
import { writeOnce } from '../writeOnce';
import { prepareBulk } from './sendCommandInBulk';
import { TOOL_TEXT } from '../toolDescriptions';

const noteOption: INodeProperties = {
	displayName: 'Note on Device',
	name: 'note',
	type: 'string',
	default: '',
	typeOptions: { rows: 2 },
	placeholder: 'e.g. Offboarding of jdoe, ticket HR-1234',
	description:
		"Why the command was sent, written on the device's record in UEM once UEM accepted the command, for whoever looks at the device later. One more call per device (and a lookup for identifiers other than Device ID). Not with Send In Bulk: UEM has no bulk notes.",
};

const properties: INodeProperties[] = [
	...deviceFields('The device to send the command to. The default reads the device ID from a Device Search or Get Fleet Status item before this node.', {
		fromItem: DEVICE_FROM_ITEM,
	}),
	{
		displayName: 'Command',
		name: 'command',
		type: 'options',
		default: 'SyncDevice',
		options: DEVICE_COMMAND_OPTIONS,
		description: 'What the device is told to do. Each item gets its command once: a command whose answer was lost is reported, never sent again.',
	},
	dryRunField,
	allowAsToolField,
	...destructiveGuardFields,
	{
		displayName: 'Send In Bulk',
		name: 'bulk',
		type: 'boolean',
		default: false,
		noDataExpression: true,
		description:
			"Whether to send the run's commands in bulk calls of up to 500 devices instead of one call per device: for hundreds or thousands of devices. By Device ID, Serial Number or UDID (other identifiers are read first). Each device's outcome is still its own item.",
	},
	optionsField([notFoundOption, noteOption]),
];

export const description = updateDisplayOptions({ show: { resource: ['device'], operation: ['sendCommand'] } }, properties);

/** The run's work in bulk calls, when Send In Bulk is on. */
export function prepareRun(this: IExecuteFunctions, items: number) {
	if (this.getNodeParameter('bulk', 0, false) !== true) return undefined;
	if (noteOf(this.getNodeParameter('options', 0, {}) as IDataObject) !== undefined) {
		// Refused before any request: a note per device is a call per device, which bulk exists to avoid.
		const refusal = () =>
			new NodeOperationError(this.getNode(), 'Note on Device does not go with Send In Bulk: nothing was sent', {
				description: 'UEM has no bulk notes. Turn off Send In Bulk to add a note to each device (one more call each), or remove the note.',
			});
		return async () => Array.from({ length: items }, refusal);
	}
	return prepareBulk(this, items);
}

/**
 * One command to one device per item, sent once: never retried once it may have reached UEM, so
 * a lost answer ends as "outcome unknown" naming the device. A dry run outputs the request instead.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const node = this.getNode();
	const commandOf = parameterReader(this, node, 'command');
	const command = parseDeviceCommand(node, commandOf(itemIndex));
	const identifier = readDevice(this, node, itemIndex);
	const dryRun = this.getNodeParameter('dryRun', 0, true) === true;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	// Counted once per run by the guardrails, through the same reader (a fixed command is not read
	// again for each item of the run); a bad name fails on its own item.
	const actionOf = (index: number) => findDeviceCommand(commandOf(index));
	const refusal = checkWrite(this, itemIndex, command, actionOf, dryRun);
	const device = { [identifier.type]: identifier.value };
	const note = noteOf(options);

	return async (api) =>
		await writeOnce(api, {
			where: await commandCallFor(api, identifier, command, note !== undefined),
			output: { command: command.value, device },
			device: { label: labelOf(identifier.type), value: identifier.value },
			target: `${command.name} to ${labelOf(identifier.type)} ${identifier.value}`,
			dryRun,
			refusal,
			skipIfNotFound: options.ifNotFound === 'skip',
			note,
		});
}

/** The Note on Device option, undefined when empty. */
function noteOf(options: IDataObject): string | undefined {
	const note = typeof options.note === 'string' ? options.note.trim() : '';
	return note === '' ? undefined : note;
}

export const toolDescription =
	`Send a command to one device in Workspace ONE UEM: the command this tool is set to (sync, lock, restart, shut down, clear passcode or wipe). ${TOOL_TEXT.oneDevice} Returns the command, the device and UEM's HTTP status when it was sent. ${TOOL_TEXT.write} ${TOOL_TEXT.destructive}`;

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { bulkCommandCall, bulkSearchBy, findDeviceCommand, parseDeviceCommand, type DeviceCommand } from '../../uem/commands';
import { labelOf } from '../../uem/devices';
import { holdsExpression, parameterReader } from '../../helpers/parameters';
import { bulkWrite, type BulkEndpoint, type BulkItem } from '../bulkWrite';
import { readDevice } from '../deviceField';
import { checkWrite } from '../writeGuards';

/** Items of one command share calls; the command is the key. */
function commandEndpoint(commands: Map<string, DeviceCommand>): BulkEndpoint {
	return {
		takes: bulkSearchBy,
		call: (first, searchby, values) => bulkCommandCall(commands.get(first.key) as DeviceCommand, searchby, values),
		target: (item) => `${(commands.get(item.key) as DeviceCommand).name} to ${labelOf(item.identifier.type)} ${item.identifier.value}`,
	};
}

/**
 * Send Command in bulk: each command goes to its devices in calls of up to 500, sent as they fill
 * while later items are read (see bulkWrite); a bad item fails alone. Every item's command is read
 * before the first call, for the guardrails. Options and Look Up Device By are the run's, from the
 * first item.
 */
export function prepareBulk(context: IExecuteFunctions, items: number) {
	const dryRun = context.getNodeParameter('dryRun', 0, true) === true;
	// Each parameter read costs n8n a copy of it (and getNode() a copy of the whole node): 10,000
	// items read per item only what may differ per item, the command (when an expression gives it)
	// and the device.
	const node = context.getNode();
	const skipIfNotFound = (context.getNodeParameter('options', 0, {}) as IDataObject).ifNotFound === 'skip';
	const commandOf = parameterReader(context, node, 'command');
	// Every item's command is needed before any call (the guardrails count the run's destructive
	// items): an expression is evaluated for each item now; a fixed command is every item's.
	const commandNames = holdsExpression(node.parameters.command) ? Array.from({ length: items }, (_, itemIndex) => commandOf(itemIndex)) : undefined;
	const nameOf = commandNames ? (itemIndex: number) => commandNames[itemIndex] : commandOf;
	// A run names few commands, most often one for all items: a name is looked up when it changes.
	let last: { name: unknown; command: DeviceCommand | undefined } | undefined;
	const actionOf = (itemIndex: number) => {
		const name = nameOf(itemIndex);
		if (!last || last.name !== name) last = { name, command: findDeviceCommand(name) };
		return last.command;
	};
	const commands = new Map<string, DeviceCommand>();
	const readItem = (itemIndex: number): BulkItem => {
		const command = actionOf(itemIndex) ?? parseDeviceCommand(node, nameOf(itemIndex));
		const identifier = readDevice(context, node, itemIndex);
		const refusal = checkWrite(context, itemIndex, command, actionOf, dryRun);
		commands.set(command.value, command);
		return {
			itemIndex,
			key: command.value,
			identifier,
			output: { command: command.value, device: { [identifier.type]: identifier.value } },
			refusal,
			skipIfNotFound,
		};
	};
	return bulkWrite(commandEndpoint(commands), items, readItem, dryRun);
}

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { bulkCommandCall, bulkSearchBy, findDeviceCommand, parseDeviceCommand, type DeviceCommand } from '../../uem/commands';
import { labelOf, parseDeviceIdentifier, type DeviceIdType } from '../../uem/devices';
import { bulkWrite, deviceValueOf, type BulkEndpoint, type BulkItem } from '../bulkWrite';
import type { BatchResult } from '../node.type';
import { checkWrite } from '../writeGuards';

/** Items of one command share calls; the command is the key. */
function commandEndpoint(commands: Map<string, DeviceCommand>): BulkEndpoint {
	return {
		takes: bulkSearchBy,
		call: (first, searchby, values) => bulkCommandCall(commands.get(first.key) as DeviceCommand, searchby, values),
	};
}

/**
 * Send Command in bulk: every item is read and checked first (a bad one fails alone), then each
 * command goes to its devices in calls of up to 500 (see bulkWrite). Options and Look Up Device By
 * are the run's, from the first item.
 */
export function prepareBulk(context: IExecuteFunctions, items: number) {
	const dryRun = context.getNodeParameter('dryRun', 0, true) === true;
	const results: BatchResult = new Array<IDataObject[] | Error>(items).fill([]);
	const planned: BulkItem[] = [];
	// Each parameter read costs n8n a copy of it (and getNode() a copy of the whole node): 10,000
	// items read only what may differ per item, the command and the device, each once.
	const node = context.getNode();
	const type = context.getNodeParameter('deviceIdType', 0) as DeviceIdType;
	const skipIfNotFound = (context.getNodeParameter('options', 0, {}) as IDataObject).ifNotFound === 'skip';
	const commandNames = Array.from({ length: items }, (_, itemIndex) => context.getNodeParameter('command', itemIndex));
	const actionOf = (itemIndex: number) => findDeviceCommand(commandNames[itemIndex]);
	const commands = new Map<string, DeviceCommand>();
	for (let itemIndex = 0; itemIndex < items; itemIndex++) {
		try {
			const command = parseDeviceCommand(node, commandNames[itemIndex]);
			const identifier = parseDeviceIdentifier(node, type, deviceValueOf(context, node, itemIndex));
			const refusal = checkWrite(context, itemIndex, command, actionOf, dryRun);
			commands.set(command.value, command);
			planned.push({
				itemIndex,
				key: command.value,
				identifier,
				output: { command: command.value, device: { [identifier.type]: identifier.value } },
				target: `${command.name} to ${labelOf(identifier.type)} ${identifier.value}`,
				refusal,
				skipIfNotFound,
			});
		} catch (error) {
			results[itemIndex] = error as Error;
		}
	}
	return bulkWrite(commandEndpoint(commands), planned, results, dryRun);
}

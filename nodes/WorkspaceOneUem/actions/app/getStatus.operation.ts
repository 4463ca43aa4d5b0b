import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../helpers/displayOptions';
import { deviceNotFoundError } from '../../transport/uemErrors';
import { appsOfDevice } from '../../uem/apps';
import { labelOf, lookUpDeviceId } from '../../uem/devices';
import { notFoundOption, optionsField, simplifiedStatuses, simplifyOf, simplifyStatusField } from '../common.descriptions';
import { DEVICE_FROM_ITEM, deviceFields, readDevice } from '../deviceField';
import type { PreparedItem } from '../node.type';
import { TOOL_TEXT } from '../toolDescriptions';

const properties: INodeProperties[] = [
	{
		displayName:
			'Makes one request per input item (one device; two when the device is not given by its ID). To find the devices where an app is not installed across a fleet, use App › Get Fleet Status instead: it needs far fewer.',
		name: 'oneRequestPerDeviceNotice',
		type: 'notice',
		default: '',
	},
	...deviceFields('The device whose apps to list. The default reads the device ID from a Device Search before this node.', { fromItem: DEVICE_FROM_ITEM }),
	simplifyStatusField('app'),
	optionsField([
		{
			displayName: 'Only Not Installed',
			name: 'onlyNotInstalled',
			type: 'boolean',
			default: false,
			description: 'Whether to output only apps that are not known to be installed (pending, failed, not now, or a status UEM gave as a number)',
		},
		{
			displayName: 'App Name Contains',
			name: 'appName',
			type: 'string',
			default: '',
			placeholder: 'e.g. Outlook',
			description: 'Output only apps whose name contains this text (not case-sensitive)',
		},
		notFoundOption,
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['app'], operation: ['getStatus'] } }, properties);

/**
 * The apps of one device with their install status (`/api/mdm/devices/{id}/apps`): one item per
 * app. A device named by another identifier than its ID is looked up first.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const asked = readDevice(this, this.getNode(), itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const simplify = simplifyOf(this, itemIndex);
	const nameContains = typeof options.appName === 'string' ? options.appName.trim().toLowerCase() : '';
	const keep = (item: IDataObject) =>
		(options.onlyNotInstalled !== true || item.installed !== true) && (nameContains === '' || String(item.name ?? '').toLowerCase().includes(nameContains));
	return async (api) => {
		const resolved = await lookUpDeviceId(api, asked);
		const answer = 'absent' in resolved ? resolved.absent : await appsOfDevice(api, Number(resolved.identifier.value));
		if ('items' in answer) return simplifiedStatuses(answer.items.filter(keep), simplify);
		if (options.ifNotFound === 'skip') return [];
		throw deviceNotFoundError(api.node, answer.call, { label: labelOf(asked.type), value: asked.value }, 'error' in answer ? answer.error : {});
	};
}

export const toolDescription =
	`List the apps of one device in Workspace ONE UEM with their install status. Returns one object per app: name, bundleId, version, status, installed (true, false, or null when UEM gave only a number), managed, type and the deviceId. ${TOOL_TEXT.oneDevice}`;

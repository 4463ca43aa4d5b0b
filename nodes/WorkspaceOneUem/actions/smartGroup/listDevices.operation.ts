import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { updateDisplayOptions } from '../../helpers/displayOptions';
import { simplifyDevice } from '../../uem/devices';
import { devicesOfSmartGroup } from '../../uem/smartGroups';
import { limitOf, optionsField, returnAllFields, simplifyField, simplifyOf } from '../common.descriptions';
import type { PreparedItem } from '../node.type';
import { fieldOf, numericIdOf, smartGroupFields } from '../pickerFields';
import { TOOL_TEXT } from '../toolDescriptions';

const properties: INodeProperties[] = [
	...smartGroupFields('The smart group whose devices to list'),
	...returnAllFields,
	simplifyField('device'),
	optionsField(),
];

export const description = updateDisplayOptions({ show: { resource: ['smartGroup'], operation: ['listDevices'] } }, properties);

const SMART_GROUP_HINT = "Pick the smart group From List, or give UEM's numeric ID: Smart Group › Search lists them with their smartGroupId.";

/** The devices a smart group holds, one item each with `smartGroupId` first; simplified like Device › Search where asked. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const node = this.getNode();
	const smartGroupId = numericIdOf(node, this.getNodeParameter(fieldOf(node, 'smartGroupId', 'smartGroup'), itemIndex, ''), 'Smart Group', SMART_GROUP_HINT);
	const limit = limitOf(this, itemIndex);
	const simplify = simplifyOf(this, itemIndex);
	return async (api) => {
		const devices = await devicesOfSmartGroup(api, smartGroupId, limit);
		return devices.map((device) => ({ smartGroupId: Number(smartGroupId), ...(simplify ? simplifyDevice(device) : device) }));
	};
}

export const toolDescription =
	`List the devices a smart group of Workspace ONE UEM holds, the smart group given by its numeric smartGroupId. Returns one object per device, up to the tool's limit: smartGroupId, ${TOOL_TEXT.deviceFields}.`;

import { tagDevices } from './tagDevices';
import { TOOL_TEXT } from '../toolDescriptions';

/** Tag › Remove Devices: take the tag off every device of the input. */
export const { description, prepareRun } = tagDevices('remove');

export const toolDescription =
	`Take a tag off a device in Workspace ONE UEM. The tag is given by its numeric tagId. ${TOOL_TEXT.oneDevice} ${TOOL_TEXT.write}`;

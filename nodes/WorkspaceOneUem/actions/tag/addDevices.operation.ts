import { tagDevices } from './tagDevices';
import { TOOL_TEXT } from '../toolDescriptions';

/** Tag › Add Devices: tag every device of the input, e.g. so a smart group picks them up. */
export const { description, prepareRun } = tagDevices('add');

export const toolDescription =
	`Add a tag to a device in Workspace ONE UEM (smart groups and assignments may follow tags). The tag is given by its numeric tagId. ${TOOL_TEXT.oneDevice} ${TOOL_TEXT.write}`;

import { tagDevices } from './tagDevices';
import { TOOL_TEXT } from '../toolDescriptions';

/** Tag › Remove Devices: take the tag off every device of the input. */
export const { description, prepareRun } = tagDevices('remove');

/** What an AI agent or MCP client reads about this operation as a tool (the tool's Description, editable there). */
export const toolDescription =
	`Take a tag off a device in Workspace ONE UEM. The tag is given by its numeric tagId. ${TOOL_TEXT.oneDevice} ${TOOL_TEXT.write}`;

import { profileOnDevice } from './profileOnDevice';
import { TOOL_TEXT } from '../toolDescriptions';

export const { description, prepare } = profileOnDevice('remove');

export const toolDescription =
	`Remove one configuration profile from one device in Workspace ONE UEM. The profile is given by its numeric profileId. ${TOOL_TEXT.oneDevice} Returns the profile, the device and UEM's HTTP status when it was sent. ${TOOL_TEXT.write}`;

import { profileOnDevice } from './profileOnDevice';
import { TOOL_TEXT } from '../toolDescriptions';

/** Profile › Install on Device: re-push a profile, e.g. each failure a Get Fleet Status found. */
export const { description, prepare } = profileOnDevice('install');

export const toolDescription =
	`Install (re-push) one configuration profile on one device in Workspace ONE UEM, e.g. one that a profile status tool found not installed. The profile is given by its numeric profileId. ${TOOL_TEXT.oneDevice} Returns the profile, the device and UEM's HTTP status when it was sent. ${TOOL_TEXT.write}`;

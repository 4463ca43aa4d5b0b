import { tagDevices } from './tagDevices';

/** Tag › Remove Devices: take the tag off every device of the input. */
export const { description, prepareRun } = tagDevices('remove');

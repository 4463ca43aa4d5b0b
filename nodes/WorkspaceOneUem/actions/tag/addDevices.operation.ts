import { tagDevices } from './tagDevices';

/** Tag › Add Devices: tag every device of the input, e.g. so a smart group picks them up. */
export const { description, prepareRun } = tagDevices('add');

import { profileOnDevice } from './profileOnDevice';

/** Profile › Install on Device: re-push a profile, e.g. each failure a Get Fleet Status found. */
export const { description, prepare } = profileOnDevice('install');

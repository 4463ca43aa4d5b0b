import { profileOnDevice } from './profileOnDevice';

/** Profile › Remove From Device. */
export const { description, prepare } = profileOnDevice('remove');

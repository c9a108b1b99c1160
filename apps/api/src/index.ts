/** The api application's public surface for launchers that start it in their own process. */
export { createApi, configureApi, type CreateApiOptions } from './bootstrap';

/** The api application's public surface for launchers that start it in their own process. */
export { createApi, configureApi, openApiDocument, type CreateApiOptions } from './bootstrap';

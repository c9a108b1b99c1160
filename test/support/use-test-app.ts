import { ApiClient } from './api-client';
import { startTestApp, type TestApp } from './test-app';

/**
 * The test app of a describe block: started before its first test, closed after its last.
 * `t` forwards to the running app, so a spec takes `t` and `api` once where it declares them.
 */
export function useTestApp(start: () => Promise<TestApp> = startTestApp): { t: TestApp; api: ApiClient } {
  let running: TestApp | undefined;
  const current = (): TestApp => {
    if (!running) throw new Error('the test app starts in beforeAll: use it in a hook or a test');
    return running;
  };

  // starting the whole app (migrations check, seeders, queues) takes seconds, more on a busy machine
  beforeAll(async () => {
    running = await start();
  }, 120_000);

  afterAll(async () => {
    await running?.close();
  });

  const t: TestApp = {
    get app() {
      return current().app;
    },
    get http() {
      return current().http;
    },
    get queuePrefix() {
      return current().queuePrefix;
    },
    get clock() {
      return current().clock;
    },
    get apiKey() {
      return current().apiKey;
    },
    token: (username) => current().token(username),
    close: () => current().close(),
  };
  return { t, api: new ApiClient(t) };
}

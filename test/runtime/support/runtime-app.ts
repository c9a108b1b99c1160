import { startTestApp, type TestApp } from '../../support/test-app';

/** The api with its worker in-process, sweeping every 300 ms so timer and timeout repairs show quickly. */
export async function startRuntimeApp(): Promise<TestApp> {
  process.env.TONGBAN_SWEEP_MS = '300';
  return startTestApp();
}

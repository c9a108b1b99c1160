/**
 * The cost of authenticating a request: a bearer token's JWT verification plus the check that its
 * session still holds, and an API key's lookup; both answered from per-process caches after the first
 * request (TONGBAN_SESSION_CACHE_MS decides how long).
 * Run: `npm run build && node -r ./scripts/register-paths.js dist/bench/auth-guard.bench.js`
 * against DATABASE_URL / REDIS_URL.
 */
import { DEMO_API_KEY, IdentityService, SessionService, TokenService } from '@tongban/identity';
import { createApi } from '../apps/api/src/bootstrap';

async function main(): Promise<void> {
  process.env.NODE_ENV ??= 'test';
  const app = await createApi({ port: 0 });
  try {
    const tokens = app.get(TokenService);
    const sessions = app.get(SessionService);
    const { accessToken } = await app.get(IdentityService).login('clerk.health', 'clerk.health', undefined, 'bench');
    const rounds = 200_000;
    const time = async (label: string, step: () => unknown): Promise<void> => {
      for (let i = 0; i < 5_000; i++) await step();
      const start = process.hrtime.bigint();
      for (let i = 0; i < rounds; i++) await step();
      const micros = Number(process.hrtime.bigint() - start) / 1000 / rounds;
      console.log(`${label.padEnd(40)} ${micros.toFixed(2)} µs`);
    };
    await time('JWT verify', () => tokens.verify(accessToken));
    await time('JWT verify + session check (cached)', async () => {
      const principal = tokens.verify(accessToken);
      await sessions.assertActive(principal.sessionId, principal.name);
    });
    const identity = app.get(IdentityService);
    await time('X-API-Key (cached key row)', () => identity.authenticateApiKey(DEMO_API_KEY));
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * The cost of authenticating a bearer request: JWT verification plus the check that the token's
 * session still holds (answered from the per-process cache after the first request of a session).
 * Run: `npm run build && node -r ./scripts/register-paths.js dist/bench/auth-guard.bench.js`
 * against DATABASE_URL / REDIS_URL.
 */
import { IdentityService, SessionService, TokenService } from '@tongban/identity';
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
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

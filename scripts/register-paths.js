// Resolves the `@tongban/<lib>` imports of the compiled output in dist/ to dist/libs/<lib>/src, and
// `@tongban/api` (the api application's index, for launchers) to dist/apps/api/src. `TONGBAN_DIST`
// names another build directory (the fault suite runs from a build of its own).
const path = require('node:path');
const tsConfigPaths = require('tsconfig-paths');

tsConfigPaths.register({
  baseUrl: process.env.TONGBAN_DIST ? path.resolve(process.env.TONGBAN_DIST) : path.resolve(__dirname, '..', 'dist'),
  paths: { '@tongban/api': ['apps/api/src'], '@tongban/*': ['libs/*/src'] },
});

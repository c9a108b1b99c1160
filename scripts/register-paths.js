// Resolves the `@tongban/<lib>` imports of the compiled output in dist/ to dist/libs/<lib>/src, and
// `@tongban/api` (the api application's index, for launchers) to dist/apps/api/src. `TONGBAN_DIST`
// names another build directory (the fault suite runs from a build of its own). Every other request
// goes to Node's resolution untouched (a prefix test, not a path-pattern match per require).
const Module = require('node:module');
const path = require('node:path');

const dist = process.env.TONGBAN_DIST ? path.resolve(process.env.TONGBAN_DIST) : path.resolve(__dirname, '..', 'dist');
const PREFIX = '@tongban/';
const resolveFilename = Module._resolveFilename;

Module._resolveFilename = function (request, parent, isMain, options) {
  if (typeof request === 'string' && request.startsWith(PREFIX)) {
    const name = request.slice(PREFIX.length);
    const mapped = name === 'api' ? path.join(dist, 'apps/api/src') : path.join(dist, 'libs', name, 'src');
    return resolveFilename.call(this, mapped, parent, isMain, options);
  }
  return resolveFilename.call(this, request, parent, isMain, options);
};

import { existsSync } from 'node:fs';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Paths Nest answers (`/api/v1`, `/api/docs`, `/health`): never a file of the UI, so not looked for on disk. */
const NEST_PATHS = /^\/(api|health)(\/|$)/;

/**
 * Serves the built browser UI (`dist/web`, or `TONGBAN_WEB_DIR`) at `/`. The UI routes by URL hash,
 * so only real files are served; `/api/v1`, `/api/docs` and `/health` stay with Nest and are not looked for on disk.
 */
export function serveWebApp(app: NestExpressApplication, configured?: string): void {
  const dir = webAppDir(configured);
  if (!dir) {
    Logger.warn('web UI not built (run `npm run build`): nothing is served at /', 'Tongban');
    return;
  }
  // Nest's own static middleware, mounted so that API requests pass it by: it would look each API path up on
  // disk (a stat, an ENOENT error with its stack trace) before the router answers, on every request.
  const mount = { use: (serve: RequestHandler) => app.use((request: Request, response: Response, next: NextFunction) => (NEST_PATHS.test(request.path) ? next() : serve(request, response, next))) };
  ExpressAdapter.prototype.useStaticAssets.call(mount as unknown as ExpressAdapter, dir, {
    index: 'index.html',
    setHeaders: (response, file) => {
      response.setHeader('Cache-Control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}

/** The directory holding the built UI's index.html, or undefined when it is not built. */
export function webAppDir(configured?: string): string | undefined {
  if (configured) return existsSync(path.join(configured, 'index.html')) ? path.resolve(configured) : undefined;
  const root = repositoryRoot(__dirname);
  const dir = root && path.join(root, 'dist', 'web');
  return dir && existsSync(path.join(dir, 'index.html')) ? dir : undefined;
}

/** The nearest directory above `from` with a package.json (both `apps/…` and `dist/apps/…` lie below it). */
function repositoryRoot(from: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

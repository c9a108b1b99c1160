import type { INestApplication, Type } from '@nestjs/common';
import { regionContext, ROOT_SCOPE, type RegionScope } from '@tongban/runtime';

/**
 * The test's own look into the app (its data source, services, processors) acts as the installation:
 * every region, writing in the root. The app binds each connection to its caller's region scope, and
 * a test is no request, so without this its queries would read no row.
 */
export function inRoot(app: INestApplication): { get<T>(token: Type<T> | string | symbol): T } {
  return inScope(app, ROOT_SCOPE);
}

/** The app's providers, each method running in `scope` (a region's own, to write there). */
export function inScope(app: INestApplication, scope: RegionScope): { get<T>(token: Type<T> | string | symbol): T } {
  return {
    get<T>(token: Type<T> | string | symbol): T {
      return scoped(app.get<T>(token) as object, scope) as T;
    },
  };
}

/** The object with each method, and its `manager`, running in `scope`. */
export function scoped<T extends object>(target: T, scope: RegionScope = ROOT_SCOPE): T {
  return new Proxy(target, {
    get(object, property) {
      const value = Reflect.get(object, property, object) as unknown;
      if (property === 'manager' && value && typeof value === 'object') return scoped(value, scope);
      if (typeof value !== 'function' || property === 'constructor') return value;
      return (...args: unknown[]) => regionContext.run(scope, () => (value as (...a: unknown[]) => unknown).apply(object, args));
    },
  });
}

import { regionContext, ROOT_SCOPE, type RegionScope } from './region-context';

const A: RegionScope = { home: 'a', regions: ['a'], inherited: ['cn'] };
const B: RegionScope = { home: 'b', regions: ['b'], inherited: ['cn'] };

describe('regionContext of a request', () => {
  it('has no scope until the request is given one, then everything of the request sees it', async () => {
    const seen = await regionContext.runRequest(async () => {
      const before = regionContext.current();
      // started before the scope is assigned, read after it
      const later = new Promise<RegionScope | undefined>((resolve) => setImmediate(() => resolve(regionContext.current())));
      regionContext.assign(A);
      return { before, later: await later, after: regionContext.current() };
    });
    expect(seen).toEqual({ before: undefined, later: A, after: A });
  });

  it('keeps requests apart', async () => {
    const [a, b] = await Promise.all([A, B].map((scope) =>
      regionContext.runRequest(async () => {
        await new Promise((resolve) => setImmediate(resolve));
        regionContext.assign(scope);
        await new Promise((resolve) => setImmediate(resolve));
        return regionContext.current();
      }),
    ));
    expect([a, b]).toEqual([A, B]);
  });

  it('does not change a scope run inside the request', async () => {
    const inner = await regionContext.runRequest(async () => {
      const system = regionContext.runAsSystem(async () => {
        await new Promise((resolve) => setImmediate(resolve));
        return regionContext.current();
      });
      regionContext.assign(A);
      return system;
    });
    expect(inner?.regions).toBe('all');
  });

  it('refuses a scope outside a request, inside a scope of its own, and a second scope for one request', () => {
    expect(() => regionContext.assign(A)).toThrow(/outside a request/);
    expect(() => regionContext.run(ROOT_SCOPE, () => regionContext.assign(A))).toThrow(/outside a request/);
    expect(() => regionContext.runRequest(() => regionContext.runAsSystem(() => regionContext.assign(A)))).toThrow(/outside a request/);
    expect(() => regionContext.runRequest(() => { regionContext.assign(A); regionContext.assign(B); })).toThrow(/already acts/);
    expect(regionContext.runRequest(() => { regionContext.assign(A); regionContext.assign(A); return regionContext.current(); })).toBe(A);
  });
});

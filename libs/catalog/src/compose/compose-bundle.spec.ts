import { CatalogError } from '../catalog.errors';
import type { ServiceItem } from '../catalog/catalog.types';
import { ancestorsOf, composeBundle } from './compose-bundle';
import { shippedBundle, shippedCatalog } from '../../test/shipped-catalog';

const item = (code: string, result: string, needs: string[] = []): ServiceItem => ({
  code, name: code, type: '公共服务', department: 'd', legalDays: 5, promisedDays: 3, dayUnit: 'working', fields: [],
  materials: needs.map((t) => ({ name: `${t} 材料`, key: true, satisfiedBy: t })), result,
});

describe('composeBundle', () => {
  it('runs the three open-restaurant items in parallel', () => {
    // when
    const bundle = composeBundle(shippedBundle('open-restaurant'), shippedCatalog().items);

    // then
    expect(bundle.edges).toEqual([]);
    expect(bundle.layers).toEqual([['SH-SCJG-001', 'SH-LHSR-014', 'SH-XF-003']]);
  });

  it('chains new-baby: birth certificate -> household registration -> medical insurance ‖ social security card', () => {
    // when
    const bundle = composeBundle(shippedBundle('new-baby'), shippedCatalog().items);

    // then
    expect(bundle.layers).toEqual([['WJ-CSYX-001'], ['GA-HJ-021'], ['YB-CB-007', 'RS-SBK-002']]);
    expect(bundle.edges).toEqual([
      { from: 'WJ-CSYX-001', to: 'GA-HJ-021', reason: 'certificate', certificateType: 'birth-medical-certificate' },
      { from: 'GA-HJ-021', to: 'YB-CB-007', reason: 'certificate', certificateType: 'household-register' },
      { from: 'GA-HJ-021', to: 'RS-SBK-002', reason: 'certificate', certificateType: 'household-register' },
    ]);
    expect([...ancestorsOf(bundle, 'RS-SBK-002')].sort()).toEqual(['GA-HJ-021', 'WJ-CSYX-001']);
  });

  it('does not make an item wait for itself when it needs an earlier certificate of its own type', () => {
    // given: the household registration needs the parents' household register and issues one
    const bundle = composeBundle({ code: 'b', name: 'b', items: ['GA-HJ-021'] }, shippedCatalog().items);

    // then
    expect(bundle.edges).toEqual([]);
  });

  it('adds explicit dependencies and layers by the longest path', () => {
    // given
    const items = [item('A', 'a'), item('B', 'b', ['a']), item('C', 'c')];

    // when
    const bundle = composeBundle({ code: 'x', name: 'x', items: ['A', 'B', 'C'], dependsOn: [{ item: 'C', on: 'B' }] }, items);

    // then
    expect(bundle.layers).toEqual([['A'], ['B'], ['C']]);
    expect(bundle.edges[1]).toEqual({ from: 'B', to: 'C', reason: 'explicit' });
  });

  it('refuses a cycle, naming its items', () => {
    // given
    const items = [item('A', 'a', ['c']), item('B', 'b', ['a']), item('C', 'c', ['b']), item('D', 'd')];

    // when
    const attempt = () => composeBundle({ code: 'x', name: 'x', items: ['D', 'A', 'B', 'C'] }, items);

    // then
    expect(attempt).toThrow(CatalogError);
    expect(attempt).toThrow('Items wait for each other in a circle: A -> B -> C -> A');
  });

  it('refuses an explicit dependency that closes a cycle', () => {
    const items = [item('A', 'a'), item('B', 'b', ['a'])];
    expect(() => composeBundle({ code: 'x', name: 'x', items: ['A', 'B'], dependsOn: [{ item: 'A', on: 'B' }] }, items))
      .toThrow(expect.objectContaining({ code: 'BUNDLE_CYCLE', details: { items: ['A', 'B'] } }));
  });

  it.each([
    [{ code: 'x', name: 'x', items: [] }, 'BUNDLE_INVALID'],
    [{ code: 'x', name: 'x', items: ['A', 'A'] }, 'BUNDLE_INVALID'],
    [{ code: 'x', name: 'x', items: ['A', 'Z'] }, 'CATALOG_UNKNOWN_REFERENCE'],
    [{ code: 'x', name: 'x', items: ['A'], dependsOn: [{ item: 'A', on: 'B' }] }, 'BUNDLE_INVALID'],
  ])('refuses a malformed definition %j', (definition, code) => {
    expect(() => composeBundle(definition, [item('A', 'a'), item('B', 'b')])).toThrow(expect.objectContaining({ code }));
  });
});

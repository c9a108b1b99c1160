import { composeBundle } from '../compose/compose-bundle';
import { bundleSavings } from './bundle-savings';
import { shippedBundle, shippedCatalog } from '../../test/shipped-catalog';

const composed = (code: string) => composeBundle(shippedBundle(code), shippedCatalog().items);

describe('bundleSavings', () => {
  it('reports open-restaurant: fields 23 -> 12, days 17 -> 7', () => {
    // when
    const savings = bundleSavings(composed('open-restaurant'));

    // then
    expect(savings).toEqual({
      fieldsSeparately: 23,
      fieldsOnce: 12,
      materialsSeparately: 10,
      materialsToSubmit: 6,
      departments: 3,
      visitsSeparately: 3,
      visitsBundle: 1,
      daysSeparately: 17,
      daysBundle: 7,
      autoApprovedItems: [],
    });
  });

  it('reports new-baby along its chain: days 11 -> 9 (1 + 3 + max(2, 5))', () => {
    // when
    const savings = bundleSavings(composed('new-baby'));

    // then
    expect(savings).toEqual({
      fieldsSeparately: 31,
      fieldsOnce: 10,
      materialsSeparately: 9,
      materialsToSubmit: 1,
      departments: 4,
      visitsSeparately: 4,
      visitsBundle: 1,
      daysSeparately: 11,
      daysBundle: 9,
      autoApprovedItems: [],
    });
  });

  it('counts only held certificate types and ones an earlier step issues when the holdings are known', () => {
    // given: a company holding only its business licence; the legal representative's ID is handed in
    const restaurant = bundleSavings(composed('open-restaurant'), { heldCertificateTypes: ['business-licence'] });
    // given: parents holding ID cards only; the birth certificate and household register come from the chain,
    // but the parents' own household register (needed by the registration itself) and the marriage certificate do not
    const baby = bundleSavings(composed('new-baby'), { heldCertificateTypes: ['id-card'] });

    // then
    expect(restaurant.materialsToSubmit).toBe(7);
    expect(baby.materialsToSubmit).toBe(3);
  });
});

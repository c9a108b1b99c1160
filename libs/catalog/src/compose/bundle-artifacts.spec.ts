import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBundleArtifacts } from './bundle-artifacts';
import { WORKFLOWS_DIR, shippedBundle, shippedCatalog } from '../../test/shipped-catalog';

describe('buildBundleArtifacts', () => {
  it('derives the form, process key, BPMN and savings of open-restaurant', () => {
    // when
    const a = buildBundleArtifacts(shippedBundle('open-restaurant'), shippedCatalog());

    // then
    expect(a.items).toEqual(['SH-SCJG-001', 'SH-LHSR-014', 'SH-XF-003']);
    expect(a.form.fields).toHaveLength(12);
    expect(a.processKey).toBe('bundle-open-restaurant');
    expect(a.bpmnXml).toContain('<bpmn:process id="bundle-open-restaurant"');
    expect(a.savings).toMatchObject({ fieldsSeparately: 23, fieldsOnce: 12, daysSeparately: 17, daysBundle: 7 });
  });

  it('refuses a bundle whose items wait for each other, building nothing', () => {
    const catalog = shippedCatalog();
    const definition = { code: 'loop', name: 'loop', items: ['WJ-CSYX-001', 'GA-HJ-021'], dependsOn: [{ item: 'WJ-CSYX-001', on: 'GA-HJ-021' }] };
    expect(() => buildBundleArtifacts(definition, catalog)).toThrow(expect.objectContaining({ code: 'BUNDLE_CYCLE' }));
  });

  /**
   * The shipped `workflows/bundles/<code>.bpmn` files are the generator's output, so designers can
   * open and refine them; regenerate with `UPDATE_WORKFLOWS=1 npx jest libs/catalog/src/compose/bundle-artifacts`.
   */
  it.each(readdirSync(join(WORKFLOWS_DIR, 'bundles')).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')))('ships %s.bpmn as generated', (code) => {
    // given
    const file = join(WORKFLOWS_DIR, 'bundles', `${code}.bpmn`);
    const generated = buildBundleArtifacts(shippedBundle(code), shippedCatalog()).bpmnXml;
    if (process.env.UPDATE_WORKFLOWS === '1') writeFileSync(file, generated);

    // then
    expect(readFileSync(file, 'utf8')).toBe(generated);
  });
});

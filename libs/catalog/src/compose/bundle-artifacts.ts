import type { BundleDefinition, Catalog } from '../catalog/catalog.types';
import { mergeForm, type MergedForm } from '../form/merge-form';
import { bundleSavings, type BundleSavings } from '../savings/bundle-savings';
import { composeBundle, type BundleEdge } from './compose-bundle';
import { generateBundleBpmn } from './bundle-bpmn.generator';
import type { BundleProcessOptions } from './bundle-process.graph';

/** Everything `POST /api/v1/bundles` derives from a definition; the body of `GET /api/v1/bundles/:code`. */
export interface BundleArtifacts {
  code: string;
  name: string;
  items: string[];
  /** Why each item waits for another (certificate chains and explicit orderings). */
  dependsOn: BundleEdge[];
  /** Items by depth: the items of one layer run in parallel. */
  layers: string[][];
  form: MergedForm;
  /** The BPMN process id instances are started by: `bundle-<code>`. */
  processKey: string;
  bpmnXml: string;
  savings: BundleSavings;
}

/**
 * Composes a bundle from the catalogue: dependency order, merged form, generated BPMN and savings.
 * Throws a `CatalogError` (unknown item, cycle, conflicting form rules) and builds nothing then.
 */
export function buildBundleArtifacts(
  definition: BundleDefinition,
  catalog: Pick<Catalog, 'items' | 'fields' | 'certificateTypes'>,
  options: Omit<BundleProcessOptions, 'certificateTypes'> = {},
): BundleArtifacts {
  const bundle = composeBundle(definition, catalog.items);
  const form = mergeForm(bundle.items, catalog.fields);
  return {
    code: bundle.code,
    name: bundle.name,
    items: bundle.items.map((i) => i.code),
    dependsOn: bundle.edges,
    layers: bundle.layers,
    form,
    processKey: `bundle-${bundle.code}`,
    bpmnXml: generateBundleBpmn(bundle, { ...options, certificateTypes: catalog.certificateTypes }),
    savings: bundleSavings(bundle),
  };
}

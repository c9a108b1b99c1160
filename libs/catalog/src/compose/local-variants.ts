import type { ServiceItem } from '../catalog/catalog.types';

/**
 * A deployed bundle's items as a region runs them: where the region holds its own variant of an
 * item code, the variant's name, time limits and materials replace the deployed ones. The
 * department, fields and result stay as deployed: the process was generated from them (a region
 * that changes them composes and deploys its own bundle).
 */
export function applyLocalVariants(items: readonly ServiceItem[], variants: readonly ServiceItem[]): ServiceItem[] {
  return items.map((item) => {
    const variant = variants.find((v) => v.code === item.code);
    if (!variant) return item;
    return { ...item, name: variant.name, legalDays: variant.legalDays, promisedDays: variant.promisedDays, dayUnit: variant.dayUnit, materials: variant.materials };
  });
}

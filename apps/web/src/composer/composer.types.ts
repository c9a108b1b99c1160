import type { components } from '@tongban/client';

type Schemas = components['schemas'];

/** `POST /bundles/preview`: merged form, layers, savings and departments of a composition. */
export type BundlePreview = Schemas['BundlePreviewDto'];
/** What a bundle saves the applicant against applying item by item. */
export type BundleSavings = Schemas['BundleSavingsDto'];
/** A field of the merged form. */
export type MergedField = Schemas['MergedFieldDto'];
/** A catalogued service item as listed by `GET /catalog/items`. */
export type CatalogItem = Schemas['VersionedServiceItemDto'];
/** A department as listed by `GET /departments`. */
export type Department = Schemas['DepartmentDto'];

/** What the Tongban properties offer to pick from, loaded from the catalogue and departments APIs. */
export interface TongbanCatalogue {
  departments: { code: string; name: string }[];
  items: { code: string; name: string; department?: string }[];
  fields: { key: string; label: string }[];
  certificateTypes: { type: string; name: string }[];
}

interface CatalogueApi {
  get<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T>;
}

/** Loads the catalogue; a list that cannot be read is empty (the entries then take free text). */
export async function loadTongbanCatalogue(api: CatalogueApi): Promise<TongbanCatalogue> {
  const items = async <T>(path: string): Promise<T[]> => {
    try {
      return ((await api.get<{ items: T[] }>(path)).items ?? []) as T[];
    } catch {
      return [];
    }
  };
  const [departments, catalogItems, fields, certificateTypes] = await Promise.all([
    items<{ code: string; name: string }>('/departments'),
    items<{ code: string; name: string; department?: string }>('/catalog/items'),
    items<{ key: string; label: string }>('/catalog/fields'),
    items<{ type: string; name: string }>('/catalog/certificate-types'),
  ]);
  return {
    departments: departments.map(({ code, name }) => ({ code, name })),
    items: catalogItems.map(({ code, name, department }) => ({ code, name, department })),
    fields: fields.map(({ key, label }) => ({ key, label })),
    certificateTypes: certificateTypes.map(({ type, name }) => ({ type, name })),
  };
}

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

/** A catalogue label: plain text, or `{zh, en}` (the field dictionary). */
type Label = string | { zh?: string; en?: string } | undefined;

function textOf(label: Label, language: 'zh-CN' | 'en', fallback: string): string {
  if (typeof label === 'string') return label;
  return (language === 'en' ? label?.en ?? label?.zh : label?.zh ?? label?.en) ?? fallback;
}

/** Loads the catalogue; a list that cannot be read is empty (the entries then take free text). */
export async function loadTongbanCatalogue(api: CatalogueApi, language: 'zh-CN' | 'en' = 'zh-CN'): Promise<TongbanCatalogue> {
  const items = async <T>(path: string): Promise<T[]> => {
    try {
      return ((await api.get<{ items: T[] }>(path)).items ?? []) as T[];
    } catch {
      return [];
    }
  };
  const [departments, catalogItems, fields, certificateTypes] = await Promise.all([
    items<{ code: string; name: Label }>('/departments'),
    items<{ code: string; name: Label; department?: string }>('/catalog/items'),
    items<{ key: string; label: Label }>('/catalog/fields'),
    items<{ type: string; name: Label }>('/catalog/certificate-types'),
  ]);
  return {
    departments: departments.map(({ code, name }) => ({ code, name: textOf(name, language, code) })),
    items: catalogItems.map(({ code, name, department }) => ({ code, name: textOf(name, language, code), department })),
    fields: fields.map(({ key, label }) => ({ key, label: textOf(label, language, key) })),
    certificateTypes: certificateTypes.map(({ type, name }) => ({ type, name: textOf(name, language, type) })),
  };
}

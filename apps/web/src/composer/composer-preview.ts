import { ref, type Ref } from 'vue';
import type { ApiClient } from '../api/api-client';
import type { BundlePreview } from './composer.types';

/** How long the composer waits after the last change of the selection before asking for a preview. */
const SETTLE_MS = 200;

/** The live preview of a selection: the latest answer of `POST /bundles/preview`, or why there is none. */
export interface ComposerPreview {
  preview: Ref<BundlePreview | null>;
  error: Ref<string>;
  loading: Ref<boolean>;
  /** Asks for the preview of `items` once the selection has settled; an answer to an older selection is dropped. */
  refresh(items: string[]): void;
}

/** Keeps the preview of the composer's selection current. */
export function useComposerPreview(api: ApiClient): ComposerPreview {
  const preview = ref<BundlePreview | null>(null);
  const error = ref('');
  const loading = ref(false);
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const load = async (items: string[], mine: number) => {
    try {
      const answer = await api.post<BundlePreview>('/bundles/preview', { items });
      if (mine !== generation) return;
      preview.value = answer;
      error.value = '';
    } catch (failure) {
      if (mine !== generation) return;
      preview.value = null;
      error.value = (failure as Error).message;
    } finally {
      if (mine === generation) loading.value = false;
    }
  };

  const refresh = (items: string[]) => {
    const mine = ++generation;
    clearTimeout(timer);
    if (items.length === 0) {
      preview.value = null;
      error.value = '';
      loading.value = false;
      return;
    }
    loading.value = true;
    timer = setTimeout(() => void load(items, mine), SETTLE_MS);
  };

  return { preview, error, loading, refresh };
}

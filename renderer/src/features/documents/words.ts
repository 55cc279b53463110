import type { CallOutput } from '../../../../core/contract';
import { getClient } from '../../shared/api/client';

export type PageWord = CallOutput<'documents:page-words'>['words'][number];

const cache = new Map<string, Promise<PageWord[]>>();

/** The words of a page with their boxes (fractions), fetched once per document page. */
export function loadPageWords(id: number, page: number): Promise<PageWord[]> {
  const key = `${id}:${page}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = getClient()
      .invoke('documents:page-words', { id, page }, { report: false })
      .then((r) => r.words)
      .catch(() => {
        cache.delete(key);
        return [];
      });
    cache.set(key, hit);
    if (cache.size > 40) cache.delete(cache.keys().next().value!);
  }
  return hit;
}

/** The word under a point (page fractions), else the nearest one within a small distance. */
export function findWordAt(words: readonly PageWord[], x: number, y: number, tolerance = 0.012): PageWord | null {
  let best: PageWord | null = null;
  let bestDist = Infinity;
  for (const w of words) {
    const dx = x < w.box.x ? w.box.x - x : x > w.box.x + w.box.w ? x - (w.box.x + w.box.w) : 0;
    const dy = y < w.box.y ? w.box.y - y : y > w.box.y + w.box.h ? y - (w.box.y + w.box.h) : 0;
    const d = Math.hypot(dx, dy);
    if (d < bestDist) {
      best = w;
      bestDist = d;
    }
  }
  return best && bestDist <= tolerance ? best : null;
}

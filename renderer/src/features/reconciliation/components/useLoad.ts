import { useEffect, useState } from 'react';
import { isClientError } from '../../../shared/api/client';

export type Load<T> = { data: T | null; error: string | null; loading: boolean; reload(): void; set(data: T): void };

/**
 * Loads on mount, whenever `key` changes and on `reload()`; an answer for an older key is dropped. `fn` is read
 * when the key changes (pass everything it depends on in the key).
 */
export function useLoad<T>(fn: () => Promise<T>, key: string): Load<T> {
  const [tick, setTick] = useState(0);
  const want = `${key}#${tick}`;
  const [state, setState] = useState<{ key: string | null; data: T | null; error: string | null }>({ key: null, data: null, error: null });
  useEffect(() => {
    let live = true;
    fn().then(
      (data) => live && setState({ key: want, data, error: null }),
      (e: unknown) => live && setState((s) => ({ key: want, data: s.data, error: isClientError(e) ? e.message : String(e) })),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [want]);
  return {
    data: state.data,
    error: state.error,
    loading: state.key !== want,
    reload: () => setTick((t) => t + 1),
    set: (data) => setState((s) => ({ ...s, data })),
  };
}

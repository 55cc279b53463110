import { useEffect, useState } from 'react';

/** The current time, refreshed every `everyMs`: keeps "3 min ago" labels honest without a re-render storm. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

import { useCallback, useEffect, useState, type RefObject, type UIEvent } from 'react';

export type WindowSlice = {
  onScroll(e: UIEvent<HTMLDivElement>): void;
  /** first and one-past-last rendered row */
  start: number;
  end: number;
  totalHeight: number;
  scrollToIndex(index: number): void;
};

/** Windowing for a list of fixed-height rows: only the rows in view (plus `overscan`) are rendered. */
export function useWindow(ref: RefObject<HTMLDivElement | null>, count: number, rowHeight: number, overscan = 6): WindowSlice {
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setHeight(el.clientHeight);
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);

  const onScroll = useCallback((e: UIEvent<HTMLDivElement>) => setScrollTop(e.currentTarget.scrollTop), []);

  const scrollToIndex = useCallback(
    (index: number) => {
      const el = ref.current;
      if (!el || index < 0) return;
      const top = index * rowHeight;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
    },
    [ref, rowHeight],
  );

  const start = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  return { onScroll, start, end, totalHeight: count * rowHeight, scrollToIndex };
}

// Hooks that ask the workers for derived data (range summaries, series,
// stall periods, latency samples) and keep the latest answer. Answers for a
// superseded request are dropped. Nothing here is stored in zustand: it is
// derived from the stores and recomputed when they change.

import { startTransition, useEffect, useMemo, useRef, useState } from 'react';
import type { Series } from '../analysis/series.ts';
import type { RangeSummary } from '../analysis/store.ts';
import type { StallEpisode, StallPeriod } from '../analysis/stalls.ts';
import type { EpisodeBar } from '../analysis/store.ts';
import { workerFor } from '../worker/client.ts';
import type { Range } from '../state/view.ts';

let pending = 0;
/** Counts a worker question as pending (the `data-queries` idle signal the tests wait on). */
export function track<T>(p: Promise<T>): Promise<T> {
  pending++;
  document.documentElement.dataset.queries = String(pending);
  return p.finally(() => {
    pending--;
    document.documentElement.dataset.queries = String(pending);
  });
}

/** Ids whose last query failed (a snapshot that does not hold the answer), with the reason. */
export const queryErrors = new Map<string, string>();

/** Runs `fetch` for each id whenever the key changes; returns answers by id (a failed id is left out). */
export function useWorkerQuery<T>(ids: string[], key: string, fetch: (id: string) => Promise<T>): Record<string, T> {
  const [answers, setAnswers] = useState<{ key: string; data: Record<string, T> }>({ key: '', data: {} });
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;
  const fullKey = `${ids.join(',')}|${key}`;
  useEffect(() => {
    let live = true;
    if (ids.length === 0) {
      setAnswers({ key: fullKey, data: {} });
      return;
    }
    void track(
      Promise.all(
        ids.map((id) =>
          fetchRef.current(id).then(
            (d) => {
              queryErrors.delete(`${id}|${key}`);
              return [id, d] as const;
            },
            (e: unknown) => {
              queryErrors.set(`${id}|${key}`, e instanceof Error ? e.message : String(e));
              return null;
            },
          ),
        ),
      ),
    ).then((pairs) => {
      // A transition: rendering the answer (charts above all) is time-sliced and never blocks input.
      if (live) startTransition(() => setAnswers({ key: fullKey, data: Object.fromEntries(pairs.filter((p) => p !== null)) }));
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fullKey]);
  return answers.data;
}

/** Ranges per variant id (each in ns after that trace's start). */
export type VariantRanges = Record<string, Range>;

export function rangesKey(ranges: VariantRanges): string {
  return Object.entries(ranges)
    .map(([id, r]) => `${id}=${r[0]}:${r[1]}`)
    .join(';');
}

export function useRangeSummaries(ranges: VariantRanges | null): { data: Record<string, RangeSummary>; failed: string[] } {
  const ids = ranges ? Object.keys(ranges) : [];
  const key = ranges ? rangesKey(ranges) : 'off';
  const data = useWorkerQuery(ids, key, (id) => workerFor(id).rangeSummary(id, ranges![id][0], ranges![id][1]));
  return { data, failed: ids.filter((id) => !data[id] && queryErrors.has(`${id}|${key}`)) };
}

export function useSeries(ranges: VariantRanges, buckets: number): Record<string, Series> {
  return useWorkerQuery(Object.keys(ranges), `${rangesKey(ranges)}:${buckets}`, (id) =>
    workerFor(id).series(id, { t0: ranges[id][0], t1: ranges[id][1], buckets }),
  );
}

export function useStalls(ids: string[]): Record<string, { longest: StallEpisode[]; busiest: StallPeriod[] }> {
  return useWorkerQuery(ids, 'stalls', (id) => workerFor(id).stalls(id, 15));
}

export function useLatencySamples(ids: string[]): Record<string, Float64Array> {
  return useWorkerQuery(ids, 'latency', (id) => workerFor(id).latencySamples(id));
}

export function useEpisodes(ranges: VariantRanges, limit: number): Record<string, EpisodeBar[] | null> {
  return useWorkerQuery(Object.keys(ranges), `${rangesKey(ranges)}:${limit}`, (id) =>
    workerFor(id).episodes(id, ranges[id][0], ranges[id][1], limit),
  );
}

/** Width of an element, updated on resize. */
export function useWidth<T extends HTMLElement>(): [React.RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(800);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver((entries) => {
      for (const e of entries) setWidth(Math.max(200, Math.floor(e.contentRect.width)));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

export function useStableIds(ids: string[]): string[] {
  const key = ids.join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => ids, [key]);
}

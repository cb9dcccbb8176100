// Hooks that ask the workers for derived data (range summaries, series,
// stall periods, latency samples) and keep the latest answer. Answers for a
// superseded request are dropped. Nothing here is stored in zustand: it is
// derived from the stores and recomputed when they change.

import { startTransition, useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import type { Series } from '../analysis/series.ts';
import type { RangeSummary } from '../analysis/loaded-traces.ts';
import type { StallEpisode, StallPeriod } from '../analysis/stalls.ts';
import type { EpisodeBar } from '../analysis/loaded-traces.ts';
import { backendFor } from '../worker/client.ts';
import type { Range } from '../state/view.ts';

let pending = 0;
function showPending(d: number): void {
  pending += d;
  document.documentElement.dataset.queries = String(pending);
}

/**
 * Counts a question as pending (the `data-queries` idle signal the tests wait
 * on) until the returned `done` is called; later calls do nothing.
 */
function pendingQuestion(): () => void {
  showPending(1);
  let open = true;
  return () => {
    if (open) showPending(-1);
    open = false;
  };
}

/** Counts a worker question as pending until it settles. */
export function track<T>(p: Promise<T>): Promise<T> {
  return p.finally(pendingQuestion());
}

export interface Answers<T, M = undefined> {
  key: string;
  data: Record<string, T>;
  /** Ids whose query failed (a snapshot that does not hold the answer), with the reason. */
  errors: Record<string, string>;
  /** What the caller said about the request these answer (its grid, say), as it was when asked; undefined before any answer. */
  meta?: M;
  /** Ends the question's pending count once this answer is on the page. */
  shown?: () => void;
}

const NO_ANSWERS: Answers<never, never> = { key: '', data: {}, errors: {} };

/**
 * Runs `fetch` for each id whenever the ids or the key change; returns the
 * latest answers by id (a failed id is left out of `data` and named in
 * `errors`). While a new key loads, the previous answers stay on screen.
 */
export function useWorkerQuery<T, M = undefined>(ids: string[], key: string, fetch: (id: string) => Promise<T>, meta?: M): Answers<T, M> {
  const [answers, setAnswers] = useState<Answers<T, M>>(NO_ANSWERS);
  const fetchOne = useEffectEvent(fetch);
  const metaNow = useEffectEvent(() => meta);
  const idList = ids.join(',');
  useEffect(() => {
    if (idList === '') return;
    let live = true;
    const fullKey = `${idList}|${key}`;
    const asked = metaNow();
    // pending until the answer is committed, not only until the worker replies: the answer renders in a transition
    // that may take several frames, and an idle page must show what it was asked for
    const done = pendingQuestion();
    void Promise.all(
      idList.split(',').map((id) =>
        fetchOne(id).then(
          (d) => ({ id, d, error: null }),
          (e: unknown) => ({ id, d: null, error: e instanceof Error ? e.message : String(e) }),
        ),
      ),
    ).then((results) => {
      if (!live) return;
      const data: Record<string, T> = {};
      const errors: Record<string, string> = {};
      for (const r of results) {
        if (r.error !== null) errors[r.id] = r.error;
        else data[r.id] = r.d as T;
      }
      // A transition: rendering the answer (charts above all) is time-sliced and never blocks input.
      startTransition(() => setAnswers({ key: fullKey, data, errors, meta: asked, shown: done }));
    });
    return () => {
      live = false;
      // superseded or unmounted: the next question counts itself
      done();
    };
  }, [idList, key]);
  // runs after the children's effects of the same commit, so charts queued for a staggered render count before this ends
  useEffect(() => answers.shown?.(), [answers]);
  return idList === '' ? (NO_ANSWERS as Answers<T, M>) : answers;
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
  const { data, errors } = useWorkerQuery(ids, key, (id) => backendFor(id).rangeSummary(id, ranges![id][0], ranges![id][1]));
  // the same list while the answers stand, so that what is built on it is not rebuilt on every render
  const failedKey = ids.filter((id) => !data[id] && id in errors).join('\n');
  const failed = useMemo(() => (failedKey === '' ? [] : failedKey.split('\n')), [failedKey]);
  return { data, failed };
}

/**
 * Series of each trace over its range in `bucketCount` buckets, with `meta` as it
 * was when the answers were asked for: a chart drawn from answer and meta
 * together never shows one request's values on another's grid.
 */
export function useSeries<M>(ranges: VariantRanges, bucketCount: number, meta: M): Answers<Series, M> {
  return useWorkerQuery(
    Object.keys(ranges),
    `${rangesKey(ranges)}:${bucketCount}`,
    (id) => backendFor(id).series(id, { t0: ranges[id][0], t1: ranges[id][1], bucketCount }),
    meta,
  );
}

export function useStalls(ids: string[]): Record<string, { longest: StallEpisode[]; busiest: StallPeriod[] }> {
  return useWorkerQuery(ids, 'stalls', (id) => backendFor(id).stalls(id, 15)).data;
}

export function useLatencySamples(ids: string[]): Record<string, Float64Array> {
  return useWorkerQuery(ids, 'latency', (id) => backendFor(id).latencySamples(id)).data;
}

export function useEpisodes(ranges: VariantRanges, limit: number): Record<string, EpisodeBar[] | null> {
  return useWorkerQuery(Object.keys(ranges), `${rangesKey(ranges)}:${limit}`, (id) =>
    backendFor(id).episodes(id, ranges[id][0], ranges[id][1], limit),
  ).data;
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

// Sharing a comparison without a server and without the traces: build a
// snapshot from what the workers know (share/snapshot.ts), put it in a link or
// a .reclaimscope.json.gz file, and open one read-only. Also the plain URL
// state: the fragment always mirrors the view, and opening a link restores it.

import { SnapshotBackend } from '../share/backend.ts';
import { forSharing, type ShareOptions } from '../share/privacy.ts';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, seriesToEntry, type Snapshot, type SnapshotVariant } from '../share/snapshot.ts';
import { LINK_LIMIT, snapshotFromBlob, snapshotFromLinkParam, snapshotToFile, snapshotToLinkParam } from '../share/transport.ts';
import { decodeUrlState, encodeUrlState, type UrlState } from '../share/url-state.ts';
import { isSnapshot, registerSnapshotBackend, backendFor } from '../worker/client.ts';
import { useSelection } from './selection.ts';
import { useUi } from './ui.ts';
import { readyVariants, useVariants } from './variants.ts';
import { useView, type Range } from './view.ts';
import { bucketGrid } from '../analysis/bucket-grid.ts';
import { fullDomain, toVariantRange } from '../analysis/timeline.ts';
import { ns } from '../model/units.ts';

const FILE_BUCKETS = 4000;
const EPISODE_LIMIT = 400;

function currentView(): { range: Range; full: Range } {
  const v = useView.getState();
  const ready = readyVariants(useVariants.getState().variants);
  const full = fullDomain(ready, v);
  return { range: v.range ?? full, full };
}

export async function buildSnapshot(detail: 'link' | 'file'): Promise<Snapshot> {
  const view = useView.getState();
  const { variants, baselineId, groups } = useVariants.getState();
  const ready = readyVariants(variants);
  const groupName = (id: string) => groups.find((g) => g.id === id)?.name ?? '';
  const { range, full } = currentView();
  // a link holds the charts' own bucket grid of the visible range; a file 4000 buckets over the range and the whole trace
  const grid = bucketGrid(range[0], range[1], view.bucketNs);
  const highlight = useUi.getState().highlight;
  const out: SnapshotVariant[] = [];
  for (const v of ready) {
    const w = backendFor(v.id);
    const own = toVariantRange(range, v, view);
    const whole = toVariantRange(full, v, view);
    const onGrid = toVariantRange([grid.start, grid.end], v, view);
    const wanted: [Range, number][] = detail === 'link' ? [[onGrid, grid.n]] : [[own, FILE_BUCKETS], [whole, FILE_BUCKETS], [onGrid, grid.n]];
    const series: SnapshotVariant['series'] = [];
    for (const [r, bucketCount] of wanted) {
      if (series.some((e) => e.t0 === r[0] && e.t1 === r[1] && e.buckets === bucketCount)) continue;
      series.push(seriesToEntry(r[0], r[1], await w.series(v.id, { t0: r[0], t1: r[1], bucketCount }), detail === 'link' ? 2 : 6));
    }
    const ranges: SnapshotVariant['ranges'] = [];
    if (view.range !== null) {
      const rs = await w.rangeSummary(v.id, own[0], own[1]);
      ranges.push({ t0: own[0], t1: own[1], summary: rs.summary, spanMs: rs.spanMs, ...(rs.extra ? { extra: rs.extra } : {}) });
    }
    const stalls = await w.stalls(v.id, detail === 'link' ? 12 : 200);
    const samples = await w.latencySamples(v.id);
    const bars = await w.episodes(v.id, own[0], own[1], EPISODE_LIMIT);
    const report = v.info.report;
    const info =
      detail === 'file'
        ? v.info
        : {
            ...v.info,
            report: {
              ...report,
              processes: [...report.processes].sort((a, b) => b.stallMs - a.stallMs).slice(0, 12),
              extra: { ...report.extra, openAtEndDetail: report.extra.openAtEndDetail.slice(0, 10) },
              parseReport: {
                ...report.parseReport,
                skipped: Object.fromEntries(
                  Object.entries(report.parseReport.skipped).map(([k, s]) => [k, { count: s!.count, examples: s!.examples.slice(0, 2).map((e) => ({ line: e.line, text: e.text.slice(0, 120) })) }]),
                ),
              },
            },
          };
    out.push({
      name: v.name,
      group: groupName(v.groupId),
      run: v.runName,
      fileName: v.fileName,
      size: v.size,
      cpuSeconds: v.cpuSeconds,
      info,
      series,
      ranges,
      stalls,
      latencyMs: detail === 'link' ? Array.from(samples, (x) => Math.round(x * 1000) / 1000) : Array.from(samples),
      episodes: [{ t0: own[0], t1: own[1], limit: EPISODE_LIMIT, bars }],
    });
  }
  const hlIndex = highlight ? ready.findIndex((v) => v.id === highlight.variantId) : -1;
  const { bucketNs, ...fields } = viewFields();
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    created: new Date().toISOString(),
    detail,
    variants: out,
    view: {
      ...fields,
      buckets: bucketNs, // the comparison file's key
      ...(ready.some((v) => view.offsets[v.info.hash]) ? { offsets: ready.map((v) => view.offsets[v.info.hash] ?? 0) } : {}),
      range: view.range ? [view.range[0], view.range[1]] : null,
      baseline: Math.max(0, ready.findIndex((v) => v.id === baselineId)),
      highlight: highlight && hlIndex >= 0 ? { variant: hlIndex, t0: ns(highlight.t0), t1: ns(highlight.t1) } : null,
    },
  };
}

/** The current view as URL state (without a snapshot). */
export function currentUrlState(): UrlState {
  const { variants, baselineId, groups } = useVariants.getState();
  const ready = readyVariants(variants);
  const reportFor = useUi.getState().parseReportFor;
  const pending = useUi.getState().shared?.missing ?? [];
  const groupName = (id: string) => groups.find((g) => g.id === id)?.name;
  const list: UrlState['variants'] = [
    // A run's label (its variant's name, with #k when the variant has several runs), as version 1 links named variants.
    ...ready.map((v) => ({
      name: v.name,
      hash: v.info.hash,
      ...(v.cpuSeconds !== null ? { cpu: v.cpuSeconds } : {}),
      ...(groupName(v.groupId) !== undefined ? { group: groupName(v.groupId) } : {}),
    })),
    ...pending.filter((p) => !ready.some((v) => v.info.hash === p.hash)),
  ];
  const offsets = useView.getState().offsets;
  return {
    variants: list,
    baseline: Math.max(0, ready.findIndex((v) => v.id === baselineId)),
    ...viewFields(),
    offsets: list.some((v) => offsets[v.hash]) ? list.map((v) => offsets[v.hash] ?? 0) : [],
    ...selectionFields(ready.map((v) => v.id)),
    report: reportFor ? Math.max(0, ready.findIndex((v) => v.id === reportFor)) : null,
    snapshot: null,
  };
}

/** The selected process and grouping as URL fields (variant by its index among the ready ones). */
function selectionFields(ids: string[]): Pick<UrlState, 'selected' | 'groupByCommand'> {
  const { process, groupByCommand } = useSelection.getState();
  const i = process ? ids.indexOf(process.variantId) : -1;
  if (i < 0 && pendingSelected) return { selected: pendingSelected, groupByCommand };
  return { selected: process && i >= 0 ? { variant: i, name: process.name } : null, groupByCommand };
}

/** A selected process from a link, waiting for its variant to be loaded. */
let pendingSelected: UrlState['selected'] = null;

function applySelection(u: Pick<UrlState, 'selected' | 'groupByCommand'>): void {
  useSelection.getState().setGroupByCommand(u.groupByCommand);
  pendingSelected = u.selected;
  if (!u.selected) useSelection.getState().selectProcess(null);
  resolveSelection();
}

/** Gives a selected process from a link its variant, once the variants are there. */
function resolveSelection(): void {
  const want = pendingSelected;
  if (!want) return;
  const ready = readyVariants(useVariants.getState().variants);
  const v = ready[want.variant];
  if (!v || ready.length <= want.variant) return;
  pendingSelected = null;
  useSelection.getState().selectProcess({ variantId: v.id, name: want.name, kind: /^kswapd/.test(want.name) ? 'kswapd' : 'process' });
}

export interface ShareResult {
  url: string;
  /** Bytes of the link; over LINK_LIMIT it is not offered. */
  bytes: number;
  fits: boolean;
}

export async function shareLink(opts: Pick<ShareOptions, 'pseudonyms'> = { pseudonyms: false }): Promise<ShareResult> {
  // a link never carries the raw text of skipped lines
  const snap = forSharing(await buildSnapshot('link'), { pseudonyms: opts.pseudonyms, skippedText: false });
  const fragment = encodeUrlState({ ...currentUrlState(), snapshot: await snapshotToLinkParam(snap) });
  const url = `${location.origin}${location.pathname}#${fragment}`;
  return { url, bytes: url.length, fits: url.length <= LINK_LIMIT };
}

export async function exportComparisonFile(opts: ShareOptions = { pseudonyms: false, skippedText: false }): Promise<Blob> {
  const bytes = await snapshotToFile(forSharing(await buildSnapshot('file'), opts));
  return new Blob([bytes as BlobPart], { type: 'application/gzip' });
}

let counter = 0;

/** Shows a snapshot read-only: its variants answer from the snapshot (share/backend.ts). */
export function openSnapshot(s: Snapshot): void {
  const store = useVariants.getState();
  for (const v of store.variants) if (isSnapshot(v.id)) store.remove(v.id);
  const ids: string[] = [];
  for (const sv of s.variants) {
    const id = `s${Date.now().toString(36)}${++counter}`;
    ids.push(id);
    registerSnapshotBackend(id, new SnapshotBackend(sv));
    useVariants.getState().add({
      id,
      name: sv.run,
      group: sv.group,
      fileName: sv.fileName,
      size: sv.size,
      status: 'ready',
      bytesRead: sv.size,
      info: sv.info,
      cpuSeconds: sv.cpuSeconds,
    });
  }
  if (ids[s.view.baseline]) useVariants.getState().setBaseline(ids[s.view.baseline]);
  applyView({ ...s.view, bucketNs: s.view.buckets, range: s.view.range ? [s.view.range[0], s.view.range[1]] : null });
  useView.setState({ offsets: offsetsByHash(s.variants.map((v) => v.info.hash), s.view.offsets ?? []) });
  useView.setState({ history: [] });
  const h = s.view.highlight;
  useUi.getState().setHighlight(h ? { variantId: ids[h.variant], t0: h.t0, t1: h.t1 } : null);
  useUi.getState().setShared({ snapshot: { created: s.created, detail: s.detail }, missing: [] });
}

export async function importComparisonFile(file: Blob): Promise<void> {
  const s = await snapshotFromBlob(file);
  openSnapshot(s);
}

type ViewFields = Pick<UrlState, 'range' | 'bucketNs' | 'align' | 'metrics' | 'rates' | 'tableScope' | 'processFilter'>;

/** The view fields a link or a snapshot carries, read from the view store (applyView writes them back). */
function viewFields(): ViewFields {
  const v = useView.getState();
  return { range: v.range, bucketNs: v.bucketNs, align: v.align, metrics: v.metrics, rates: v.rates, tableScope: v.tableScope, processFilter: v.processFilter };
}

function applyView(u: ViewFields): void {
  useView.setState({
    range: u.range,
    bucketNs: u.bucketNs,
    align: u.align,
    metrics: u.metrics,
    rates: u.rates,
    tableScope: u.tableScope,
    processFilter: u.processFilter,
  });
}

/** Offsets by trace content hash from offsets by index into a list of hashes (0: none). */
function offsetsByHash(hashes: string[], offsets: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  hashes.forEach((h, i) => {
    if (offsets[i]) out[h] = offsets[i];
  });
  return out;
}

/** Applies a decoded URL state's view fields (not its variants). */
export function applyUrlView(u: UrlState): void {
  applyView(u);
  useView.setState({ offsets: offsetsByHash(u.variants.map((v) => v.hash), u.offsets) });
  applySelection(u);
}

/**
 * Opens the view a fragment describes: a snapshot is shown read-only; a list
 * of variants waits for the user to drop the same files (matched by content
 * hash). Anything that does not validate is refused with a message and
 * nothing else happens.
 */
export async function openFragment(fragment: string): Promise<void> {
  let u: UrlState | null;
  try {
    u = decodeUrlState(fragment);
  } catch (e) {
    useUi.getState().setShareError(`This link cannot be opened: ${(e as Error).message}.`);
    return;
  }
  if (!u) return;
  if (u.snapshot) {
    try {
      const s = await snapshotFromLinkParam(u.snapshot);
      openSnapshot(s);
      applyUrlView(u);
    } catch (e) {
      useUi.getState().setShareError(`This link cannot be opened: ${(e as Error).message}.`);
    }
    return;
  }
  applyUrlView(u);
  pendingRestore = u;
  useUi.getState().setShared({ snapshot: null, missing: u.variants.map((v) => ({ name: v.name, hash: v.hash, ...(v.group !== undefined ? { group: v.group } : {}) })) });
  matchPending();
}

let pendingRestore: UrlState | null = null;

/** Called when traces become ready: gives restored variants their runs, names, order, baseline and CPU time. */
export function matchPending(): void {
  const u = pendingRestore;
  if (!u) return;
  const ready = readyVariants(useVariants.getState().variants);
  const byHash = new Map(ready.map((v) => [v.info.hash, v]));
  const missing: { name: string; hash: string; group?: string }[] = [];
  for (const want of u.variants) {
    const v = byHash.get(want.hash);
    if (!v) {
      missing.push({ name: want.name, hash: want.hash, ...(want.group !== undefined ? { group: want.group } : {}) });
      continue;
    }
    if (want.cpu !== undefined && v.cpuSeconds !== want.cpu) useVariants.getState().update(v.id, { cpuSeconds: want.cpu });
  }
  if (missing.length === 0) {
    const ids = u.variants.map((w) => byHash.get(w.hash)!.id);
    // Runs into their variants (a version 1 link: each trace a variant of its own, under its name), in the link's order.
    useVariants.getState().arrange(u.variants.map((w, i) => ({ id: ids[i], group: w.group ?? w.name })));
    if (ids[u.baseline]) useVariants.getState().setBaseline(ids[u.baseline]);
    if (u.report !== null && ids[u.report]) useUi.getState().openParseReport(ids[u.report]);
    pendingRestore = null;
    resolveSelection();
    useUi.getState().setShared(null);
  } else useUi.getState().setShared({ snapshot: null, missing });
}

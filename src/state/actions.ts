// Side effects that change the stores: loading files through the worker pool,
// cancelling, removing. Views call these; stores stay plain data.

import { recordedCpuSeconds } from '../model/recorded.ts';
import { looksLikeParquet } from '../share/fleet-parquet.ts';
import { looksLikeComparison } from '../share/transport.ts';
import { cancelTrace, dropTrace, isSnapshot, loadTrace } from '../worker/client.ts';
import { openFleetFile } from './fleet.ts';
import { importComparisonFile, matchPending } from './share.ts';
import { useUi } from './ui.ts';
import { useVariants, variantNameOf } from './variants.ts';

let counter = 0;
const inflight = new Set<string>();
/** Files being looked at or fetched before they become runs: busy too, so that "idle" never comes early. */
let intake = 0;

function newId(): string {
  counter++;
  return `v${Date.now().toString(36)}${counter}`;
}

function markBusy(): void {
  document.documentElement.dataset.busy = String(inflight.size + intake);
}

/** Counts `work` as busy from this call on (synchronously), until it settles. */
async function busyWhile<T>(work: () => Promise<T>): Promise<T> {
  intake++;
  markBusy();
  try {
    return await work();
  } finally {
    intake--;
    markBusy();
  }
}

/** Trace files become variants; a comparison file (.reclaimscope.json.gz, by content) opens read-only. */
export function addFiles(files: Iterable<File>): Promise<void> {
  return busyWhile(() => addEach(files));
}

type FileKind = 'parquet' | 'comparison' | 'trace';

/** What a file is, by its first 4 KiB; one that cannot be read is taken for a trace, whose card then says why it fails. */
async function kindOf(f: File): Promise<FileKind> {
  try {
    const head = new Uint8Array(await f.slice(0, 4096).arrayBuffer());
    if (looksLikeParquet(head)) return 'parquet';
    return (await looksLikeComparison(head)) ? 'comparison' : 'trace';
  } catch {
    return 'trace';
  }
}

/**
 * Every file is looked at first, then the traces become runs in the order
 * given: the looks settle in any order, and a variant's runs are numbered (#1,
 * #2, ...) in the order they were added.
 */
async function addEach(files: Iterable<File>): Promise<void> {
  const list = [...files];
  const kinds = await Promise.all(list.map(kindOf));
  await Promise.all(
    list.map(async (f, i) => {
      if (kinds[i] === 'parquet') return openFleetFile(f, f.name); // a summary.parquet of many traces: fleet.ts
      if (kinds[i] === 'comparison') {
        try {
          useUi.getState().setShareError(null);
          await importComparisonFile(f);
        } catch (e) {
          useUi.getState().setShareError(`${f.name} cannot be opened: ${(e as Error).message}.`);
        }
        return;
      }
      // addFile adds its run before its first await, so the runs keep the files' order
      await addFile(f, f.name);
    }),
  );
}

export async function addFile(file: Blob, fileName: string, name = variantNameOf(fileName)): Promise<void> {
  const id = newId();
  const store = useVariants.getState();
  store.add({ id, name, fileName, size: file.size });
  inflight.add(id);
  markBusy();
  try {
    const out = await loadTrace(id, fileName, file, (p) => {
      useVariants.getState().update(id, { bytesRead: p.bytes, stage: p.stage, workMs: p.ms });
    });
    const v = useVariants.getState().variants.find((x) => x.id === id);
    if (!v) return; // removed while parsing
    if (out.ok) {
      // A trace from `reclaimscope record` brings its command's CPU time for the "% of user+sys" rows.
      const cpuSeconds = v.cpuSeconds ?? recordedCpuSeconds(out.info.report.recorded);
      // the same content dropped again (by size and content hash): the card says so and offers to skip it
      const twin = out.info.hash
        ? useVariants.getState().variants.find((x) => x.id !== id && x.status === 'ready' && !isSnapshot(x.id) && x.info?.hash === out.info.hash && x.size === file.size)
        : undefined;
      useVariants.getState().update(id, { status: 'ready', info: out.info, bytesRead: file.size, workMs: out.ms, cpuSeconds, duplicateOf: twin ? twin.fileName : null });
      matchPending();
    } else
      useVariants.getState().update(id, {
        status: out.code === 'cancelled' ? 'cancelled' : 'error',
        error: { code: out.code, message: out.message, line: out.line },
      });
  } catch (e) {
    useVariants.getState().update(id, {
      status: 'error',
      error: { code: 'internal', message: e instanceof Error ? e.message : String(e), line: null },
    });
  } finally {
    inflight.delete(id);
    markBusy();
  }
}

export function cancelVariant(id: string): void {
  cancelTrace(id);
}

export function removeVariant(id: string): void {
  const v = useVariants.getState().variants.find((x) => x.id === id);
  if (!v) return;
  if (v.status === 'parsing') cancelTrace(id);
  dropTrace(id, v.size);
  useVariants.getState().remove(id);
}

export const SAMPLES = [
  { file: 'samples/mixed-baseline.txt.gz', name: 'mixed-baseline' },
  { file: 'samples/mixed-dirty40.txt.gz', name: 'mixed-dirty40' },
];

export function loadSamples(): Promise<void> {
  return busyWhile(fetchSamples);
}

async function fetchSamples(): Promise<void> {
  // Fetch all first, then add in order, so the cards keep the samples' order.
  const blobs = await Promise.all(
    SAMPLES.map(async (s) => {
      const res = await fetch(s.file);
      if (!res.ok) throw new Error(`could not fetch ${s.file}: HTTP ${res.status}`);
      return res.blob();
    }),
  );
  await Promise.all(SAMPLES.map((s, i) => addFile(blobs[i], s.file.replace(/^.*\//, ''), s.name)));
}

// Several traces at a time: N worker threads that each read one trace at a
// time (trace-job.ts) and post its result back, so memory stays bounded by
// N traces in flight. A worker runs this same module (the CLI bundle, or the
// TypeScript through tsx under the tests). A worker that dies (out of memory,
// a crash) costs its trace an error object, and a new worker takes its place.

import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { errorResult, runJob, transferList, type JobOptions, type JobResult } from './trace-job.ts';

/** Heap limit of one job worker: a trace whose analysis needs more becomes that trace's error. */
const WORKER_HEAP_MB = 4096;

interface JobMessage {
  file: string;
  opts: JobOptions;
}

/**
 * Runs `files` through `jobs` threads and calls `onResult` as each finishes
 * (in finishing order). With one job, everything runs on this thread.
 * `onResult` may return a promise (backpressure): no new trace starts on
 * that worker until it settles.
 */
export async function runJobs(
  files: AsyncIterable<string> | Iterable<string>,
  jobs: number,
  opts: JobOptions,
  onResult: (r: JobResult) => void | Promise<void>,
): Promise<void> {
  if (jobs <= 1) {
    for await (const file of files) await onResult(await runJob(file, opts));
    return;
  }
  const it = (Symbol.asyncIterator in files ? files[Symbol.asyncIterator]() : (files as Iterable<string>)[Symbol.iterator]()) as
    | AsyncIterator<string>
    | Iterator<string>;
  let nextFile: Promise<unknown> = Promise.resolve();
  // One file at a time off the iterator, in order, whichever worker asks.
  const take = (): Promise<IteratorResult<string>> => {
    const n = nextFile.then(() => it.next());
    nextFile = n.catch(() => undefined);
    return n;
  };
  const lane = async (): Promise<void> => {
    let worker: Worker | null = null;
    try {
      for (;;) {
        const n = await take();
        if (n.done) return;
        worker ??= startWorker();
        const result = await ask(worker, { file: n.value, opts }).catch((e: Error) => {
          void worker?.terminate();
          worker = null;
          return errorResult(n.value, 'internal', `the worker reading it stopped: ${e.message}`);
        });
        await onResult(result);
      }
    } finally {
      await worker?.terminate();
    }
  };
  await Promise.all(Array.from({ length: jobs }, lane));
}

function startWorker(): Worker {
  const url = new URL(import.meta.url);
  // Under the tests this module is TypeScript: a small bootstrap loads it through tsx.
  const ts = url.pathname.endsWith('.ts');
  return new Worker(ts ? new URL('./ts-worker.mjs', url) : url, {
    workerData: { reclaimscopeJob: true, entry: url.href },
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    stdout: false,
    stderr: false,
  });
}

function ask(w: Worker, msg: JobMessage): Promise<JobResult> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
    };
    const onMessage = (r: JobResult): void => {
      done();
      resolve(r);
    };
    const onError = (e: Error): void => {
      done();
      reject(e);
    };
    const onExit = (code: number): void => {
      done();
      reject(new Error(`exit code ${code}`));
    };
    w.on('message', onMessage);
    w.once('error', onError);
    w.once('exit', onExit);
    w.postMessage(msg);
  });
}

// In a job worker: read each trace asked for, post its result (buffers moved, not copied).
if (!isMainThread && (workerData as { reclaimscopeJob?: boolean } | null)?.reclaimscopeJob) {
  parentPort!.on('message', async (m: JobMessage) => {
    const r = await runJob(m.file, m.opts);
    parentPort!.postMessage(r, transferList(r));
  });
}

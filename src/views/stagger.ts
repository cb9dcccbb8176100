// Spreads expensive renders over separate tasks. Recharts settles its internal
// store synchronously after every mount or update, so six charts updated
// together make one long main-thread task; updated one per task, the page
// keeps answering input between them (no task over ~100 ms).

import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';

const queue: (() => void)[] = [];
let scheduled = false;

/** Exposed for end-to-end tests: renders still waiting for their task. */
function mark(): void {
  document.documentElement.dataset.pendingRenders = String(queue.length);
}

function pump(): void {
  scheduled = false;
  const job = queue.shift();
  if (job) job();
  mark();
  if (queue.length && !scheduled) {
    scheduled = true;
    setTimeout(pump, 0);
  }
}

export function schedule(job: () => void): () => void {
  queue.push(job);
  mark();
  if (!scheduled) {
    scheduled = true;
    setTimeout(pump, 0);
  }
  return () => {
    const i = queue.indexOf(job);
    if (i >= 0) queue.splice(i, 1);
    mark();
  };
}

/** `value`, but applied in a task of its own; null until the first one is applied. */
export function useStaggered<T>(value: T): T | null {
  const [shown, setShown] = useState<T | null>(null);
  // flushSync: render now, inside this job's task, not batched with the next job.
  useEffect(() => schedule(() => flushSync(() => setShown(() => value))), [value]);
  return shown;
}

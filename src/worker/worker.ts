// The app's parse worker: exposes worker-api.ts over Comlink and nothing else
// (the benchmark's measuring methods live in bench/bench-worker.ts).

import { expose } from 'comlink';
import { api } from './worker-api.ts';

export type { LoadOutcome, Progress } from './worker-api.ts';
export type WorkerApi = typeof api;
expose(api);

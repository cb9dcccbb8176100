// Starts a job worker from the TypeScript sources (under the tests, where
// job-pool.ts is not bundled): registers tsx in this thread, then loads the
// module named in workerData.entry. The bundled CLI never uses it.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);

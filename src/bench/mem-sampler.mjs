// Preloaded into the command line by the benchmark (`node --import`): samples
// process.memoryUsage() every 10 ms and, when the process exits, writes the
// peaks and the kernel's own peak resident size (VmHWM, which no sample can
// miss) to the file named by RECLAIMSCOPE_MEMORY_OUT. Samples are taken
// between chunks, when the parser yields to the event loop.
import { readFileSync, writeFileSync } from 'node:fs';

const out = process.env.RECLAIMSCOPE_MEMORY_OUT;
if (out) {
  const peak = { rss: 0, heapUsed: 0, arrayBuffers: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    for (const k of Object.keys(peak)) if (m[k] > peak[k]) peak[k] = m[k];
  };
  setInterval(sample, 10).unref();
  process.on('exit', () => {
    sample();
    let vmHWM = 0;
    try {
      vmHWM = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
    } catch {
      // not Linux: the samples are all there is
    }
    writeFileSync(out, JSON.stringify({ ...peak, vmHWM }));
  });
}

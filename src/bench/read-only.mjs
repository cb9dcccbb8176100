// The floor under any node reader of the benchmark trace: start node, read the
// file in 4 MiB chunks into one buffer, exit. Timed by bench.ts next to the
// command line, so that the README can say how much of its time is not parsing.
import { open } from 'node:fs/promises';

const fh = await open(process.argv[2]);
const buf = new Uint8Array(4 << 20);
let n = 0;
for (;;) {
  const { bytesRead } = await fh.read(buf, 0, buf.length, n);
  if (bytesRead === 0) break;
  n += bytesRead;
}
await fh.close();

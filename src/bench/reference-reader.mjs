// The benchmark's reference reader: the least any JS parser of an ftrace text
// trace must do. It reads the file in 4 MiB chunks (as the command line does)
// and finds, on every line, the task (comm and pid), the CPU, the timestamp
// and the event name, counting lines per event name; no payload, no table,
// no analysis. bench.ts times it next to the command line as the floor for
// a JS parser on the machine. Prints `lines events names checksum`.
import { open } from 'node:fs/promises';

const CHUNK = 4 << 20;
const fh = await open(process.argv[2]);
let bufs = [new Uint8Array(CHUNK + 65536), new Uint8Array(CHUNK + 65536)];
let which = 0;
let carry = 0; // bytes of an unfinished line at the start of the current buffer
let pos = 0;
let lines = 0;
let events = 0;
let check = 0;
/** Event names: open hashing on length and the first and last 4 bytes, counting lines per name. */
const names = new Map();

function readLines(b, end) {
  let s = 0;
  for (;;) {
    const nl = b.indexOf(0x0a, s);
    if (nl < 0 || nl >= end) return s;
    lines++;
    event(b, s, nl);
    s = nl + 1;
  }
}

function event(b, s, e) {
  let p = s;
  while (p < e && b[p] === 0x20) p++;
  const commStart = p;
  while (p < e && b[p] !== 0x5b) p++; // `[`: the CPU column
  if (p >= e || b[commStart] === 0x23) return;
  let q = p - 1;
  while (q > commStart && b[q] === 0x20) q--;
  let pid = 0;
  let mul = 1;
  while (q > commStart && b[q] >= 0x30 && b[q] <= 0x39) {
    pid += (b[q] - 0x30) * mul;
    mul *= 10;
    q--;
  }
  if (b[q] !== 0x2d) return; // `-` between comm and pid
  const commLen = q - commStart;
  let cpu = 0;
  p++;
  while (b[p] >= 0x30 && b[p] <= 0x39) cpu = cpu * 10 + (b[p++] - 0x30);
  if (b[p] !== 0x5d) return;
  p++;
  // an optional flags token, then `SECONDS.FRACTION:`
  for (let token = 0; token < 2; token++) {
    while (b[p] === 0x20) p++;
    let secs = 0;
    const t0 = p;
    while (b[p] >= 0x30 && b[p] <= 0x39) secs = secs * 10 + (b[p++] - 0x30);
    if (p > t0 && b[p] === 0x2e) {
      p++;
      let frac = 0;
      const f0 = p;
      while (b[p] >= 0x30 && b[p] <= 0x39) frac = frac * 10 + (b[p++] - 0x30);
      if (b[p] === 0x3a) {
        const ts = secs * 1e9 + frac * 10 ** (9 - (p - f0));
        p++;
        while (b[p] === 0x20) p++;
        const n0 = p;
        while (p < e && b[p] !== 0x3a) p++;
        const len = p - n0;
        const key = len * 0x1000193 + ((b[n0 + 4] << 24) | (b[n0 + 5] << 16) | (b[p - 2] << 8) | b[p - 1]);
        names.set(key, (names.get(key) ?? 0) + 1);
        events++;
        check = (check + ts + pid * 7 + cpu * 13 + commLen) % 1e15;
        return;
      }
    }
    while (p < e && b[p] !== 0x20) p++; // the flags token
  }
}

for (;;) {
  const b = bufs[which];
  const { bytesRead } = await fh.read(b, carry, CHUNK, pos);
  pos += bytesRead;
  const end = carry + bytesRead;
  if (bytesRead === 0) {
    if (carry > 0) {
      lines++;
      event(b, 0, carry);
    }
    break;
  }
  const s = readLines(b, end);
  carry = end - s;
  if (carry > 65536) throw new Error('a line longer than 64 KiB');
  which ^= 1;
  bufs[which].set(b.subarray(s, end), 0);
}
await fh.close();
console.log(`${lines} ${events} ${names.size} ${check}`);

// Content sniffing: what the first bytes of a file say it is. Never the name.
// Compressed containers are recognised by their magic numbers (RFC 1952 gzip,
// RFC 8878 zstd, the xz file format spec), trace-cmd's trace.dat by
// `\x17\x08\x44tracing` (Documentation/trace-cmd/trace-cmd.dat.v7.5.txt), and
// common binary files by theirs, so that the message can say what was dropped.

export type Sniffed =
  | { kind: 'empty' }
  | { kind: 'gzip' | 'zstd' | 'xz' }
  | { kind: 'trace-dat'; version: string }
  | { kind: 'binary'; what: string }
  | { kind: 'text' };

const MAGICS: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive'],
  [[0x7f, 0x45, 0x4c, 0x46], 'an ELF executable'],
  [[0x42, 0x5a, 0x68], 'a bzip2 file (decompress it first: bunzip2)'],
  [[0x50, 0x45, 0x52, 0x46, 0x49, 0x4c, 0x45, 0x32], 'a perf.data file (convert it first: perf script -i FILE > FILE.txt)'],
];

function startsWith(head: Uint8Array, magic: number[]): boolean {
  if (head.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (head[i] !== magic[i]) return false;
  return true;
}

/** Classifies a file from its first bytes (a few KiB is plenty). */
export function sniff(head: Uint8Array): Sniffed {
  if (head.length === 0) return { kind: 'empty' };
  if (startsWith(head, [0x1f, 0x8b])) return { kind: 'gzip' };
  if (startsWith(head, [0x28, 0xb5, 0x2f, 0xfd])) return { kind: 'zstd' };
  if (startsWith(head, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return { kind: 'xz' };
  if (startsWith(head, [0x17, 0x08, 0x44, 0x74, 0x72, 0x61, 0x63, 0x69, 0x6e, 0x67])) {
    let v = '';
    for (let i = 10; i < head.length && head[i] !== 0 && i < 20; i++) v += String.fromCharCode(head[i]);
    return { kind: 'trace-dat', version: v };
  }
  for (const [magic, what] of MAGICS) if (startsWith(head, magic)) return { kind: 'binary', what };
  // Text traces have no NUL bytes and few control characters.
  const n = Math.min(head.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = head[i];
    if (c === 0) return { kind: 'binary', what: 'binary data (it contains NUL bytes)' };
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) control++;
  }
  if (control > n / 20) return { kind: 'binary', what: 'binary data (many control characters)' };
  return { kind: 'text' };
}

// Snapshot <-> link fragment text and <-> comparison file bytes. Decoding is
// the untrusted path: size limits, strict base64url, bounded inflation, JSON
// parsing, then validateSnapshot; every failure is a SnapshotError sentence.

import { deflate, fromBase64Url, gunzip, gzip, inflate, toBase64Url } from './codec.ts';
import { SnapshotError, SNAPSHOT_FORMAT, validateSnapshot, type Snapshot } from './snapshot.ts';

export const LINK_LIMIT = 32 * 1024;
const MAX_FILE = 256 << 20;

export async function snapshotToLinkParam(s: Snapshot): Promise<string> {
  return toBase64Url(await deflate(new TextEncoder().encode(JSON.stringify(s))));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new SnapshotError('the comparison data is not valid JSON');
  }
}

export async function snapshotFromLinkParam(param: string): Promise<Snapshot> {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(param);
  } catch (e) {
    throw new SnapshotError(`the link's snapshot is damaged: ${(e as Error).message}`);
  }
  let json: Uint8Array;
  try {
    json = await inflate(bytes, 64 << 20);
  } catch {
    throw new SnapshotError("the link's snapshot is damaged: it does not decompress");
  }
  return validateSnapshot(parseJson(new TextDecoder('utf-8', { fatal: false }).decode(json)));
}

export async function snapshotToFile(s: Snapshot): Promise<Uint8Array> {
  return gzip(new TextEncoder().encode(JSON.stringify(s)));
}

export async function snapshotFromFile(bytes: Uint8Array): Promise<Snapshot> {
  if (bytes.length > MAX_FILE) throw new SnapshotError('the comparison file is too large');
  let json: Uint8Array;
  try {
    json = bytes[0] === 0x1f && bytes[1] === 0x8b ? await gunzip(bytes, MAX_FILE * 8) : bytes;
  } catch {
    throw new SnapshotError('the comparison file is damaged: it does not decompress');
  }
  return validateSnapshot(parseJson(new TextDecoder('utf-8', { fatal: false }).decode(json)));
}

/** Whether the first bytes (maybe gzipped) look like a comparison file rather than a trace. */
export async function looksLikeComparison(head: Uint8Array): Promise<boolean> {
  let text: string;
  if (head[0] === 0x1f && head[1] === 0x8b) {
    try {
      // a truncated gzip stream still yields its first bytes
      const ds = new DecompressionStream('gzip');
      const w = ds.writable.getWriter();
      void w.write(head as BufferSource).catch(() => {});
      void w.close().catch(() => {});
      const r = await ds.readable.getReader().read();
      text = r.value ? new TextDecoder().decode(r.value.subarray(0, 200)) : '';
    } catch {
      return false;
    }
  } else text = new TextDecoder().decode(head.subarray(0, 200));
  return text.replace(/\s/g, '').startsWith(`{"format":"${SNAPSHOT_FORMAT}"`);
}

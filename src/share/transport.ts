// Snapshot <-> link fragment text and <-> comparison file bytes. Decoding is
// the untrusted path: size limits, strict base64url, bounded inflation, JSON
// parsing, then validateSnapshot; every failure is a SnapshotError sentence.

import { deflate, fromBase64Url, gunzip, gzip, inflate, toBase64Url, TooLargeError } from './codec.ts';
import { SnapshotError, SNAPSHOT_FORMAT, validateSnapshot, type Snapshot } from './snapshot.ts';

export const LINK_LIMIT = 32 * 1024;
/**
 * A comparison file holds at most 16 variants of full-resolution series
 * (4000 buckets), their processes and latencies: tens of MB of JSON at the
 * very most. Bigger is not a comparison file, and is refused before it takes
 * memory: 16 MiB as stored, 64 MiB once decompressed.
 */
export const MAX_COMPARISON_FILE = 16 << 20;
export const MAX_COMPARISON_JSON = 64 << 20;

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
  const gz = bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (bytes.length > (gz ? MAX_COMPARISON_FILE : MAX_COMPARISON_JSON))
    throw new SnapshotError(`the comparison file is too large (${mib(bytes.length)}; a comparison file is at most ${mib(gz ? MAX_COMPARISON_FILE : MAX_COMPARISON_JSON)})`);
  let json: Uint8Array;
  try {
    json = gz ? await gunzip(bytes, MAX_COMPARISON_JSON) : bytes;
  } catch (e) {
    if (e instanceof TooLargeError)
      throw new SnapshotError(`the comparison file is too large: it decompresses to more than ${mib(MAX_COMPARISON_JSON)}, the most a comparison file holds`);
    throw new SnapshotError('the comparison file is damaged: it does not decompress');
  }
  return validateSnapshot(parseJson(new TextDecoder('utf-8', { fatal: false }).decode(json)));
}

/** A dropped comparison file: its size is checked before a byte of it is read. */
export async function snapshotFromBlob(file: Blob): Promise<Snapshot> {
  if (file.size > MAX_COMPARISON_JSON)
    throw new SnapshotError(`the comparison file is too large (${mib(file.size)}; a comparison file is at most ${mib(MAX_COMPARISON_FILE)} compressed)`);
  return snapshotFromFile(new Uint8Array(await file.arrayBuffer()));
}

const mib = (n: number): string => `${(n / 2 ** 20).toFixed(n < 2 ** 20 ? 2 : 0)} MiB`;

/**
 * Whether the first bytes (maybe gzipped) look like a comparison file rather
 * than a trace: a JSON object that names the format, with its keys in any
 * order (`jq -S` sorts them) and any spacing.
 */
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
      text = r.value ? new TextDecoder().decode(r.value.subarray(0, 4096)) : '';
    } catch {
      return false;
    }
  } else text = new TextDecoder().decode(head.subarray(0, 4096));
  // No trace format starts with `{"`; the format's name is looked for in the head only as a check.
  const squeezed = text.replace(/\s/g, '');
  return squeezed.startsWith('{"') && (squeezed.includes(`"format":"${SNAPSHOT_FORMAT}"`) || !squeezed.includes('"format":'));
}

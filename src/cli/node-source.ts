// A file on disk as a ByteSource (parser/source.ts): positioned reads, so
// that text is streamed in bounded chunks and trace.dat can seek.

import { mkdtemp, open, rmdir, unlink, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Chunks } from '../parser/decompress.ts';
import type { ByteSource } from '../parser/source.ts';

export interface NodeFileSource extends ByteSource {
  close(): Promise<void>;
  /**
   * False for FIFOs, `<(...)`, character devices and /proc files: their size
   * says nothing (0), and they are read as a stream, to their end.
   */
  readonly sized: boolean;
  /** The bytes from the current position to the end, read in turn. */
  stream(): AsyncGenerator<Uint8Array>;
}

export async function openFileSource(path: string): Promise<NodeFileSource> {
  const fh: FileHandle = await open(path, 'r');
  const st = await fh.stat();
  if (st.isDirectory()) {
    await fh.close();
    const e = new Error('is a directory') as NodeJS.ErrnoException;
    e.code = 'EISDIR';
    throw e;
  }
  // /proc and /sys files are regular files of size 0 (or 4096) whatever they hold
  const sized = st.isFile() && st.size > 0 && !/^\/(proc|sys)\//.test(path);
  return handleSource(fh, st.size, sized);
}

/**
 * A trace.dat that came compressed or through a pipe, written to a temporary
 * file (removed from its folder at once, so nothing is left behind) and read
 * back with positioned reads: memory does not grow with its size.
 */
export async function spoolToTempFile(chunks: Chunks): Promise<NodeFileSource> {
  const dir = await mkdtemp(join(tmpdir(), 'reclaimscope-'));
  const path = join(dir, 'spool.dat');
  const fh = await open(path, 'w+', 0o600);
  await unlink(path);
  await rmdir(dir);
  let size = 0;
  try {
    for await (const c of chunks) {
      let done = 0;
      while (done < c.length) done += (await fh.write(c, done, c.length - done, size + done)).bytesWritten;
      size += c.length;
    }
  } catch (e) {
    await fh.close();
    throw e;
  }
  return handleSource(fh, size, true);
}

function handleSource(fh: FileHandle, size: number, sized: boolean): NodeFileSource {
  return {
    size,
    sized,
    async *stream(): AsyncGenerator<Uint8Array> {
      for (;;) {
        const buf = new Uint8Array(1 << 20);
        const { bytesRead } = await fh.read(buf, 0, buf.length, null);
        if (bytesRead === 0) return;
        yield buf.subarray(0, bytesRead);
      }
    },
    async read(offset: number, length: number): Promise<Uint8Array> {
      const buf = new Uint8Array(length);
      let got = 0;
      while (got < length) {
        const { bytesRead } = await fh.read(buf, got, length - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return got === length ? buf : buf.subarray(0, got);
    },
    async readInto(buf: Uint8Array, offset: number): Promise<Uint8Array> {
      let got = 0;
      while (got < buf.length) {
        const { bytesRead } = await fh.read(buf, got, buf.length - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return buf.subarray(0, got);
    },
    close: () => fh.close(),
  };
}

/** A short message for a file-system error (what `reclaimscope: FILE: message` says). */
export function fsMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory, not a trace file';
    default:
      return err?.message ?? String(e);
  }
}

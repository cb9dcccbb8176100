// A file on disk as a ByteSource (parser/source.ts): positioned reads, so
// that text is streamed in bounded chunks and trace.dat can seek.

import { open, type FileHandle } from 'node:fs/promises';
import type { ByteSource } from '../parser/source.ts';

export interface NodeFileSource extends ByteSource {
  close(): Promise<void>;
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
  return {
    size: st.size,
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

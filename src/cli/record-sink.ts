// Where `reclaimscope record` streams the trace: a plain file, gzip (node's
// zlib), or zstd (node's zlib where it has zstd, node 22.15 and later, else
// the `zstd` program), chosen by the file's ending; `-` is standard output.
// Writes wait for the stream to drain, so memory stays bounded however
// long the run: the kernel's ring buffer holds events while we wait.

import { spawn, spawnSync } from 'node:child_process';
import { closeSync, createWriteStream, openSync } from 'node:fs';
import type { Writable } from 'node:stream';
import * as zlib from 'node:zlib';
import { RecordError } from './tracefs.ts';

type SinkCompression = 'none' | 'gzip' | 'zstd';

function compressionOfName(file: string): SinkCompression {
  if (/\.(gz|gzip)$/i.test(file)) return 'gzip';
  if (/\.(zst|zstd)$/i.test(file)) return 'zstd';
  if (/\.(xz|bz2|lz4|lzma)$/i.test(file)) throw new RecordError(`${file}: record writes plain text, gzip (.gz) or zstd (.zst); it cannot write ${file.replace(/.*\./, '.')}. Choose one of those endings.`);
  return 'none';
}

type ZstdFactory = (o: object) => zlib.Gzip;
function nodeZstd(): ZstdFactory | null {
  const f = (zlib as unknown as { createZstdCompress?: ZstdFactory }).createZstdCompress;
  return typeof f === 'function' ? f : null;
}

function haveZstdProgram(): boolean {
  return spawnSync('zstd', ['--version'], { stdio: 'ignore' }).status === 0;
}

export interface Sink {
  write(chunk: Uint8Array): Promise<void>;
  end(): Promise<void>;
  /** Closes at once, after an error. */
  abort(): void;
}

function fsMessage(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT':
      return 'its directory does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return e.message;
  }
}

function unwritable(file: string, e: unknown): RecordError {
  return new RecordError(`cannot write ${file}: ${fsMessage(e as NodeJS.ErrnoException)}. Give -o a file in a directory you can write, e.g. -o /tmp/reclaim.txt.gz.`);
}

/**
 * Opens FILE for writing (before tracefs is touched, so a bad -o changes
 * nothing) with the compression its name asks for.
 */
export function openSink(file: string): { sink: Sink; compression: SinkCompression } {
  const compression = file === '-' ? 'none' : compressionOfName(file);
  const zstd = compression === 'zstd' ? nodeZstd() : null;
  if (compression === 'zstd' && !zstd && !haveZstdProgram())
    throw new RecordError(
      `${file}: writing zstd needs node 22.15 or later (zlib zstd) or the zstd program (apt-get install zstd, dnf install zstd, brew install zstd); this is node ${process.versions.node} without it. Use a .gz name instead.`,
    );
  let fd: number;
  if (file === '-') fd = 1;
  else {
    try {
      fd = openSync(file, 'w', 0o644);
    } catch (e) {
      throw unwritable(file, e);
    }
  }
  let failure: Error | null = null;
  const fail = (e: Error): void => {
    failure ??= e;
  };
  let head: Writable;
  let done: Promise<void>;
  if (compression === 'zstd' && !zstd) {
    const child = spawn('zstd', ['-q', '-3', '-c'], { stdio: ['pipe', fd, 'inherit'] });
    closeSync(fd); // the child holds its own copy
    child.on('error', fail);
    head = child.stdin!;
    done = new Promise((resolve) =>
      child.on('close', (code) => {
        if (code !== 0) fail(new Error(`zstd exited with status ${code}`));
        resolve();
      }),
    );
  } else {
    const fileStream = createWriteStream('', { fd, autoClose: file !== '-' });
    fileStream.on('error', fail);
    done = new Promise((resolve) => {
      fileStream.on(file === '-' ? 'finish' : 'close', () => resolve());
      fileStream.on('error', () => resolve());
    });
    if (compression === 'none') head = fileStream;
    else {
      // level 3: keeps up with a busy trace on one core, for a file about 10x smaller
      const z = compression === 'gzip' ? zlib.createGzip({ level: 3 }) : zstd!({});
      z.on('error', fail);
      z.pipe(fileStream);
      head = z;
    }
  }
  head.on('error', fail);
  const check = (): void => {
    if (failure) throw unwritable(file, failure);
  };
  return {
    compression,
    sink: {
      async write(chunk) {
        check();
        if (!head.write(chunk))
          await new Promise<void>((resolve) => {
            const done = (): void => {
              head.off('drain', done);
              head.off('error', done);
              resolve();
            };
            head.on('drain', done);
            head.on('error', done);
          });
        check();
      },
      async end() {
        head.end();
        await done;
        check();
      },
      abort() {
        head.destroy();
      },
    },
  };
}

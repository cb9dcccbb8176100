// Streaming decompression of gzip (the platform's DecompressionStream), zstd
// (fzstd) and xz (xz-decompress, WebAssembly). Each takes and yields chunks,
// pulling input only as output is consumed, so memory stays bounded whatever
// the file size. We do not write decompressors of our own.

import { Decompress as ZstdDecompress } from 'fzstd';

export type Chunks = AsyncIterable<Uint8Array>;

/** A pull-based ReadableStream over chunks: nothing is read ahead of demand. */
export function toReadableStream(chunks: Chunks): ReadableStream<Uint8Array> {
  const it = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(ctrl) {
        const r = await it.next();
        if (r.done) ctrl.close();
        else ctrl.enqueue(r.value);
      },
      async cancel() {
        await it.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

export async function* readStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) return;
      yield r.value;
    }
  } finally {
    reader.releaseLock();
  }
}

export function gunzip(chunks: Chunks): Chunks {
  return readStream(toReadableStream(chunks).pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>));
}

export async function* unxz(chunks: Chunks): AsyncGenerator<Uint8Array> {
  // Loaded on demand: the WebAssembly decoder is only needed for .xz files.
  // It is a CommonJS bundle, so its export sits on `default` under ESM.
  const mod = (await import('xz-decompress')) as unknown as {
    XzReadableStream?: XzStreamClass;
    default?: { XzReadableStream: XzStreamClass };
  };
  const Xz = mod.XzReadableStream ?? mod.default!.XzReadableStream;
  yield* readStream(new Xz(toReadableStream(chunks)));
}

type XzStreamClass = new (compressed: ReadableStream<Uint8Array>) => ReadableStream<Uint8Array>;

export async function* unzstd(chunks: Chunks): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  const d = new ZstdDecompress((data) => {
    out.push(data);
  });
  for await (const chunk of chunks) {
    d.push(chunk);
    while (out.length) yield out.shift()!;
  }
  d.push(new Uint8Array(0), true);
  while (out.length) yield out.shift()!;
}

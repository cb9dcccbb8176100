// Reading a File on another worker. In a Chromium worker the bytes of a File
// arrive through its stream, and copying them out of the stream costs the
// reading thread as much as a quarter of a large load (the benchmark: 0.33 s
// of 1.5 s on a 242 MiB trace, and the parser waited for the next chunk on
// top). An idle worker can do that copy instead: the parsing worker sends it
// its two chunk buffers in turn (transferred, not copied), the reader fills
// each from the File's stream and sends it back, and the parser works on one
// while the other is filled. Random reads (detection, sampling, trace.dat)
// stay on the parsing worker: they are small.

import { blobSource, type ByteSource } from '../parser/source.ts';

/** Parser to reader: fill buf (length bytes from byteOffset) with the file's bytes from offset. */
interface ReadRequest {
  id: number;
  buf: ArrayBuffer;
  byteOffset: number;
  length: number;
  offset: number;
}
type ReadReply = { id: number; buf: ArrayBuffer; byteOffset: number; length: number } | { id: number; error: string };

/** The reading side: answers the requests on port for file, one after the other, until the port is closed. */
export function serveReads(file: Blob, port: MessagePort): void {
  const src = blobSource(file);
  // one stream read at a time, in the order asked: blobSource keeps one stream open while the reads follow each other
  let queue: Promise<void> = Promise.resolve();
  port.onmessage = (ev: MessageEvent<ReadRequest | { close: true }>) => {
    const m = ev.data;
    if ('close' in m) {
      port.close();
      void queue.then(() => src.close());
      return;
    }
    queue = queue.then(async () => {
      try {
        const got = await src.readInto!(new Uint8Array(m.buf, m.byteOffset, m.length), m.offset);
        const reply: ReadReply = { id: m.id, buf: got.buffer as ArrayBuffer, byteOffset: got.byteOffset, length: got.length };
        port.postMessage(reply, [reply.buf]);
      } catch (e) {
        port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) } satisfies ReadReply);
      }
    });
  };
}

/**
 * The parsing side: file as a ByteSource whose sequential reads (readInto)
 * are done by the worker behind port (serveReads); close() lets it go.
 */
export function portSource(file: Blob, port: MessagePort): ByteSource & { close(): void } {
  const direct = blobSource(file);
  const waiting = new Map<number, { resolve: (b: Uint8Array) => void; reject: (e: Error) => void }>();
  let next = 0;
  port.onmessage = (ev: MessageEvent<ReadReply>) => {
    const m = ev.data;
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if ('error' in m) w.reject(new Error(m.error));
    else w.resolve(new Uint8Array(m.buf, m.byteOffset, m.length));
  };
  return {
    size: file.size,
    read: direct.read,
    readInto: (buf, offset) =>
      new Promise<Uint8Array>((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject });
        const req: ReadRequest = { id, buf: buf.buffer as ArrayBuffer, byteOffset: buf.byteOffset, length: buf.length, offset };
        port.postMessage(req, [req.buf]);
      }),
    close: () => {
      for (const w of waiting.values()) w.reject(new Error('reading stopped'));
      waiting.clear();
      port.postMessage({ close: true });
      port.close();
    },
  };
}

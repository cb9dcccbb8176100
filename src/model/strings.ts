// Interned strings: each distinct comm, event name or flag string is decoded
// once and afterwards referred to by a small integer id. Interning straight
// from bytes keeps the parser's hot loop free of per-line string allocation.

const decoder = new TextDecoder('utf-8', { fatal: false });

export class StringTable {
  readonly values: string[] = [];
  private readonly byString = new Map<string, number>();
  // Open-addressing hash of byte ranges -> id. Keys are verified byte by byte.
  private slots = new Int32Array(1024).fill(-1);
  private keyBytes: Uint8Array[] = [];

  intern(value: string): number {
    let id = this.byString.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.byString.set(value, id);
      this.keyBytes.push(new TextEncoder().encode(value));
      this.insertSlot(id);
    }
    return id;
  }

  /** Id of the UTF-8 (or not quite UTF-8) bytes buf[start, end). */
  internBytes(buf: Uint8Array, start: number, end: number): number {
    const h = hashBytes(buf, start, end);
    const mask = this.slots.length - 1;
    for (let p = h & mask; ; p = (p + 1) & mask) {
      const id = this.slots[p];
      if (id < 0) break;
      const k = this.keyBytes[id];
      if (k.length === end - start && sameBytes(k, buf, start)) return id;
    }
    const bytes = buf.slice(start, end);
    const value = decoder.decode(bytes);
    let id = this.byString.get(value);
    if (id !== undefined && sameLength(this.keyBytes[id], bytes) && sameBytes(this.keyBytes[id], bytes, 0)) return id;
    // Distinct bytes that decode to the same text (invalid UTF-8) still get their own id.
    id = this.values.length;
    this.values.push(value);
    if (!this.byString.has(value)) this.byString.set(value, id);
    this.keyBytes.push(bytes);
    this.insertSlot(id);
    return id;
  }

  get(id: number): string {
    return this.values[id];
  }

  /** The bytes each id was interned from, in id order (for handing a table to another thread). */
  exportBytes(): { bytes: Uint8Array; ends: Int32Array } {
    let n = 0;
    for (const k of this.keyBytes) n += k.length;
    const bytes = new Uint8Array(n);
    const ends = new Int32Array(this.keyBytes.length);
    let o = 0;
    this.keyBytes.forEach((k, i) => {
      bytes.set(k, o);
      o += k.length;
      ends[i] = o;
    });
    return { bytes, ends };
  }

  private insertSlot(id: number): void {
    if ((this.values.length + 1) * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2).fill(-1);
      for (let j = 0; j < this.values.length; j++) if (j !== id) this.place(j);
    }
    this.place(id);
  }

  private place(id: number): void {
    const k = this.keyBytes[id];
    const mask = this.slots.length - 1;
    let p = hashBytes(k, 0, k.length) & mask;
    while (this.slots[p] >= 0) p = (p + 1) & mask;
    this.slots[p] = id;
  }
}

export function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return h >>> 0;
}

function sameLength(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length;
}

function sameBytes(key: Uint8Array, buf: Uint8Array, start: number): boolean {
  for (let i = 0; i < key.length; i++) if (key[i] !== buf[start + i]) return false;
  return true;
}

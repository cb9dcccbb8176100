// Integers of 1, 2, 4 or 8 bytes read out of bytes, in either byte order,
// signed or not: the one place that turns a u64 into a number (exact below
// 2^53) or a bigint, and that narrows a field to a printf conversion as C
// does. The trace.dat reader reads its header, pages and records through
// these; the zstd and line-cache code read their little-endian words here.

const TWO_32 = 4294967296;

/** A DataView over exactly the bytes of `b`. */
export function viewOf(b: Uint8Array): DataView<ArrayBufferLike> {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** The sizes an integer field of an event format can have. */
export function isIntSize(size: number): size is 1 | 2 | 4 | 8 {
  return size === 1 || size === 2 || size === 4 || size === 8;
}

/** The low 32 bits of the unsigned integer of `size` (4 or 8) bytes at `at`. */
export function low32At(dv: DataView, at: number, size: number, le: boolean): number {
  return dv.getUint32(size === 8 && !le ? at + 4 : at, le);
}

/** The u64 at `at` as a number: exact below 2^53, which every offset, size and nanosecond timestamp of a real file is. */
export function u64At(dv: DataView, at: number, le: boolean): number {
  const lo = dv.getUint32(le ? at : at + 4, le);
  const hi = dv.getUint32(le ? at + 4 : at, le);
  return hi * TWO_32 + lo;
}

/** The unsigned integer of 1, 2, 4 or 8 bytes at `at` (8: as u64At); any other size reads 4 bytes. */
export function uintAt(dv: DataView, at: number, size: number, le: boolean): number {
  switch (size) {
    case 1:
      return dv.getUint8(at);
    case 2:
      return dv.getUint16(at, le);
    case 8:
      return u64At(dv, at, le);
    default:
      return dv.getUint32(at, le);
  }
}

/** The integer of 1, 2, 4 or 8 bytes at `at` as a bigint, exact at every size. */
export function bigIntAt(dv: DataView, at: number, size: 1 | 2 | 4 | 8, signed: boolean, le: boolean): bigint {
  switch (size) {
    case 1:
      return BigInt(signed ? dv.getInt8(at) : dv.getUint8(at));
    case 2:
      return BigInt(signed ? dv.getInt16(at, le) : dv.getUint16(at, le));
    case 4:
      return BigInt(signed ? dv.getInt32(at, le) : dv.getUint32(at, le));
    case 8:
      return signed ? dv.getBigInt64(at, le) : dv.getBigUint64(at, le);
  }
}

/**
 * What printf prints for the integer field at `at` (`size` bytes, signed or
 * not) under a conversion of `bits` bits (8, 16, 32 or 64), signed or not:
 * the field widened to 64 bits by its own signedness, then cut to the
 * conversion's width, as C passes it. 64 bits: exact below 2^53.
 */
export function printedIntAt(
  dv: DataView,
  at: number,
  size: number,
  fieldSigned: boolean,
  bits: number,
  convSigned: boolean,
  le: boolean,
): number {
  let lo: number;
  let hi: number;
  switch (size) {
    case 1: {
      const v = fieldSigned ? dv.getInt8(at) : dv.getUint8(at);
      lo = v >>> 0;
      hi = v < 0 ? -1 : 0;
      break;
    }
    case 2: {
      const v = fieldSigned ? dv.getInt16(at, le) : dv.getUint16(at, le);
      lo = v >>> 0;
      hi = v < 0 ? -1 : 0;
      break;
    }
    case 4: {
      const v = fieldSigned ? dv.getInt32(at, le) : dv.getUint32(at, le);
      lo = v >>> 0;
      hi = v < 0 ? -1 : 0;
      break;
    }
    default:
      lo = dv.getUint32(le ? at : at + 4, le);
      hi = dv.getUint32(le ? at + 4 : at, le);
  }
  switch (bits) {
    case 64:
      return (convSigned ? hi | 0 : hi >>> 0) * TWO_32 + lo;
    case 16:
      return convSigned ? (lo << 16) >> 16 : lo & 0xffff;
    case 8:
      return convSigned ? (lo << 24) >> 24 : lo & 0xff;
    default:
      return convSigned ? lo | 0 : lo >>> 0;
  }
}

/** The little-endian u32 of bytes b[i..i+3]. */
export function u32le(b: Uint8Array, i: number): number {
  return (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
}

/** The little-endian i32 of bytes b[i..i+3]. */
export function i32le(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
}

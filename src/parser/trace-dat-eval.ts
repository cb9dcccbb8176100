// A print fmt evaluated against one record, as libtraceevent (trace-cmd report)
// prints it: field values read from the record's bytes, C arithmetic on 64-bit
// integers, casts, __print_flags, __print_symbolic and __get_str, then each
// printf conversion rendered with its flags and width. Not evaluated:
// __print_hex, arrays, bitmasks, other helpers (an EvalError says which).

import { bigIntAt, isIntSize } from './sized-int.ts';
import type { FieldDef } from './trace-dat-format.ts';
import type { Expr } from './trace-dat-print-fmt.ts';
import { intBits, type Conv } from './trace-dat-printf.ts';

/** The record being decoded: its bytes in `buf` from `off` for `len` bytes. */
export interface RecordView {
  buf: Uint8Array;
  dv: DataView<ArrayBufferLike>;
  off: number;
  len: number;
}

export interface EvalContext {
  littleEndian: boolean;
  longSize: number;
}

export type Value = bigint | string;

export class EvalError extends Error {}

/**
 * Enum constants that some kernels leave unresolved in print fmts (no
 * TRACE_DEFINE_ENUM), e.g. mm_vmscan_throttled's `(1 << VMSCAN_THROTTLE_WRITEBACK)`
 * on 6.x. Values from `enum vmscan_throttle_state`, include/linux/mmzone.h
 * (5.16+). Without them the table cannot be evaluated; with them the reason
 * prints as the kernel means it, which may not be what trace-cmd prints.
 */
export const ENUM_FALLBACK: Record<string, bigint> = {
  VMSCAN_THROTTLE_WRITEBACK: 0n,
  VMSCAN_THROTTLE_ISOLATED: 1n,
  VMSCAN_THROTTLE_NOPROGRESS: 2n,
  VMSCAN_THROTTLE_CONGESTED: 3n,
};

const utf8 = new TextDecoder('utf-8', { fatal: false });

function cString(buf: Uint8Array, start: number, end: number): string {
  let e = start;
  while (e < end && buf[e] !== 0) e++;
  return utf8.decode(buf.subarray(start, e));
}

export function readFieldValue(f: FieldDef, rec: RecordView, ctx: EvalContext): Value {
  const le = ctx.littleEndian;
  const at = rec.off + f.offset;
  if (at + f.size > rec.off + rec.len) throw new EvalError(`field ${f.name} lies outside the record`);
  if (f.loc !== 'none') {
    const v = rec.dv.getUint32(at, le);
    const start = (f.loc === 'data' ? rec.off : at + f.size) + (v & 0xffff);
    const end = Math.min(start + (v >>> 16), rec.off + rec.len);
    return cString(rec.buf, start, end);
  }
  if (f.array) {
    if (/char$/.test(f.type)) return cString(rec.buf, at, at + f.size);
    throw new EvalError(`array field ${f.name} is not evaluated`);
  }
  if (!isIntSize(f.size)) throw new EvalError(`field ${f.name} has size ${f.size}`);
  return bigIntAt(rec.dv, at, f.size, f.signed, le);
}

const CAST_BITS: Record<string, [number, boolean]> = {
  char: [8, true],
  'signed char': [8, true],
  'unsigned char': [8, false],
  u8: [8, false],
  s8: [8, true],
  short: [16, true],
  'unsigned short': [16, false],
  u16: [16, false],
  s16: [16, true],
  int: [32, true],
  'unsigned int': [32, false],
  unsigned: [32, false],
  u32: [32, false],
  s32: [32, true],
  'long long': [64, true],
  'unsigned long long': [64, false],
  u64: [64, false],
  s64: [64, true],
};

function num(v: Value): bigint {
  if (typeof v !== 'bigint') throw new EvalError('a string where a number is needed');
  return v;
}

export function evalExpr(e: Expr, rec: RecordView, ctx: EvalContext): Value {
  switch (e.k) {
    case 'num':
      return e.v;
    case 'str':
      return e.v;
    case 'field':
      if (!e.field) throw new EvalError(`no field ${e.name}`);
      return readFieldValue(e.field, rec, ctx);
    case 'ident': {
      const v = ENUM_FALLBACK[e.name];
      if (v === undefined) throw new EvalError(`unknown identifier ${e.name}`);
      return v;
    }
    case 'unary': {
      const v = num(evalExpr(e.e, rec, ctx));
      switch (e.op) {
        case '-':
          return -v;
        case '+':
          return v;
        case '~':
          return ~v;
        case '!':
          return v === 0n ? 1n : 0n;
        default:
          throw new EvalError(`operator ${e.op}`);
      }
    }
    case 'bin': {
      if (e.op === '&&') return num(evalExpr(e.a, rec, ctx)) !== 0n && num(evalExpr(e.b, rec, ctx)) !== 0n ? 1n : 0n;
      if (e.op === '||') return num(evalExpr(e.a, rec, ctx)) !== 0n || num(evalExpr(e.b, rec, ctx)) !== 0n ? 1n : 0n;
      const a = num(evalExpr(e.a, rec, ctx));
      const b = num(evalExpr(e.b, rec, ctx));
      return binop(e.op, a, b);
    }
    case 'cond':
      return num(evalExpr(e.c, rec, ctx)) !== 0n ? evalExpr(e.a, rec, ctx) : evalExpr(e.b, rec, ctx);
    case 'cast': {
      const v = evalExpr(e.e, rec, ctx);
      if (typeof v !== 'bigint') return v;
      const t = e.type.replace(/\s+/g, ' ').trim();
      const bits = CAST_BITS[t] ?? (t === 'long' || t === 'unsigned long' ? [ctx.longSize * 8, t === 'long'] : null);
      if (!bits) return v;
      return bits[1] ? BigInt.asIntN(bits[0], v) : BigInt.asUintN(bits[0], v);
    }
    case 'call':
      return callHelper(e, rec, ctx).s;
    case 'list':
      throw new EvalError('a { } list outside __print_flags/__print_symbolic');
    default: {
      const never: never = e;
      throw new EvalError(`unknown expression ${String(never)}`);
    }
  }
}

function binop(op: string, a: bigint, b: bigint): bigint {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0n) throw new EvalError('division by zero');
      return a / b;
    case '%':
      if (b === 0n) throw new EvalError('division by zero');
      return a % b;
    case '<<':
      return b < 0n || b > 63n ? 0n : BigInt.asUintN(64, a << b);
    case '>>':
      return b < 0n || b > 63n ? 0n : a >> b;
    case '&':
      return a & b;
    case '|':
      return a | b;
    case '^':
      return a ^ b;
    case '==':
      return a === b ? 1n : 0n;
    case '!=':
      return a !== b ? 1n : 0n;
    case '<':
      return a < b ? 1n : 0n;
    case '>':
      return a > b ? 1n : 0n;
    case '<=':
      return a <= b ? 1n : 0n;
    case '>=':
      return a >= b ? 1n : 0n;
    default:
      throw new EvalError(`operator ${op}`);
  }
}

/** A flag or symbol table `{ value, "name" }, ...`, with constant values folded once. */
interface Table {
  entries: [bigint, string][];
}

const tableCache = new WeakMap<Expr, Table>();
const NO_RECORD: RecordView = { buf: new Uint8Array(0), dv: new DataView(new ArrayBuffer(0)), off: 0, len: 0 };

function tableOf(e: Expr, lists: Expr[], ctx: EvalContext): Table {
  let t = tableCache.get(e);
  if (t) return t;
  t = { entries: [] };
  for (const l of lists) {
    if (l.k !== 'list' || l.items.length !== 2) continue;
    const name = l.items[1];
    if (name.k !== 'str') continue; // `{ 0, NULL }` terminators
    try {
      t.entries.push([num(evalExpr(l.items[0], NO_RECORD, ctx)), name.v]);
    } catch {
      // a value that is not a constant: the entry cannot match
    }
  }
  tableCache.set(e, t);
  return t;
}

/** Result of a string-producing helper; `pad` says whether a %-8s width applies (libtraceevent). */
interface StrOut {
  s: string;
  pad: boolean;
}

function callHelper(e: Extract<Expr, { k: 'call' }>, rec: RecordView, ctx: EvalContext): StrOut {
  switch (e.name) {
    case '__print_flags':
    case '__print_flags_u64': {
      if (e.args.length < 2) throw new EvalError('__print_flags without a delimiter');
      let v = BigInt.asUintN(64, num(evalExpr(e.args[0], rec, ctx)));
      const delim = evalExpr(e.args[1], rec, ctx);
      const d = typeof delim === 'string' ? delim : '';
      const table = tableOf(e, e.args.slice(2), ctx);
      let s = '';
      let printed = false;
      for (const [fv, name] of table.entries) {
        if (v === 0n && fv === 0n) {
          s += name;
          break;
        }
        if (fv !== 0n && (v & fv) === fv) {
          if (printed) s += d;
          s += name;
          printed = true;
          v &= ~fv;
        }
      }
      if (v !== 0n) {
        if (printed) s += d;
        s += '0x' + v.toString(16);
      }
      return { s, pad: false };
    }
    case '__print_symbolic':
    case '__print_symbolic_u64': {
      if (e.args.length < 1) throw new EvalError('__print_symbolic without a value');
      const v = BigInt.asUintN(64, num(evalExpr(e.args[0], rec, ctx)));
      const table = tableOf(e, e.args.slice(1), ctx);
      for (const [fv, name] of table.entries) if (BigInt.asUintN(64, fv) === v) return { s: name, pad: true };
      return { s: '0x' + v.toString(16), pad: false };
    }
    case '__get_str':
    case '__get_rel_str': {
      const a = e.args[0];
      if (!a || a.k !== 'field') throw new EvalError(`${e.name} of something other than a field`);
      const v = evalExpr(a, rec, ctx);
      return { s: typeof v === 'string' ? v : v.toString(), pad: true };
    }
    default:
      throw new EvalError(`${e.name}() is not evaluated`);
  }
}

function strArg(e: Expr, rec: RecordView, ctx: EvalContext): StrOut {
  if (e.k === 'cond') return num(evalExpr(e.c, rec, ctx)) !== 0n ? strArg(e.a, rec, ctx) : strArg(e.b, rec, ctx);
  if (e.k === 'call') return callHelper(e, rec, ctx);
  const v = evalExpr(e, rec, ctx);
  return { s: typeof v === 'string' ? v : v.toString(), pad: true };
}

function pad(s: string, c: Conv, numeric: boolean): string {
  if (c.width <= s.length) return s;
  if (c.flags.includes('-')) return s + ' '.repeat(c.width - s.length);
  if (numeric && c.flags.includes('0') && c.precision < 0) {
    const sign = /^([-+ ]|0[xX])?/.exec(s)![0];
    return sign + '0'.repeat(c.width - s.length) + s.slice(sign.length);
  }
  return ' '.repeat(c.width - s.length) + s;
}

/** printf of one conversion, as libtraceevent does it for a kernel format. */
export function formatConv(c: Conv, arg: Expr, rec: RecordView, ctx: EvalContext): string {
  if (c.conv === 's') {
    const o = strArg(arg, rec, ctx);
    let s = o.s;
    if (c.precision >= 0) s = s.slice(0, c.precision);
    return o.pad ? pad(s, c, false) : s;
  }
  const v = num(evalExpr(arg, rec, ctx));
  const bits = intBits(c.length, ctx.longSize);
  let s: string;
  switch (c.conv) {
    case 'd':
    case 'i': {
      const n = BigInt.asIntN(bits, v);
      const digits = (n < 0n ? -n : n).toString();
      s = (n < 0n ? '-' : c.flags.includes('+') ? '+' : c.flags.includes(' ') ? ' ' : '') + zeros(digits, c.precision);
      break;
    }
    case 'u':
      s = zeros(BigInt.asUintN(bits, v).toString(), c.precision);
      break;
    case 'x':
    case 'X': {
      const n = BigInt.asUintN(bits, v);
      s = zeros(n.toString(16), c.precision);
      if (c.flags.includes('#') && n !== 0n) s = '0x' + s;
      if (c.conv === 'X') s = s.toUpperCase();
      break;
    }
    case 'o': {
      const n = BigInt.asUintN(bits, v);
      s = zeros(n.toString(8), c.precision);
      if (c.flags.includes('#') && !s.startsWith('0')) s = '0' + s;
      break;
    }
    case 'c':
      s = String.fromCharCode(Number(BigInt.asUintN(8, v)));
      break;
    case 'p': {
      const n = BigInt.asUintN(ctx.longSize * 8, v);
      s = n === 0n ? '(nil)' : '0x' + n.toString(16);
      break;
    }
    default:
      throw new EvalError(`%${c.conv} is not rendered`);
  }
  return pad(s, c, true);
}

function zeros(digits: string, precision: number): string {
  return precision > digits.length ? '0'.repeat(precision - digits.length) + digits : digits;
}

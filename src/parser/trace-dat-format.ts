// Long (about 1,130 lines): format files, the print-fmt parser, printf
// conversions, the evaluator and slot plans, each under its own banner; to be
// split along those banners (issue 16).
//
// Event format files from a trace.dat (events/<system>/<event>/format: fields with
// offsets, sizes, signedness, and `print fmt`), plus the C subset print fmts use
// (REC->field, arithmetic, ?:, casts, __print_flags, __print_symbolic, __get_str) to
// render each `key=value` as libtraceevent (trace-cmd report) prints it. Not evaluated:
// __print_hex, arrays, bitmasks, other helpers. Documented in the kernel's
// Documentation/trace/events.rst and libtraceevent's src/event-parse.c.

import { SLOT_COUNT, parseLruName, parseReclaimFlags, type FieldType, type KindSpec } from '../model/kinds.ts';
import type { StringTable } from '../model/strings.ts';
import { parseInteger, parsed } from './bytes.ts';
import { countSlot, MALFORMED_VALUE } from './payload.ts';

export interface FieldDef {
  name: string;
  type: string;
  offset: number;
  size: number;
  signed: boolean;
  /** `__data_loc` (offset from the record start) or `__rel_loc` (offset from the field's end): dynamic arrays. */
  loc: 'none' | 'data' | 'rel';
  /** A fixed-size array such as `char comm[16]`. */
  array: boolean;
}

export interface EventFormat {
  id: number;
  system: string;
  name: string;
  fields: FieldDef[];
  printFmt: string | null;
}

const FIELD_LINE = /field:([^;]*);\s*offset:(\d+);\s*size:(\d+);(?:\s*signed:(\d+);)?/g;

/** The `field:` lines of a format file or of header_page. */
export function parseFields(text: string): FieldDef[] {
  const out: FieldDef[] = [];
  FIELD_LINE.lastIndex = 0;
  for (let m = FIELD_LINE.exec(text); m; m = FIELD_LINE.exec(text)) {
    let decl = m[1].trim();
    let loc: FieldDef['loc'] = 'none';
    if (decl.startsWith('__data_loc ')) {
      loc = 'data';
      decl = decl.slice(11);
    } else if (decl.startsWith('__rel_loc ')) {
      loc = 'rel';
      decl = decl.slice(10);
    }
    let array = false;
    const bracket = /\[[^\]]*\]\s*$/.exec(decl);
    if (bracket) {
      array = loc === 'none';
      decl = decl.slice(0, bracket.index).trim();
    }
    const nameMatch = /([A-Za-z_][A-Za-z0-9_]*)$/.exec(decl);
    if (!nameMatch) continue;
    const name = nameMatch[1];
    let type = decl.slice(0, nameMatch.index).trim();
    if (type.endsWith('[]')) type = type.slice(0, -2).trim();
    const signed = m[4] !== undefined ? m[4] === '1' : !/\bunsigned\b|^u\d|^bool\b/.test(type);
    out.push({ name, type, offset: Number(m[2]), size: Number(m[3]), signed, loc, array });
  }
  return out;
}

/** The name and ID of a format file, read from its first lines only. */
export function formatHeader(text: string): { name: string; id: number } | null {
  const name = /^name:[ \t]*(\S+)[ \t]*$/m.exec(text);
  const id = /^ID:[ \t]*(\d+)[ \t]*$/m.exec(text); // the whole line: a damaged `3#2` is no ID, not ID 3
  if (!name || !id) return null;
  return { name: name[1], id: Number(id[1]) };
}

export function parseEventFormat(text: string, system: string): EventFormat | null {
  const head = formatHeader(text);
  if (!head) return null;
  const fmt = /^print fmt:\s*(.*)$/m.exec(text);
  return { id: head.id, system, name: head.name, fields: parseFields(text), printFmt: fmt ? fmt[1] : null };
}

// ---------------------------------------------------------------------------
// print fmt: a C string literal, then the argument expressions.

export type Expr =
  | { k: 'num'; v: bigint }
  | { k: 'str'; v: string }
  | { k: 'field'; name: string; field: FieldDef | null }
  | { k: 'ident'; name: string }
  | { k: 'unary'; op: string; e: Expr }
  | { k: 'bin'; op: string; a: Expr; b: Expr }
  | { k: 'cond'; c: Expr; a: Expr; b: Expr }
  | { k: 'call'; name: string; args: Expr[] }
  | { k: 'list'; items: Expr[] }
  | { k: 'cast'; type: string; e: Expr };

type Tok = { t: 'num'; v: bigint } | { t: 'str'; v: string } | { t: 'id'; v: string } | { t: 'op'; v: string };

const OPS2 = ['->', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||'];
const OPS1 = '(){}[],?:+-*/%&|^~!<>.';

export class PrintFmtError extends Error {}

function unescapeC(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[++i];
    switch (n) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'x': {
        const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1));
        if (m) {
          out += String.fromCharCode(parseInt(m[0], 16));
          i += m[0].length;
        } else out += 'x';
        break;
      }
      default:
        if (n >= '0' && n <= '7') {
          const m = /^[0-7]{1,3}/.exec(s.slice(i))!;
          out += String.fromCharCode(parseInt(m[0], 8));
          i += m[0].length - 1;
        } else out += n;
    }
  }
  return out;
}

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < n && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      if (j >= n) throw new PrintFmtError('unterminated string');
      const v = unescapeC(src.slice(i + 1, j));
      const last = toks[toks.length - 1];
      if (last && last.t === 'str') last.v += v; // adjacent literals concatenate
      else toks.push({ t: 'str', v });
      i = j + 1;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      while (j < n && src[j] !== "'") j += src[j] === '\\' ? 2 : 1;
      if (j >= n) throw new PrintFmtError('unterminated character');
      const v = unescapeC(src.slice(i + 1, j));
      toks.push({ t: 'num', v: BigInt(v.charCodeAt(0) || 0) });
      i = j + 1;
      continue;
    }
    if (c >= '0' && c <= '9') {
      const m = /^(0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]*/.exec(src.slice(i))!;
      const lit = m[1];
      const v = /^0[xX]/.test(lit) ? BigInt(lit) : lit.length > 1 && lit[0] === '0' ? BigInt('0o' + lit.slice(1)) : BigInt(lit);
      toks.push({ t: 'num', v });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      toks.push({ t: 'id', v: m[0] });
      i += m[0].length;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (OPS2.includes(two)) {
      toks.push({ t: 'op', v: two });
      i += 2;
      continue;
    }
    if (OPS1.includes(c)) {
      toks.push({ t: 'op', v: c });
      i++;
      continue;
    }
    throw new PrintFmtError(`unexpected character '${c}'`);
  }
  return toks;
}

const BIN_PREC: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '|': 3,
  '^': 4,
  '&': 5,
  '==': 6,
  '!=': 6,
  '<': 7,
  '>': 7,
  '<=': 7,
  '>=': 7,
  '<<': 8,
  '>>': 8,
  '+': 9,
  '-': 9,
  '*': 10,
  '/': 10,
  '%': 10,
};

const TYPE_WORDS = new Set([
  'unsigned',
  'signed',
  'int',
  'long',
  'short',
  'char',
  'void',
  'struct',
  'enum',
  'union',
  'const',
  'volatile',
  'bool',
  'u8',
  'u16',
  'u32',
  'u64',
  's8',
  's16',
  's32',
  's64',
  '__u8',
  '__u16',
  '__u32',
  '__u64',
  '__s8',
  '__s16',
  '__s32',
  '__s64',
]);

class ExprParser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  get done(): boolean {
    return this.i >= this.toks.length;
  }

  private peek(o = 0): Tok | undefined {
    return this.toks[this.i + o];
  }

  private isOp(v: string, o = 0): boolean {
    const t = this.toks[this.i + o];
    return t !== undefined && t.t === 'op' && t.v === v;
  }

  private expect(v: string): void {
    if (!this.isOp(v)) throw new PrintFmtError(`expected '${v}'`);
    this.i++;
  }

  eatComma(): boolean {
    if (this.isOp(',')) {
      this.i++;
      return true;
    }
    return false;
  }

  str(): string | null {
    const t = this.peek();
    if (t && t.t === 'str') {
      this.i++;
      return t.v;
    }
    return null;
  }

  expr(): Expr {
    const c = this.binary(1);
    if (this.isOp('?')) {
      this.i++;
      const a = this.expr();
      this.expect(':');
      const b = this.expr();
      return { k: 'cond', c, a, b };
    }
    return c;
  }

  private binary(minPrec: number): Expr {
    let a = this.unary();
    for (;;) {
      const t = this.peek();
      if (!t || t.t !== 'op') return a;
      const p = BIN_PREC[t.v];
      if (p === undefined || p < minPrec) return a;
      this.i++;
      const b = this.binary(p + 1);
      a = { k: 'bin', op: t.v, a, b };
    }
  }

  /** `(type) x`: a parenthesised run of type words followed by an operand. */
  private castAhead(): number {
    let j = this.i + 1;
    let words = 0;
    let typeish = false;
    for (;;) {
      const t = this.toks[j];
      if (!t) return -1;
      if (t.t === 'id') {
        const next = this.toks[j + 1];
        if (next && next.t === 'op' && (next.v === '->' || next.v === '(' || next.v === '.')) return -1;
        words++;
        if (TYPE_WORDS.has(t.v) || /_t$/.test(t.v)) typeish = true;
      } else if (t.t === 'op' && t.v === '*') typeish = true;
      else if (t.t === 'op' && t.v === ')') break;
      else return -1;
      j++;
    }
    if (words === 0) return -1;
    const after = this.toks[j + 1];
    if (!after) return -1;
    const operand =
      after.t === 'num' || after.t === 'str' || after.t === 'id' || (after.t === 'op' && (after.v === '(' || after.v === '~' || after.v === '!'));
    if (operand) return j;
    // `(gfp_t)-1`: a minus after something that is surely a type is a sign, not a subtraction.
    if (typeish && after.t === 'op' && after.v === '-') return j;
    return -1;
  }

  private unary(): Expr {
    const t = this.peek();
    if (!t) throw new PrintFmtError('unexpected end');
    if (t.t === 'op' && (t.v === '-' || t.v === '~' || t.v === '!' || t.v === '+')) {
      this.i++;
      return { k: 'unary', op: t.v, e: this.unary() };
    }
    if (t.t === 'op' && t.v === '(') {
      const close = this.castAhead();
      if (close >= 0) {
        const type = this.toks
          .slice(this.i + 1, close)
          .map((x) => String(x.v))
          .join(' ');
        this.i = close + 1;
        return { k: 'cast', type, e: this.unary() };
      }
    }
    return this.postfix();
  }

  private postfix(): Expr {
    const t = this.peek()!;
    this.i++;
    let e: Expr;
    if (t.t === 'num') e = { k: 'num', v: t.v };
    else if (t.t === 'str') e = { k: 'str', v: t.v };
    else if (t.t === 'id') {
      if (this.isOp('->') && t.v === 'REC') {
        this.i++;
        const f = this.peek();
        if (!f || f.t !== 'id') throw new PrintFmtError('expected a field after REC->');
        this.i++;
        e = { k: 'field', name: f.v, field: null };
      } else if (this.isOp('(')) {
        this.i++;
        const args: Expr[] = [];
        if (!this.isOp(')')) {
          do args.push(this.expr());
          while (this.eatComma());
        }
        this.expect(')');
        e = { k: 'call', name: t.v, args };
      } else e = { k: 'ident', name: t.v };
    } else if (t.v === '(') {
      e = this.expr();
      this.expect(')');
    } else if (t.v === '{') {
      const items: Expr[] = [];
      if (!this.isOp('}')) {
        do {
          if (this.isOp('}')) break; // trailing comma
          items.push(this.expr());
        } while (this.eatComma());
      }
      this.expect('}');
      e = { k: 'list', items };
    } else throw new PrintFmtError(`unexpected '${t.v}'`);
    if (this.isOp('[') || this.isOp('.') || this.isOp('->')) throw new PrintFmtError('member and index access are not evaluated');
    return e;
  }
}

export interface PrintFmt {
  format: string;
  args: Expr[];
}

/** Splits `"fmt", arg, arg...` into the format string and argument expressions. */
export function parsePrintFmt(src: string): PrintFmt {
  const p = new ExprParser(tokenize(src));
  const format = p.str();
  if (format === null) throw new PrintFmtError('print fmt does not start with a string');
  const args: Expr[] = [];
  while (p.eatComma()) args.push(p.expr());
  if (!p.done) throw new PrintFmtError('unexpected text after the arguments');
  return { format, args };
}

// ---------------------------------------------------------------------------
// printf conversions of the format string

export interface Conv {
  flags: string;
  width: number;
  precision: number; // -1 when none
  length: string;
  conv: string;
  arg: number;
}
export type Part = string | Conv;

export function parseFormatString(fmt: string): Part[] {
  const parts: Part[] = [];
  let lit = '';
  let arg = 0;
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c !== '%') {
      lit += c;
      continue;
    }
    if (fmt[i + 1] === '%') {
      lit += '%';
      i++;
      continue;
    }
    const m = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?(hh|h|ll|l|L|q|j|z|Z|t)?([diouxXcspfeEgGaA])/.exec(fmt.slice(i));
    if (!m) {
      lit += c;
      continue;
    }
    if (lit) parts.push(lit);
    lit = '';
    let width = 0;
    let precision = -1;
    // A width or precision taken from the arguments is consumed, not applied; huge ones are capped.
    if (m[2] === '*') arg++;
    else if (m[2]) width = Math.min(Number(m[2]), 256);
    if (m[3] === '*') arg++;
    else if (m[3]) precision = Math.min(Number(m[3]), 256);
    let len = m[0].length;
    if (m[5] === 'p') {
      // kernel pointer extensions: %pS, %pF, %pI4, %pK ...
      const ext = /^[A-Za-z][0-9]?/.exec(fmt.slice(i + len));
      if (ext) len += ext[0].length;
    }
    parts.push({ flags: m[1], width, precision, length: m[4] ?? '', conv: m[5], arg: arg++ });
    i += len - 1;
  }
  if (lit) parts.push(lit);
  return parts;
}

export interface KeyToken {
  key: string;
  /** What follows `key=` up to the next space of the format: literals and conversions. */
  value: Part[];
}

/**
 * The `key=value` words of a format, found the way the text parser finds
 * them in a printed line (payload.ts): a word runs to the next space, its
 * key to the first `=`.
 */
export function keyTokens(parts: Part[]): KeyToken[] {
  const words: Part[][] = [[]];
  for (const p of parts) {
    if (typeof p !== 'string') {
      words[words.length - 1].push(p);
      continue;
    }
    const pieces = p.split(' ');
    for (let j = 0; j < pieces.length; j++) {
      if (j > 0) words.push([]);
      if (pieces[j]) words[words.length - 1].push(pieces[j]);
    }
  }
  const out: KeyToken[] = [];
  for (const w of words) {
    let first = w[0];
    if (typeof first !== 'string') continue;
    first = first.replace(/^\t+/, '');
    const eq = first.indexOf('=');
    if (eq <= 0) continue;
    const rest = first.slice(eq + 1);
    out.push({ key: first.slice(0, eq), value: rest ? [rest, ...w.slice(1)] : w.slice(1) });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Evaluation against one record

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
  switch (f.size) {
    case 1:
      return BigInt(f.signed ? rec.dv.getInt8(at) : rec.dv.getUint8(at));
    case 2:
      return BigInt(f.signed ? rec.dv.getInt16(at, le) : rec.dv.getUint16(at, le));
    case 4:
      return BigInt(f.signed ? rec.dv.getInt32(at, le) : rec.dv.getUint32(at, le));
    case 8:
      return f.signed ? rec.dv.getBigInt64(at, le) : rec.dv.getBigUint64(at, le);
    default:
      throw new EvalError(`field ${f.name} has size ${f.size}`);
  }
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

function intBits(length: string, longSize: number): number {
  switch (length) {
    case 'hh':
      return 8;
    case 'h':
      return 16;
    case 'l':
    case 'z':
    case 'Z':
    case 't':
      return longSize * 8;
    case 'll':
    case 'L':
    case 'q':
    case 'j':
      return 64;
    default:
      return 32;
  }
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

// ---------------------------------------------------------------------------
// From a format to the six slots of a kind (model/kinds.ts)

/** How one slot of a stored kind is read from a record. */
export type SlotPlan =
  | { t: 'absent' }
  /** A number printed by %d/%u/0x%x straight from one field: read it, no text. */
  | { t: 'int'; offset: number; size: number; fieldSigned: boolean; bits: number; convSigned: boolean }
  /** Anything else: render the value's text as trace-cmd would, then read it as the text parser does. */
  | {
      t: 'render';
      type: FieldType;
      value: Part[];
      args: Expr[];
      /** The one numeric field the text depends on, so that results can be cached by its value. */
      cacheField: FieldDef | null;
      cache: Map<number, number>;
    };

export interface CompiledKind {
  plans: SlotPlan[];
  /** Slot indexes that must be present (KindSpec.required). */
  required: number[];
  /** Why a required key can never be present, when that is the case. */
  missingRequired: string | null;
  pidOffset: number;
  problems: string[];
}

/** Slot value for text that the text parser would reject (the event is then malformed). */
export const MALFORMED = Number.NaN;

const CACHE_LIMIT = 4096;

function resolveFields(e: Expr, byName: Map<string, FieldDef>, seen: Set<FieldDef>, problems: string[]): void {
  switch (e.k) {
    case 'field': {
      const f = byName.get(e.name) ?? null;
      e.field = f;
      if (f) seen.add(f);
      else problems.push(`no field ${e.name}`);
      return;
    }
    case 'num':
    case 'str':
    case 'ident':
      return;
    case 'unary':
    case 'cast':
      resolveFields(e.e, byName, seen, problems);
      return;
    case 'bin':
      resolveFields(e.a, byName, seen, problems);
      resolveFields(e.b, byName, seen, problems);
      return;
    case 'cond':
      resolveFields(e.c, byName, seen, problems);
      resolveFields(e.a, byName, seen, problems);
      resolveFields(e.b, byName, seen, problems);
      return;
    case 'call':
      if ((e.name === '__get_str' || e.name === '__get_rel_str') && e.args[0]?.k === 'ident') {
        e.args[0] = { k: 'field', name: e.args[0].name, field: null };
      }
      for (const a of e.args) resolveFields(a, byName, seen, problems);
      return;
    case 'list':
      for (const a of e.items) resolveFields(a, byName, seen, problems);
      return;
    default: {
      const never: never = e;
      throw new Error(`unknown expression ${String(never)}`);
    }
  }
}

function isPlainField(e: Expr): e is { k: 'field'; name: string; field: FieldDef } {
  return e.k === 'field' && e.field !== null && e.field.loc === 'none' && !e.field.array && [1, 2, 4, 8].includes(e.field.size);
}

/** Compiles the slots of `spec` from an event's format (its print fmt keys, its fields). */
export function compileKind(format: EventFormat, spec: KindSpec, ctx: EvalContext): CompiledKind {
  const problems: string[] = [];
  const plans: SlotPlan[] = [];
  for (let s = 0; s < SLOT_COUNT; s++) plans.push({ t: 'absent' });
  const byName = new Map(format.fields.map((f) => [f.name, f] as const));
  const pid = byName.get('common_pid');
  const required = spec.required.map((r) => spec.fields.findIndex((f) => f.key === r));
  let tokens: KeyToken[] = [];
  let args: Expr[] = [];
  if (format.printFmt === null) problems.push('the format has no print fmt');
  else {
    try {
      const pf = parsePrintFmt(format.printFmt);
      args = pf.args;
      tokens = keyTokens(parseFormatString(pf.format));
    } catch (e) {
      problems.push(`its print fmt was not understood (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  for (let s = 0; s < spec.fields.length; s++) {
    const { key, type } = spec.fields[s];
    let tok: KeyToken | undefined;
    for (const t of tokens) if (t.key === key) tok = t; // the last one wins, as in payload.ts
    if (!tok) continue;
    const convs = tok.value.filter((p): p is Conv => typeof p !== 'string');
    if (convs.some((c) => c.arg >= args.length)) {
      problems.push(`${key}= has no argument`);
      continue;
    }
    const seen = new Set<FieldDef>();
    const before = problems.length;
    for (const c of convs) resolveFields(args[c.arg], byName, seen, problems);
    if (problems.length > before) continue;
    const fast = intPlan(tok.value, args, type, ctx);
    if (fast) {
      plans[s] = fast;
      continue;
    }
    let cacheField: FieldDef | null = null;
    if (seen.size === 1) {
      const f = [...seen][0];
      if (f.loc === 'none' && !f.array && [1, 2, 4, 8].includes(f.size)) cacheField = f;
    }
    plans[s] = { t: 'render', type, value: tok.value, args, cacheField, cache: new Map() };
  }
  let missingRequired: string | null = null;
  for (const r of required) {
    if (r >= 0 && plans[r].t === 'absent') {
      missingRequired = `its print fmt has no ${spec.fields[r].key}=`;
      break;
    }
  }
  return { plans, required, missingRequired, pidOffset: pid ? pid.offset : 4, problems };
}

function intPlan(value: Part[], args: Expr[], type: FieldType, ctx: EvalContext): SlotPlan | null {
  if (type !== 'int') return null;
  let i = 0;
  let hexPrefix = false;
  if (value[i] === '0x' || value[i] === '0X') {
    hexPrefix = true;
    i++;
  }
  const c = value[i++];
  if (c === undefined || typeof c === 'string') return null;
  if (i < value.length && !(i === value.length - 1 && value[i] === ',')) return null;
  if (!'diuxX'.includes(c.conv)) return null;
  const hex = c.conv === 'x' || c.conv === 'X';
  if (hex !== hexPrefix && !(hex && c.flags.includes('#'))) return null;
  if (hex && hexPrefix && c.flags.includes('#')) return null; // "0x0x.."
  if (c.width > 0 && !c.flags.includes('-') && !c.flags.includes('0')) return null; // leading spaces end the value
  const arg = args[c.arg];
  if (!isPlainField(arg)) return null;
  const f = arg.field;
  return {
    t: 'int',
    offset: f.offset,
    size: f.size,
    fieldSigned: f.signed,
    bits: intBits(c.length, ctx.longSize),
    convSigned: c.conv === 'd' || c.conv === 'i',
  };
}

const enc = new TextEncoder();

/** The value text of a `key=` word for one record: rendered, cut at the first space, one trailing comma dropped. */
export function renderValue(plan: Extract<SlotPlan, { t: 'render' }>, rec: RecordView, ctx: EvalContext): string | null {
  let s = '';
  try {
    for (const p of plan.value) s += typeof p === 'string' ? p : formatConv(p, plan.args[p.arg], rec, ctx);
  } catch (e) {
    if (e instanceof EvalError || e instanceof RangeError) return null;
    throw e;
  }
  const sp = s.indexOf(' ');
  if (sp >= 0) s = s.slice(0, sp);
  if (s.endsWith(',')) s = s.slice(0, -1);
  return s;
}

/** The slot value of a value text, exactly as payload.ts's decodePayload reads it. */
export function slotFromText(type: FieldType, text: string, strings: StringTable): number {
  switch (type) {
    case 'int': {
      const b = enc.encode(text);
      const v = parseInteger(b, 0, b.length);
      if (v !== v || parsed.end !== b.length) return MALFORMED;
      const slot = countSlot(v);
      return slot === MALFORMED_VALUE ? MALFORMED : slot;
    }
    case 'str':
      return strings.intern(text);
    case 'lru': {
      const code = /^\d+$/.test(text) ? Number(text) : parseLruName(text);
      return code < 0 ? MALFORMED : code;
    }
    case 'rflags': {
      const bits = parseReclaimFlags(text);
      return bits < 0 ? MALFORMED : bits;
    }
    default: {
      const never: never = type;
      throw new Error(`unknown field type ${String(never)}`);
    }
  }
}

/** Slot value of a render plan for a record, through its cache. NaN when the text is malformed; ABSENT-like null when it cannot be rendered. */
export function renderSlot(
  plan: Extract<SlotPlan, { t: 'render' }>,
  rec: RecordView,
  ctx: EvalContext,
  strings: StringTable,
): number | null {
  let key = -1;
  const f = plan.cacheField;
  if (f) {
    const at = rec.off + f.offset;
    if (at + f.size <= rec.off + rec.len) {
      const le = ctx.littleEndian;
      switch (f.size) {
        case 1:
          key = rec.dv.getUint8(at);
          break;
        case 2:
          key = rec.dv.getUint16(at, le);
          break;
        case 4:
          key = rec.dv.getUint32(at, le);
          break;
        default: {
          const lo = rec.dv.getUint32(le ? at : at + 4, le);
          const hi = rec.dv.getUint32(le ? at + 4 : at, le);
          key = hi < 0x200000 ? hi * 4294967296 + lo : -1;
        }
      }
      if (key >= 0) {
        const hit = plan.cache.get(key);
        if (hit !== undefined) return hit;
      }
    }
  }
  const text = renderValue(plan, rec, ctx);
  if (text === null) return null;
  const v = slotFromText(plan.type, text, strings);
  if (key >= 0 && plan.cache.size < CACHE_LIMIT) plan.cache.set(key, v);
  return v;
}

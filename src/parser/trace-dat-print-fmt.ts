// A format's `print fmt`: the C string literal, then the argument expressions in
// the C subset the kernel's TP_printk uses (REC->field, arithmetic, ?:, casts,
// helper calls such as __print_flags, { value, "name" } tables), tokenized and
// parsed into Expr trees for trace-dat-eval.ts. Member and index access are
// refused. As libtraceevent's src/event-parse.c reads them.

import type { FieldDef } from './trace-dat-format.ts';

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

// From a format to the six slots of a stored kind (model/kinds.ts), and its
// extra fields after them: each one's `key=` is found in the print fmt and
// compiled once per file into a plan, either a plain integer read straight
// from a field or a rendered text read back as the text parser (payload.ts)
// reads it, cached by the one field it depends on.

import { EXTRA_COUNT, SLOT_COUNT, parseLruName, parseReclaimFlags, type FieldType, type KindSpec } from '../model/kinds.ts';
import type { StringTable } from '../model/strings.ts';
import { parseInteger, parsed } from './bytes.ts';
import { countSlot, MALFORMED_VALUE } from './payload.ts';
import { isIntSize, uintAt } from './sized-int.ts';
import { EvalError, formatConv, type EvalContext, type RecordView } from './trace-dat-eval.ts';
import type { EventFormat, FieldDef } from './trace-dat-format.ts';
import { parsePrintFmt, type Expr } from './trace-dat-print-fmt.ts';
import { intBits, keyTokens, parseFormatString, type Conv, type KeyToken, type Part } from './trace-dat-printf.ts';

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
  /** SLOT_COUNT slot plans, then one per extra field of the kind. */
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
  return e.k === 'field' && e.field !== null && e.field.loc === 'none' && !e.field.array && isIntSize(e.field.size);
}

/** Compiles the slots of `spec` from an event's format (its print fmt keys, its fields). */
export function compileKind(format: EventFormat, spec: KindSpec, ctx: EvalContext): CompiledKind {
  const problems: string[] = [];
  const plans: SlotPlan[] = [];
  for (let s = 0; s < SLOT_COUNT + EXTRA_COUNT[spec.kind]; s++) plans.push({ t: 'absent' });
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
  const all = [...spec.fields.map((f, s) => [f, s] as const), ...(spec.extra ?? []).map((f, j) => [f, SLOT_COUNT + j] as const)];
  for (const [{ key, type }, s] of all) {
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
      if (f.loc === 'none' && !f.array && isIntSize(f.size)) cacheField = f;
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
      if (Number.isNaN(v) || parsed.end !== b.length) return MALFORMED;
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
      // a u64 key only while a number holds it exactly
      const v = uintAt(rec.dv, at, f.size, ctx.littleEndian);
      key = v < 2 ** 53 ? v : -1;
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

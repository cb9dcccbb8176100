// Event format files of a trace.dat (events/<system>/<event>/format): the name
// and ID, the fields with their offsets, sizes, signedness and dynamic-array
// kind, and the `print fmt` text that trace-dat-print-fmt.ts parses. Also reads
// header_page, which has the same `field:` lines. Documented in the kernel's
// Documentation/trace/events.rst.

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

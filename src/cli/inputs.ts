// The trace files a batch command reads, from its arguments: a file as it is,
// a directory read recursively (every regular file under it, hidden ones
// skipped, in name order), a glob (`*`, `?`, `[...]`, `**` across folders,
// for argument lists too long for the shell) and `-`: a list of paths on
// standard input, one per line or NUL-separated (`find -print0`). Paths are
// yielded lazily, so a list of a million files is never held in memory.

import { opendir, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';

const GLOB_CHARS = /[*?[]/;

/** A glob's characters as a regular expression over a path relative to its base folder ('/'-separated). */
export function globRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      // `**/` matches any number of folders, `**` at the end anything
      if (pattern[i + 2] === '/') {
        re += '(?:[^/]*/)*';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let set = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
        if (set.startsWith('!')) set = '^' + set.slice(1);
        re += `[${set}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Regular files under `dir`, recursively, in name order; hidden files and folders skipped. */
async function* walk(dir: string): AsyncGenerator<string> {
  const names: { name: string; dir: boolean }[] = [];
  for await (const d of await opendir(dir)) {
    if (d.name.startsWith('.')) continue;
    if (d.isDirectory()) names.push({ name: d.name, dir: true });
    else if (d.isFile()) names.push({ name: d.name, dir: false });
    else if (d.isSymbolicLink()) {
      const s = await stat(join(dir, d.name)).catch(() => null);
      if (s?.isFile()) names.push({ name: d.name, dir: false });
    }
  }
  names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const n of names) {
    const p = join(dir, n.name);
    if (n.dir) yield* walk(p);
    else yield p;
  }
}

async function* glob(pattern: string): AsyncGenerator<string> {
  const parts = pattern.split('/');
  const fixed: string[] = [];
  while (parts.length > 1 && !GLOB_CHARS.test(parts[0])) fixed.push(parts.shift()!);
  const base = fixed.length ? fixed.join('/') || '/' : '.';
  const re = globRegExp(parts.join('/'));
  const s = await stat(base).catch(() => null);
  if (!s?.isDirectory()) return;
  for await (const p of walk(base)) {
    const rel = (base === '.' ? p : p.slice(base.length + (base.endsWith('/') ? 0 : 1))).split(sep).join('/');
    if (re.test(rel)) yield p;
  }
}

/** Paths from a stream, one per line (or NUL-separated); blank lines skipped. */
export async function* pathList(stream: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const dec = new TextDecoder();
  let rest = '';
  let sepChar: string | null = null;
  for await (const chunk of stream) {
    rest += typeof chunk === 'string' ? chunk : dec.decode(chunk, { stream: true });
    sepChar ??= rest.includes('\0') ? '\0' : rest.includes('\n') ? '\n' : null;
    if (!sepChar) continue;
    const items = rest.split(sepChar);
    rest = items.pop()!;
    for (const p of items) {
      const t = sepChar === '\n' ? p.replace(/\r$/, '') : p;
      if (t.trim()) yield t;
    }
  }
  rest += dec.decode();
  const t = rest.replace(/\r?\n$/, '');
  if (t.trim()) yield t;
}

/**
 * Every trace path the arguments name, lazily. A name that exists is read as
 * a file or walked as a directory; one that does not and has glob characters
 * is matched as a glob (no match: nothing); anything else is passed on, so
 * that its error ("no such file") gets its line.
 */
export async function* expandInputs(args: string[], stdin: () => AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  for (const a of args) {
    if (a === '-') {
      for await (const p of pathList(stdin())) yield* expandOne(p);
      continue;
    }
    yield* expandOne(a);
  }
}

async function* expandOne(a: string): AsyncGenerator<string> {
  const s = await stat(a).catch(() => null);
  if (s?.isDirectory()) yield* walk(a);
  else if (!s && GLOB_CHARS.test(a)) yield* glob(a);
  else yield a;
}

// Runs of a variant keep the order their files were given in, however the
// first look at each file (its head, read asynchronously) settles. A browser
// resolves those reads in any order; here they resolve last file first.

import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../worker/client.ts', () => ({
  isSnapshot: () => false,
  cancelTrace: () => {},
  dropTrace: () => {},
  // the parse itself is not under test: every load ends cancelled
  loadTrace: () => Promise.resolve({ ok: false, code: 'cancelled', message: 'cancelled', line: null, ms: 0 }),
}));

// actions.ts marks the page busy on <html data-busy>
(globalThis as { document?: unknown }).document ??= { documentElement: { dataset: {} } };

const { addFiles } = await import('./actions.ts');
const { useVariants } = await import('./variants.ts');

/** A file whose head is read after `delayMs`, with text that is neither Parquet nor a comparison file. */
function slowFile(name: string, delayMs: number): File {
  const bytes = new TextEncoder().encode('# tracer: nop\n');
  return {
    name,
    size: bytes.length,
    slice: () => ({ arrayBuffer: () => new Promise<ArrayBuffer>((r) => setTimeout(() => r(bytes.slice().buffer), delayMs)) }),
  } as unknown as File;
}

afterEach(() => useVariants.getState().clear());

describe('addFiles', () => {
  it('numbers the runs of a variant in the order the files were given, not in the order their heads were read', async () => {
    const names = [1, 2, 3].map((i) => `writeback-dirty40-run${i}.txt.gz`);
    await addFiles(names.map((n, i) => slowFile(n, 30 - i * 10)));
    const s = useVariants.getState();
    expect(s.groups.map((g) => g.name)).toEqual(['writeback-dirty40']);
    expect(s.variants.map((v) => [v.name, v.fileName])).toEqual([
      ['writeback-dirty40 #1', names[0]],
      ['writeback-dirty40 #2', names[1]],
      ['writeback-dirty40 #3', names[2]],
    ]);
  });

  it('keeps the order of separate variants too', async () => {
    const names = ['zeta.txt', 'alpha.txt', 'mid.txt'];
    await addFiles(names.map((n, i) => slowFile(n, 30 - i * 10)));
    expect(useVariants.getState().variants.map((v) => v.fileName)).toEqual(names);
  });

  it('adds a file whose head cannot be read as a run too, in its place, so its card can say why', async () => {
    const unreadable = {
      name: 'gone.txt',
      size: 10,
      slice: () => ({ arrayBuffer: () => Promise.reject(new Error('NotReadableError')) }),
    } as unknown as File;
    await addFiles([slowFile('a.txt', 10), unreadable, slowFile('b.txt', 0)]);
    expect(useVariants.getState().variants.map((v) => v.fileName)).toEqual(['a.txt', 'gone.txt', 'b.txt']);
  });
});

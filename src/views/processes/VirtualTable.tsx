// A sortable, filterable table that stays fast with many thousands of rows:
// only the rows in the scrolled window are in the DOM (fixed row height).
// Columns shrink to fit the page (no sideways scroll at 1280 px); a cell cut
// short shows its whole text on hover. Rows can be clicked (selected rows are
// marked, and named for screen readers).

import { useMemo, useState } from 'react';

export interface Column<T> {
  key: string;
  label: string;
  numeric?: boolean;
  value: (row: T) => number | string;
  render?: (row: T) => React.ReactNode;
  width?: number;
}

const ROW_H = 24;
const VIEW_H = 360;

export function VirtualTable<T>({
  rows,
  columns,
  filterText,
  filterOf,
  testId,
  caption,
  initialSort,
  onRowClick,
  isSelected,
  rowLabel,
}: {
  rows: T[];
  columns: Column<T>[];
  filterText: string;
  filterOf: (row: T) => string;
  testId: string;
  caption: string;
  initialSort: string;
  onRowClick?: (row: T) => void;
  isSelected?: (row: T) => boolean;
  /** Accessible name of a clickable row. */
  rowLabel?: (row: T) => string;
}) {
  const [sort, setSort] = useState<{ key: string; desc: boolean }>({ key: initialSort, desc: true });
  const [scrollTop, setScrollTop] = useState(0);
  const shown = useMemo(() => {
    const f = filterText.trim().toLowerCase();
    const filtered = f ? rows.filter((r) => filterOf(r).toLowerCase().includes(f)) : rows.slice();
    const col = columns.find((c) => c.key === sort.key) ?? columns[0];
    filtered.sort((a, b) => {
      const x = col.value(a);
      const y = col.value(b);
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return sort.desc ? -c : c;
    });
    return filtered;
  }, [rows, columns, filterText, filterOf, sort]);
  const first = Math.max(0, Math.floor(scrollTop / ROW_H) - 10);
  const last = Math.min(shown.length, Math.ceil((scrollTop + VIEW_H) / ROW_H) + 10);
  const template = columns.map((c) => (c.width ? `${c.width}px` : c.numeric ? 'minmax(56px, 1fr)' : 'minmax(90px, 2fr)')).join(' ');
  return (
    <div className="vtable" data-testid={testId} role="table" aria-label={caption} aria-rowcount={shown.length + 1}>
      <div className="vrow vhead" role="row" style={{ gridTemplateColumns: template }}>
        {columns.map((c) => (
          <div role="columnheader" key={c.key} aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'} className={c.numeric ? 'num' : ''}>
            <button type="button" className="sort" title={c.label} onClick={() => setSort((s) => ({ key: c.key, desc: s.key === c.key ? !s.desc : true }))}>
              {c.label}
              {sort.key === c.key ? (sort.desc ? ' ▾' : ' ▴') : ''}
            </button>
          </div>
        ))}
      </div>
      <div className="vbody" style={{ height: Math.min(VIEW_H, shown.length * ROW_H + 2) }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <div style={{ height: shown.length * ROW_H, position: 'relative' }}>
          {shown.slice(first, last).map((r, i) => (
            <div
              role="row"
              className={`vrow${onRowClick ? ' clickable' : ''}${isSelected?.(r) ? ' selected' : ''}`}
              key={first + i}
              aria-rowindex={first + i + 2}
              aria-selected={isSelected ? isSelected(r) : undefined}
              aria-label={rowLabel?.(r)}
              tabIndex={onRowClick ? 0 : undefined}
              onClick={onRowClick ? () => onRowClick(r) : undefined}
              onKeyDown={onRowClick ? (e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onRowClick(r)) : undefined}
              style={{ gridTemplateColumns: template, position: 'absolute', top: (first + i) * ROW_H, left: 0, right: 0, height: ROW_H }}
            >
              {columns.map((c) => (
                <div role="cell" key={c.key} className={c.numeric ? 'num' : 'text'} title={String(c.value(r))}>
                  {c.render ? c.render(r) : c.value(r)}
                </div>
              ))}
            </div>
          ))}
        </div>
      </div>
      <div className="vfoot muted">
        {shown.length} of {rows.length} rows
      </div>
    </div>
  );
}

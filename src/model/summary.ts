// The Summary: the rows of trace-vmscan-postprocess.pl's "Summary" block, with
// the JSON keys of fixtures/README.md. Times are milliseconds here; the script
// prints seconds with 2 decimals. Shared by CLI, worker and views.

export const SUMMARY_KEYS = [
  'directReclaims',
  'directPagesScanned',
  'directFilePagesScanned',
  'directAnonPagesScanned',
  'directPagesReclaimed',
  'directFilePagesReclaimed',
  'directAnonPagesReclaimed',
  'directWriteFileSync',
  'directWriteAnonSync',
  'directWriteFileAsync',
  'directWriteAnonAsync',
  'wakeKswapdRequests',
  'directStallMs',
  'kswapdWakeups',
  'kswapdPagesScanned',
  'kswapdFilePagesScanned',
  'kswapdAnonPagesScanned',
  'kswapdPagesReclaimed',
  'kswapdFilePagesReclaimed',
  'kswapdAnonPagesReclaimed',
  'kswapdWriteFileSync',
  'kswapdWriteAnonSync',
  'kswapdWriteFileAsync',
  'kswapdWriteAnonAsync',
  'kswapdAwakeMs',
] as const;

export type SummaryKey = (typeof SUMMARY_KEYS)[number];
export type Summary = Record<SummaryKey, number>;

export interface SummaryRowSpec {
  key: SummaryKey;
  /** The script's Summary label, without its colon. */
  label: string;
  unit: 'count' | 'pages' | 'ms';
  /** mmtests convention: for these rows less is better. */
  lowerIsBetter: boolean;
  /** The script's text line prefix (label, colon and tabs) up to the value. */
  scriptPrefix: string;
}

// Labels and tab layout copied from the Summary printing of the 6.12 script.
export const SUMMARY_ROWS: SummaryRowSpec[] = [
  { key: 'directReclaims', label: 'Direct reclaims', unit: 'count', lowerIsBetter: true, scriptPrefix: 'Direct reclaims:     \t\t\t' },
  { key: 'directPagesScanned', label: 'Direct reclaim pages scanned', unit: 'pages', lowerIsBetter: true, scriptPrefix: 'Direct reclaim pages scanned:\t\t' },
  { key: 'directFilePagesScanned', label: 'Direct reclaim file pages scanned', unit: 'pages', lowerIsBetter: true, scriptPrefix: 'Direct reclaim file pages scanned:\t' },
  { key: 'directAnonPagesScanned', label: 'Direct reclaim anon pages scanned', unit: 'pages', lowerIsBetter: true, scriptPrefix: 'Direct reclaim anon pages scanned:\t' },
  { key: 'directPagesReclaimed', label: 'Direct reclaim pages reclaimed', unit: 'pages', lowerIsBetter: true, scriptPrefix: 'Direct reclaim pages reclaimed:\t\t' },
  { key: 'directFilePagesReclaimed', label: 'Direct reclaim file pages reclaimed', unit: 'pages', lowerIsBetter: true, scriptPrefix: 'Direct reclaim file pages reclaimed:\t' },
  { key: 'directAnonPagesReclaimed', label: 'Direct reclaim anon pages reclaimed', unit: 'pages', lowerIsBetter: true, scriptPrefix: 'Direct reclaim anon pages reclaimed:\t' },
  { key: 'directWriteFileSync', label: 'Direct reclaim write file sync I/O', unit: 'pages', lowerIsBetter: true, scriptPrefix: 'Direct reclaim write file sync I/O:\t' },
  { key: 'directWriteAnonSync', label: 'Direct reclaim write anon sync I/O', unit: 'pages', lowerIsBetter: true, scriptPrefix: 'Direct reclaim write anon sync I/O:\t' },
  { key: 'directWriteFileAsync', label: 'Direct reclaim write file async I/O', unit: 'pages', lowerIsBetter: true, scriptPrefix: 'Direct reclaim write file async I/O:\t' },
  { key: 'directWriteAnonAsync', label: 'Direct reclaim write anon async I/O', unit: 'pages', lowerIsBetter: true, scriptPrefix: 'Direct reclaim write anon async I/O:\t' },
  { key: 'wakeKswapdRequests', label: 'Wake kswapd requests', unit: 'count', lowerIsBetter: true, scriptPrefix: 'Wake kswapd requests:\t\t\t' },
  { key: 'directStallMs', label: 'Time stalled direct reclaim', unit: 'ms', lowerIsBetter: true, scriptPrefix: 'Time stalled direct reclaim: \t\t' },
  { key: 'kswapdWakeups', label: 'Kswapd wakeups', unit: 'count', lowerIsBetter: true, scriptPrefix: 'Kswapd wakeups:\t\t\t\t' },
  { key: 'kswapdPagesScanned', label: 'Kswapd pages scanned', unit: 'pages', lowerIsBetter: true, scriptPrefix: 'Kswapd pages scanned:\t\t\t' },
  { key: 'kswapdFilePagesScanned', label: 'Kswapd file pages scanned', unit: 'pages', lowerIsBetter: true, scriptPrefix: 'Kswapd file pages scanned:\t\t' },
  { key: 'kswapdAnonPagesScanned', label: 'Kswapd anon pages scanned', unit: 'pages', lowerIsBetter: true, scriptPrefix: 'Kswapd anon pages scanned:\t\t' },
  { key: 'kswapdPagesReclaimed', label: 'Kswapd pages reclaimed', unit: 'pages', lowerIsBetter: true, scriptPrefix: 'Kswapd pages reclaimed:\t\t\t' },
  { key: 'kswapdFilePagesReclaimed', label: 'Kswapd file pages reclaimed', unit: 'pages', lowerIsBetter: true, scriptPrefix: 'Kswapd file pages reclaimed:\t\t' },
  { key: 'kswapdAnonPagesReclaimed', label: 'Kswapd anon pages reclaimed', unit: 'pages', lowerIsBetter: true, scriptPrefix: 'Kswapd anon pages reclaimed:\t\t' },
  { key: 'kswapdWriteFileSync', label: 'Kswapd reclaim write file sync I/O', unit: 'pages', lowerIsBetter: true, scriptPrefix: 'Kswapd reclaim write file sync I/O:\t' },
  { key: 'kswapdWriteAnonSync', label: 'Kswapd reclaim write anon sync I/O', unit: 'pages', lowerIsBetter: true, scriptPrefix: 'Kswapd reclaim write anon sync I/O:\t' },
  { key: 'kswapdWriteFileAsync', label: 'Kswapd reclaim write file async I/O', unit: 'pages', lowerIsBetter: true, scriptPrefix: 'Kswapd reclaim write file async I/O:\t' },
  { key: 'kswapdWriteAnonAsync', label: 'Kswapd reclaim write anon async I/O', unit: 'pages', lowerIsBetter: true, scriptPrefix: 'Kswapd reclaim write anon async I/O:\t' },
  { key: 'kswapdAwakeMs', label: 'Time kswapd awake', unit: 'ms', lowerIsBetter: true, scriptPrefix: 'Time kswapd awake:\t\t\t' },
];

export function zeroSummary(): Summary {
  const s = {} as Summary;
  for (const k of SUMMARY_KEYS) s[k] = 0;
  return s;
}

/** The `extra` block of the JSON output (fixtures/README.md). */
export interface Extra {
  directEpisodes: number;
  directReclaimedByEnd: number;
  compactionEpisodes: number;
  compactionMs: number;
  memcgReclaims: number;
  memcgStallMs: number;
  openAtEnd: number;
  lostEvents: number;
}

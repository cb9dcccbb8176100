// The one error type parsing throws: a code for programs and a sentence for
// people. The sentence never names the file; callers prefix it (`FILE: ...`).

export type TraceErrorCode =
  | 'empty'
  | 'binary'
  | 'trace-dat'
  | 'no-events'
  | 'unreadable'
  | 'decompress'
  | 'truncated'
  | 'cancelled'
  | 'too-large';

export class TraceError extends Error {
  readonly code: TraceErrorCode;
  /** 1-based line number the message is about, when there is one. */
  readonly line: number | null;

  constructor(code: TraceErrorCode, message: string, line: number | null = null) {
    super(message);
    this.name = 'TraceError';
    this.code = code;
    this.line = line;
  }
}

export function isTraceError(e: unknown): e is TraceError {
  return e instanceof Error && e.name === 'TraceError' && 'code' in e;
}

import { describe, expect, it } from 'vitest';
import { parseTimeV } from './time-v.ts';

describe('reading /usr/bin/time -v output', () => {
  it('adds user and system seconds', () => {
    const out = `\tCommand being timed: "./run-bench"\n\tUser time (seconds): 311.34\n\tSystem time (seconds): 40.44\n\tPercent of CPU this job got: 357%\n`;
    expect(parseTimeV(out)).toBe(351.78);
  });
  it('returns null for anything else', () => {
    expect(parseTimeV('12.5')).toBeNull();
    expect(parseTimeV('User time (seconds): 1')).toBeNull();
  });
});

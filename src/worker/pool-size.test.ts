// The app's worker pool leaves the page a core: on two cores a second parsing
// worker starved the page's renders while traces loaded (client.ts poolSize).

import { describe, expect, it } from 'vitest';
import { poolSize } from './client.ts';

describe('poolSize', () => {
  it('is one worker per core but one, at least one and at most four', () => {
    expect([1, 2, 3, 4, 5, 8, 64].map(poolSize)).toEqual([1, 1, 2, 3, 4, 4, 4]);
  });
});

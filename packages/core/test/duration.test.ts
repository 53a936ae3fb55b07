import { normalizeDuration, PomeriumError, parseDurationSeconds } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';

describe('durations', () => {
  it.each([
    ['30s', 30],
    ['1m30s', 90],
    ['1h', 3600],
    ['250ms', 0.25],
    ['1.5h', 5400],
    ['100us', 0.0001],
    ['1h2m3s4ms', 3723.004],
  ])('parses %s', (input, seconds) => {
    expect(parseDurationSeconds(input)).toBeCloseTo(seconds, 9);
  });

  it('normalises to seconds', () => {
    expect(normalizeDuration('1m30s')).toBe('90s');
    expect(normalizeDuration('1500ms')).toBe('1.5s');
    expect(normalizeDuration('0s')).toBe('0s');
    expect(normalizeDuration('1ns')).toBe('0.000000001s');
    expect(normalizeDuration('2h')).toBe('7200s');
  });

  it.each(['', '30', 's', '1d', '1m30', ' 30s'])('rejects %j', (input) => {
    expect(() => parseDurationSeconds(input)).toThrow(PomeriumError);
  });
});

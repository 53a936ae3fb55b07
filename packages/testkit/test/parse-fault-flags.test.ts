import { describe, expect, it } from 'vitest';
import { parseFaultFlags } from '../src/shared/parse-fault-flags.js';

describe('the --fault-* flags of the fake console commands', () => {
  it('are off without --fault-rate', () => {
    expect(parseFaultFlags({})).toBeUndefined();
  });

  it('read rate, kinds, seed and the timings', () => {
    expect(
      parseFaultFlags({
        'fault-rate': '0.2',
        'fault-kinds': 'unavailable, stall',
        'fault-seed': '42',
        'fault-stall-ms': '500',
        'fault-slow-body-ms': '100',
        'fault-retry-after-seconds': '0',
      }),
    ).toEqual({
      rate: 0.2,
      kinds: ['unavailable', 'stall'],
      seed: 42,
      stallMs: 500,
      slowBodyMs: 100,
      retryAfterSeconds: 0,
    });
  });

  it('refuse bad values, naming the flag or field', () => {
    expect(() => parseFaultFlags({ 'fault-rate': 'often' })).toThrow(/faults\.rate/);
    expect(() => parseFaultFlags({ 'fault-rate': '0.1', 'fault-kinds': 'boom' })).toThrow(/--fault-kinds.*boom/);
    expect(() => parseFaultFlags({ 'fault-rate': '0.1', 'fault-seed': '1.5' })).toThrow(/faults\.seed/);
    expect(() => parseFaultFlags({ 'fault-seed': '1' })).toThrow(/--fault-rate/);
    expect(() => parseFaultFlags({ 'fault-rate': '0.1', 'fault-stall-ms': '-1' })).toThrow(/faults\.stallMs/);
  });
});

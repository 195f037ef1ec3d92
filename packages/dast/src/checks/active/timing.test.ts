import { describe, expect, it } from 'vitest';
import { chooseDelaySec, delayThresholdMs, latencyBaseline } from './timing.js';

describe('timing statistics', () => {
  it('summarises latency samples', () => {
    const b = latencyBaseline([10, 20, 30, 40, 50]);
    expect(b.mean).toBe(30);
    expect(b.sd).toBeCloseTo(15.81, 2);
    expect(b.min).toBe(10);
    expect(b.max).toBe(50);
    expect(b.upper).toBeCloseTo(30 + 7 * 15.81, 1);
  });

  it('injects at least the floor, and more on slow or noisy targets', () => {
    expect(chooseDelaySec(latencyBaseline([20, 22, 21, 25, 23]))).toBe(2);
    expect(chooseDelaySec(latencyBaseline([20, 22, 21, 25, 23]), { minDelaySec: 1 })).toBe(1);
    // upper = 150 + 7·sd ≈ 1.3 s, so a 1 s delay could hide in the noise.
    expect(chooseDelaySec(latencyBaseline([0, 300, 150, 50, 250]), { minDelaySec: 1 })).toBe(2);
  });

  it('gives up on targets too erratic to time', () => {
    expect(chooseDelaySec(latencyBaseline([100, 9000, 200, 4000, 300]))).toBeUndefined();
  });

  it('puts the threshold at the baseline maximum plus 80% of the delay', () => {
    const b = latencyBaseline([20, 30, 40]);
    expect(delayThresholdMs(b, 2)).toBe(40 + 1600);
    expect(delayThresholdMs(b, 4)).toBe(40 + 3200);
  });
});

import { describe, expect, it } from 'vitest';
import {
  detectTimestampUnit,
  formatTsUs,
  parseEpochDigitsToUs,
  parseTimeArg,
  toUs,
} from '../../../engine/core/time';

describe('timestamp units', () => {
  it('detects s, ms, µs and ns from magnitude', () => {
    expect(detectTimestampUnit(1_723_161_255)).toBe('s');
    expect(detectTimestampUnit(1_723_161_255_208)).toBe('ms');
    expect(detectTimestampUnit(1_723_161_255_208_123)).toBe('us');
    expect(detectTimestampUnit(1.723161253937085768e18)).toBe('ns');
  });
  it('converts each unit to µs', () => {
    expect(toUs(1_723_161_255, 's')).toBe(1_723_161_255_000_000);
    expect(toUs(1_723_161_255_208, 'ms')).toBe(1_723_161_255_208_000);
    expect(toUs(1_723_161_255_208_123, 'us')).toBe(1_723_161_255_208_123);
  });
  it('keeps nanosecond digits exact to the microsecond', () => {
    // 1723161253937085768 ns is beyond 2^53: a Number would round it.
    expect(parseEpochDigitsToUs('1723161253937085768')).toBe(1_723_161_253_937_085);
    expect(parseEpochDigitsToUs('1723161255208')).toBe(1_723_161_255_208_000);
    expect(() => parseEpochDigitsToUs('12a')).toThrow(/not an integer epoch time/);
  });
  it('formats and parses ISO times', () => {
    expect(formatTsUs(1_723_161_255_208_123)).toBe('2024-08-08T23:54:15.208123Z');
    expect(parseTimeArg('2024-08-08')).toBe(1_723_075_200_000_000);
    expect(parseTimeArg('2024-08-08T23:54:15.208Z')).toBe(1_723_161_255_208_000);
    expect(parseTimeArg('1723161255208')).toBe(1_723_161_255_208_000);
    expect(() => parseTimeArg('yesterday')).toThrow(/allowed an ISO-8601/);
  });
});

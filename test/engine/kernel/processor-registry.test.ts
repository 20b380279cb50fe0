import { describe, expect, it } from 'vitest';
import { createProcessors, parseProcessorList } from '../../../engine/kernel/processor-registry';

describe('processor registry', () => {
  it('parses the benchmark list with labels and parameters', () => {
    const specs = parseProcessorList(
      ' sma:20, ema:50,rsi:14,vwap:60s,zscore:500,bbo ,var:1000,drawdown,limit',
    );
    expect(specs.map((s) => [s.label, s.param])).toEqual([
      ['sma:20', 20],
      ['ema:50', 50],
      ['rsi:14', 14],
      ['vwap:60s', 60_000_000],
      ['zscore:500', 500],
      ['bbo', NaN],
      ['var:1000', 1000],
      ['drawdown', 1],
      ['limit', 1_000_000],
    ]);
    expect(parseProcessorList('vwap:500ms,vwap:5m')[1]?.param).toBe(300_000_000);
    const procs = createProcessors(
      'sma:20,ema:50,rsi:14,vwap:60s,zscore:500,bbo,momentum:10,rvol:10,flow:10,obi:5',
    );
    expect(procs.map((p) => p.name)).toEqual([
      'sma:20',
      'ema:50',
      'rsi:14',
      'vwap:60s',
      'zscore:500',
      'bbo',
      'momentum:10',
      'rvol:10',
      'flow:10',
      'obi:5',
    ]);
  });

  it('rejects unknown names, bad parameters and duplicates, saying what is allowed', () => {
    expect(() => parseProcessorList('sma:20,macd:3')).toThrow(/"macd:3": unknown processor; allowed: sma:20/);
    expect(() => parseProcessorList('sma')).toThrow(/needs a parameter/);
    expect(() => parseProcessorList('sma:0')).toThrow(/integer ≥ 1/);
    expect(() => parseProcessorList('vwap:60x')).toThrow(/duration/);
    expect(() => parseProcessorList('bbo:3')).toThrow(/no parameter/);
    expect(() => parseProcessorList('ema:5,ema:5')).toThrow(/twice/);
    expect(() => parseProcessorList(' , ')).toThrow(/empty/);
    expect(() => createProcessors('zscore:1')).toThrow(/zscore:1/);
  });
});

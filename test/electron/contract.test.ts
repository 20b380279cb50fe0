import { describe, expect, it } from 'vitest';
import { EVENT_NAMES, METHOD_NAMES, SCHEMAS, parseMethodName } from '../../electron/common/contract';

describe('the IPC contract', () => {
  it('lists every method of every service once, in service.method form', () => {
    const expected = Object.entries(SCHEMAS).flatMap(([s, methods]) =>
      Object.keys(methods).map((m) => `${s}.${m}`),
    );
    expect([...METHOD_NAMES].sort()).toEqual(expected.sort());
    expect(new Set(METHOD_NAMES).size).toBe(METHOD_NAMES.length);
    expect(Object.keys(SCHEMAS).sort()).toEqual([
      'backtest',
      'data',
      'montecarlo',
      'query',
      'replay',
      'scripts',
      'workspace',
    ]);
    expect(METHOD_NAMES).toContain('data.importFiles');
    expect(METHOD_NAMES).toContain('replay.seek');
    expect(EVENT_NAMES).toEqual(['job.progress', 'job.finished', 'replay.progress']);
  });

  it('resolves only contract methods (no prototype or inherited names)', () => {
    expect(parseMethodName('query.run')?.service).toBe('query');
    for (const bad of [
      'query',
      'query.',
      '.run',
      'query.run.x',
      'data.constructor',
      '__proto__.x',
      'data.toString',
      42,
      null,
    ]) {
      expect(parseMethodName(bad), String(bad)).toBeUndefined();
    }
  });

  it('every object schema refuses unknown keys', () => {
    for (const name of METHOD_NAMES) {
      const parsed = parseMethodName(name);
      if (parsed === undefined) throw new Error(name);
      expect(() => parsed.schema.check({ surely_unknown: 1 }, name), name).toThrow(
        /surely_unknown|allowed no arguments/,
      );
    }
  });

  it('bounds query limits and checks import formats', () => {
    const run = parseMethodName('query.run');
    expect(() => run?.schema.check({ sql: 'SELECT 1', limit: 100_001 }, 'a')).toThrow(
      /allowed an integer in \[1, 100000\]/,
    );
    const imp = parseMethodName('data.importFiles');
    expect(() => imp?.schema.check({ paths: ['/x'], format: 'excel' }, 'a')).toThrow(/one of "binance-ws"/);
    expect(imp?.schema.check({ paths: ['/x'], format: 'csv' }, 'a')).toEqual({
      paths: ['/x'],
      format: 'csv',
    });
  });
});

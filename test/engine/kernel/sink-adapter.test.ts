// The bridge from bus values to a series sink: a sink that takes keyed rows gets, row for row,
// what a sink of strings gets (keys announced once each, ids dense in first-use order),
// including values of a stream outside the session's table.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SignalBus } from '../../../engine/bus/signal-bus';
import { SinkAdapter } from '../../../engine/kernel/sink-adapter';
import type { SeriesSink } from '../../../engine/kernel/series-sink';
import type { StreamInfo } from '../../../engine/model/events';

type Row = readonly [number, string, string, string, string, number];

const STREAMS: StreamInfo[] = [
  { id: 0, venue: 'binance', symbol: 'BTCUSDT', kind: 'trades', source: 'a' },
  { id: 2, venue: 'bybit', symbol: 'ETHUSDT', kind: 'book', source: 'b' },
];

class Strings implements SeriesSink {
  readonly rows: Row[] = [];
  write(tsUs: number, processor: string, venue: string, symbol: string, name: string, value: number): void {
    this.rows.push([tsUs, processor, venue, symbol, name, value]);
  }
}

class Keyed implements SeriesSink {
  readonly rows: Row[] = [];
  readonly keys: (readonly [string, string, string, string])[] = [];
  write(): void {
    throw new Error('write called on a keyed sink');
  }
  defineKey(keyId: number, processor: string, venue: string, symbol: string, name: string): void {
    expect(keyId).toBe(this.keys.length);
    this.keys.push([processor, venue, symbol, name]);
  }
  writeKeyed(tsUs: number, keyId: number, value: number): void {
    const k = this.keys[keyId];
    if (k === undefined) throw new Error(`key ${keyId} never announced`);
    this.rows.push([tsUs, ...k, value]);
  }
}

describe('SinkAdapter', () => {
  it('gives a keyed sink the rows a sink of strings gets, each key announced once', () => {
    const value = fc.record({
      p: fc.nat({ max: 2 }),
      s: fc.constantFrom(0, 1, 2, 7),
      n: fc.nat({ max: 2 }),
      v: fc.double(),
    });
    fc.assert(
      fc.property(fc.array(value, { maxLength: 60 }), (values) => {
        const bus = new SignalBus();
        for (const l of ['ema:20', 'bbo', 'var:100']) bus.processors.intern(l);
        for (const n of ['ema', 'bid', 'ask']) bus.names.intern(n);
        const strings = new Strings();
        const keyed = new Keyed();
        const a = new SinkAdapter(strings, bus, STREAMS);
        const b = new SinkAdapter(keyed, bus, STREAMS);
        values.forEach((x, i) => {
          a.onValue(i, x.p, x.s, x.n, x.v);
          b.onValue(i, x.p, x.s, x.n, x.v);
        });
        expect(keyed.rows).toEqual(strings.rows);
        const distinct = new Set(values.map((x) => `${x.p},${x.s},${x.n}`));
        expect(keyed.keys).toHaveLength(distinct.size);
      }),
    );
  });
});

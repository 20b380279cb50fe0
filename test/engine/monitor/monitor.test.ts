import { describe, expect, it } from 'vitest';
import type { AlertEvent, BusEvent } from '../../../engine/bus/bus-events';
import { SignalBus } from '../../../engine/bus/signal-bus';
import { KernelMonitor } from '../../../engine/monitor/kernel-monitor';
import { LogHistogram } from '../../../engine/monitor/log-histogram';

describe('LogHistogram', () => {
  it('quantiles within half a bucket (±4.5 %) of the exact order statistic', () => {
    const h = new LogHistogram();
    const xs: number[] = [];
    let s = 42;
    for (let i = 0; i < 20_000; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      const x = Math.exp((s / 4294967296) * 12) * 0.5; // log-uniform 0.5 … 80 000
      xs.push(x);
      h.record(x);
    }
    xs.sort((a, b) => a - b);
    for (const q of [0.5, 0.9, 0.99, 0.999]) {
      const exact = xs[Math.ceil(q * xs.length) - 1] ?? NaN;
      expect(Math.abs(h.quantile(q) / exact - 1)).toBeLessThan(0.045);
    }
    expect(h.count).toBe(20_000);
    expect(h.max).toBe(xs.at(-1));
  });
});

describe('KernelMonitor alerts', () => {
  it('edge-triggered alerts on the bus for latency, errors, lag and memory, with the default thresholds', () => {
    let mem = 0.5;
    const m = new KernelMonitor({}, { hrNowMs: () => 0, memoryFraction: () => mem });
    const bus = new SignalBus();
    const alerts: AlertEvent[] = [];
    bus.subscribe((e: BusEvent) => {
      if (e.type === 'alert') alerts.push(e);
    });
    const p = m.register('ema:20');
    p.events = 10_000;
    for (let i = 0; i < 1000; i++) p.latencyUs.record(50_000); // 50 ms: under 100 ms
    m.check(1, bus);
    expect(alerts).toEqual([]);
    for (let i = 0; i < 100; i++) p.latencyUs.record(200_000); // p99 → 200 ms
    p.errors = 11; // 0.11 % > 0.1 %
    m.setLag(10_001);
    mem = 0.81;
    m.check(2, bus);
    m.check(3, bus); // still breached: no repeat
    expect(alerts.map((a) => [a.metric, a.processor, a.active])).toEqual([
      ['latency-p99', 'ema:20', true],
      ['error-rate', 'ema:20', true],
      ['lag', '', true],
      ['memory', '', true],
    ]);
    m.setLag(0);
    m.check(4, bus);
    expect(alerts.at(-1)).toMatchObject({ metric: 'lag', active: false, tsUs: 4 });
    expect(m.report().activeAlerts).toEqual(['latency-p99:ema:20', 'error-rate:ema:20', 'memory']);
  });
});

import { describe, expect, it } from 'vitest';
import type { EventMap, EventName } from '../../electron/common/contract';
import { EventHub } from '../../electron/main/services/event-hub';
import { JobRegistry } from '../../electron/main/services/jobs';

function recorder(hub: EventHub): {
  events: [EventName, unknown][];
  finished: Promise<EventMap['job.finished']>;
} {
  const events: [EventName, unknown][] = [];
  let resolve: (e: EventMap['job.finished']) => void = () => undefined;
  const finished = new Promise<EventMap['job.finished']>((r) => (resolve = r));
  hub.subscribe((event, payload) => {
    events.push([event, payload]);
    if (event === 'job.finished') resolve(payload as EventMap['job.finished']);
  });
  return { events, finished };
}

describe('jobs', () => {
  it('returns a ticket at once, conflates progress and reports the result', async () => {
    const hub = new EventHub();
    const jobs = new JobRegistry(hub);
    const { events, finished } = recorder(hub);
    const ticket = jobs.start('import', async (_signal, report) => {
      for (let i = 1; i <= 10_000; i++) report.progress('rows', i, 10_000);
      await new Promise((r) => setTimeout(r, 5));
      return { summary: '1 dataset(s)', datasets: ['a'] };
    });
    expect(events).toEqual([]);
    const end = await finished;
    expect(end).toEqual({
      jobId: ticket.jobId,
      kind: 'import',
      outcome: { status: 'done', summary: '1 dataset(s)', datasets: ['a'] },
    });
    const progress = events
      .filter(([e]) => e === 'job.progress')
      .map(([, p]) => p as EventMap['job.progress']);
    // 10 000 reports in one burst become very few events, and the last one is the final state.
    expect(progress.length).toBeLessThan(5);
    expect(progress.at(-1)).toMatchObject({ done: 10_000, total: 10_000 });
    expect(jobs.running).toBe(0);
  });

  it('cancels through the AbortSignal and reports failures with their code', async () => {
    const hub = new EventHub();
    const jobs = new JobRegistry(hub);
    const { finished } = recorder(hub);
    const ticket = jobs.start(
      'import',
      (signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            reject(new Error('aborted'));
          });
        }),
    );
    await new Promise((r) => setImmediate(r));
    expect(jobs.cancel(ticket.jobId)).toBe(true);
    expect((await finished).outcome).toEqual({ status: 'cancelled' });
    expect(jobs.cancel(ticket.jobId)).toBe(false);

    const second = recorder(hub);
    jobs.start('import', () => Promise.reject(new Error('disk full')));
    expect((await second.finished).outcome).toEqual({
      status: 'failed',
      code: 'internal',
      message: 'disk full',
    });
  });
});

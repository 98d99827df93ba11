import { describe, expect, it } from 'vitest';
import { createReporter } from '../../../src/runtime/execution/progress-reporters.ts';
import type { ProgressEvent } from '../../../src/runtime/execution/progress-events.ts';

/** A stand-in terminal: records what is written, with cursor moves as no-ops. */
function fakeTerminal() {
  const out: string[] = [];
  const stream = {
    isTTY: true,
    columns: 120,
    write(s: string): boolean {
      out.push(s);
      return true;
    },
    cursorTo: () => true,
    moveCursor: () => true,
    clearLine: () => true,
    clearScreenDown: () => true,
    on: () => stream,
    removeListener: () => stream,
  };
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => out.join('') };
}

const run: ProgressEvent[] = [
  { event: 'run_start', tasks: 5, toCompute: 2, cachedSinks: 1 },
  { event: 'task_start', id: 'vae:shared/-/r0', kind: 'train_vae', index: 1, of: 2 },
  { event: 'task_progress', id: 'vae:shared/-/r0', done: 50, total: 100, unit: 'step', loss: 0.123456 },
  { event: 'task_done', id: 'vae:shared/-/r0', kind: 'train_vae', status: 'computed', seconds: 1.5 },
  { event: 'task_done', id: 'eval:baseline/-/r0', kind: 'evaluate', status: 'cached', seconds: 0 },
  { event: 'task_start', id: 'eval:noise/-/r0', kind: 'evaluate', index: 2, of: 2 },
  { event: 'task_failed', id: 'eval:noise/-/r0', kind: 'evaluate', message: 'metric weighted_f1 is NaN' },
];

describe('progress reporters', () => {
  it('plain: one line per computed task with its last loss; the failure is left to the final error', () => {
    const t = fakeTerminal();
    const r = createReporter('plain', t.stream);
    run.forEach(r.listener);
    expect(t.text()).toBe(
      [
        'augc: 5 tasks in the plan; 2 to compute, the rest from the cache or not needed',
        '[1/2] train_vae vae:shared/-/r0',
        '        done vae:shared/-/r0 in 1.5 s (last loss 0.1235)',
        '[2/2] evaluate eval:noise/-/r0',
        '        eval:noise/-/r0 failed (the error follows)',
        '',
      ].join('\n'),
    );
  });

  it('bars: the run bar and the current task with its loss, redrawn on a terminal', () => {
    const t = fakeTerminal();
    const r = createReporter('bars', t.stream);
    run.slice(0, 3).forEach(r.listener);
    r.stop(); // renders a final frame
    expect(t.text()).toMatch(/run +\|[^|]+\| 0\/2 tasks \| ETA/);
    expect(t.text()).toMatch(/train_vae[^\n]*\| 50\/100 steps \| loss 0\.1235 \| vae:shared\/-\/r0/);
  });

  it('bars: one bar per running task and the busy workers on the run bar', () => {
    const t = fakeTerminal();
    const r = createReporter('bars', t.stream);
    r.listener({ event: 'run_start', tasks: 9, toCompute: 4, cachedSinks: 0 });
    r.listener({ event: 'task_start', id: 'vae:a/r0', kind: 'train_vae', index: 1, of: 4 });
    r.listener({ event: 'task_start', id: 'vae:a/r1', kind: 'train_vae', index: 2, of: 4 });
    r.listener({ event: 'workers', active: 2, slots: 2 });
    r.listener({ event: 'task_progress', id: 'vae:a/r0', done: 3, total: 10, unit: 'step', loss: 0.5 });
    r.listener({ event: 'task_progress', id: 'vae:a/r1', done: 7, total: 10, unit: 'step', loss: 0.25 });
    r.stop();
    expect(t.text()).toMatch(/0\/4 tasks \| ETA [^|]*\| 2\/2 workers busy/);
    expect(t.text()).toMatch(/3\/10 steps \| loss 0\.5000 \| vae:a\/r0/);
    expect(t.text()).toMatch(/7\/10 steps \| loss 0\.2500 \| vae:a\/r1/);
  });

  it('json: every event as one JSON line; quiet: nothing', () => {
    const t = fakeTerminal();
    const r = createReporter('json', t.stream);
    run.forEach(r.listener);
    expect(
      t
        .text()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual(run);
    const q = fakeTerminal();
    run.forEach(createReporter('quiet', q.stream).listener);
    expect(q.text()).toBe('');
  });
});

/**
 * Progress reporters for `augc run`: bars with ETA on a terminal (cli-progress: the whole run with
 * the number of busy workers, and one bar per running task with its latest loss), plain lines when
 * output is not a terminal (logs, CI), JSON lines on stderr for tools (--json), or nothing (--quiet).
 * Tasks run concurrently on several workers, so every line names its task.
 */
import cliProgress from 'cli-progress';
import type { ProgressEvent, ProgressListener } from './progress-events.ts';

export type ProgressMode = 'bars' | 'plain' | 'json' | 'quiet';

/** A listener plus a `stop()` that clears bars (call it before printing an error). */
export interface Reporter {
  listener: ProgressListener;
  stop(): void;
}

const lossText = (loss: number | null): string => (loss === null || !Number.isFinite(loss) ? '–' : loss.toPrecision(4));

/** The reporter for a mode; bars and plain write to `stream` (stderr by default). */
export function createReporter(mode: ProgressMode, stream: NodeJS.WriteStream = process.stderr): Reporter {
  if (mode === 'quiet') return { listener: () => {}, stop: () => {} };
  if (mode === 'json') return { listener: (e) => stream.write(`${JSON.stringify(e)}\n`), stop: () => {} };
  if (mode === 'plain') return plainReporter(stream);
  return barReporter(stream);
}

function plainReporter(stream: NodeJS.WriteStream): Reporter {
  const lastLoss = new Map<string, number | null>();
  let cachedHits = 0;
  const write = (line: string) => stream.write(`${line}\n`);
  const listener = (e: ProgressEvent) => {
    switch (e.event) {
      case 'run_start':
        write(`augc: ${e.tasks} tasks in the plan; ${e.toCompute} to compute, the rest from the cache or not needed`);
        break;
      case 'task_start':
        write(`[${e.index}/${e.of}] ${e.kind} ${e.id}`);
        break;
      case 'task_progress':
        lastLoss.set(e.id, e.loss);
        break;
      case 'task_done': {
        if (e.status === 'cached') {
          cachedHits++;
          break;
        }
        const loss = lastLoss.get(e.id) ?? null;
        lastLoss.delete(e.id);
        write(`        done ${e.id} in ${e.seconds.toFixed(1)} s${loss !== null ? ` (last loss ${lossText(loss)})` : ''}`);
        break;
      }
      case 'cache_discarded':
        write(`augc: the cache entry of ${e.id} was damaged; recomputing it`);
        break;
      case 'task_failed':
        write(`        ${e.id} failed (the error follows)`);
        break;
      case 'run_done':
        write(`augc: ${e.computed} tasks computed, ${cachedHits} read from the cache, ${e.seconds.toFixed(1)} s`);
        break;
    }
  };
  return { listener, stop: () => {} };
}

function barReporter(stream: NodeJS.WriteStream): Reporter {
  const multi = new cliProgress.MultiBar(
    {
      stream,
      clearOnComplete: false,
      hideCursor: true,
      etaBuffer: 20,
      format: ' {name} |{bar}| {value}/{total} {unit} | {detail}',
      barsize: 30,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let overall: cliProgress.SingleBar | null = null;
  let workers = '';
  const running = new Map<string, cliProgress.SingleBar>();
  const stopTask = (id: string) => {
    const bar = running.get(id);
    if (bar) multi.remove(bar);
    running.delete(id);
  };
  const listener = (e: ProgressEvent) => {
    switch (e.event) {
      case 'run_start':
        overall = multi.create(
          Math.max(1, e.toCompute),
          0,
          { detail: '', workers: '' },
          { format: ' run     |{bar}| {value}/{total} tasks | ETA {eta_formatted}{workers} {detail}' },
        );
        break;
      case 'workers':
        workers = ` | ${e.active}/${e.slots} workers busy`;
        overall?.update({ workers });
        break;
      case 'task_start':
        stopTask(e.id);
        running.set(e.id, multi.create(1, 0, { name: e.kind.padEnd(7).slice(0, 12), unit: '', detail: e.id }));
        break;
      case 'task_progress': {
        const bar = running.get(e.id);
        bar?.setTotal(e.total);
        bar?.update(e.done, { unit: `${e.unit}s`, detail: `loss ${lossText(e.loss)} | ${e.id}` });
        break;
      }
      case 'task_done':
        if (e.status === 'computed') {
          stopTask(e.id);
          overall?.increment(1);
        }
        break;
      case 'cache_discarded':
        multi.log(`augc: the cache entry of ${e.id} was damaged; recomputing it\n`);
        break;
      case 'task_failed':
        stopTask(e.id);
        break;
      case 'run_done':
        overall?.update(overall.getTotal(), {
          workers: '',
          detail: `| ${e.computed} computed, ${e.cached} cached, ${e.seconds.toFixed(1)} s`,
        });
        break;
    }
  };
  return { listener, stop: () => multi.stop() };
}

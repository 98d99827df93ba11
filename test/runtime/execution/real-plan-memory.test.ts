import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileSource } from '../../../src/compiler/index.ts';
import type { Plan } from '../../../src/plan/types.ts';
import type { TrainedVae } from '../../../src/runtime/components.ts';
import type { Components } from '../../../src/runtime/execution/types.ts';
import { executePlan } from '../../../src/runtime/execution/executor.ts';
import type { ProgressEvent } from '../../../src/runtime/execution/progress-events.ts';
import { realComponents, realDataLayer } from '../../../src/runtime/execution/real-modules.ts';

// a small real plan: a shared VAE and one VAE per class (with a GC filter) per repeat, on iris
const SPEC = `
experiment memory "tensors and outputs of a real run" {
  seed 11
  repeats 2
  data flowers = iris()
  split flowers stratified { pool 0.6, test 0.4 }
  vae shared { single on pool latent 2 encoder dense [8] decoder dense [8] likelihood gaussian train steps 20 batch 16 lr 1e-3 }
  vae per_flower { per_class on shots mix_in 0.0 latent 2 encoder dense [8] decoder dense [8] likelihood gaussian train steps 20 batch 4 lr 1e-3 }
  classifier net { mlp [8] epochs 2 batch 8 lr 1e-2 }
  sweep shots in [3, 5] per_class from pool
  arm baseline
  arm noise = shared.noise(alpha 0.5)
  arm multi = per_flower.prior(alpha 1.0) count same filter gc(early_checkpoint step 5, keep 0.5)
  metric accuracy
  report "memory.md" { table accuracy rows shots cols arm }
}
`;

describe('a real plan run', () => {
  let real: Components;
  let plan: Plan;
  beforeAll(async () => {
    real = await realComponents();
    await real.initBackend('wasm');
    const compiled = await compileSource(SPEC, 'scratch/memory.aug');
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]); // warnings about the tiny budget are expected
    plan = compiled.plan as Plan;
  });

  it('leaves no tensor behind: every VAE a task trains or loads is disposed when that task ends', async () => {
    const events: string[] = [];
    const made = { trained: 0, loaded: 0 };
    const traced = (vae: TrainedVae, how: string): TrainedVae => {
      const dispose = vae.dispose.bind(vae);
      vae.dispose = () => {
        events.push(`dispose ${how} ${vae.config.name}`);
        dispose();
      };
      return vae;
    };
    const components: Components = {
      ...real,
      trainVae: async (config, data, options) => {
        made.trained++;
        return traced(await real.trainVae(config, data, options), 'trained');
      },
      loadVae: (artifact) => {
        made.loaded++;
        return traced(real.loadVae(artifact), 'loaded');
      },
    };
    const before = tf.memory().numTensors;
    const result = await executePlan(plan, {
      components,
      data: await realDataLayer(),
      cache: null,
      augcVersion: 'test',
      backend: 'wasm',
      baseDir: 'scratch',
      onEvent: (e: ProgressEvent) => {
        if (e.event === 'task_start') events.push(`start ${e.id}`);
        if (e.event === 'task_done') events.push(`done ${e.id}`);
      },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.evaluations).toHaveLength(plan.tasks.filter((t) => t.kind === 'evaluate').length);
    const vaes = plan.tasks.filter((t) => t.kind === 'train_vae');
    expect(vaes.length).toBe(6); // 2 repeats × (1 shared + 2 shots cells of per_flower)
    expect(made.trained).toBe(6);
    // each generate, GC filter and figure task that samples from a VAE loads it from the store
    const users = plan.tasks.filter((t) => t.kind !== 'train_vae' && t.kind !== 'evaluate' && 'vaeTask' in t && t.vaeTask).length;
    expect(made.loaded).toBe(users);
    expect(events.filter((e) => e.startsWith('dispose trained'))).toHaveLength(6);
    expect(events.filter((e) => e.startsWith('dispose loaded'))).toHaveLength(users);
  });
});

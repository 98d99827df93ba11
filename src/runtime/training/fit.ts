/**
 * The one training loop (issue 14 §4), Keras' `fit` for every model of augc: the VAE stacks, the
 * downstream classifiers and the GC's classifier. The model supplies its loss (models/
 * trainable-model.ts); the loop runs, per optimizer step,
 *   next batch → loss and gradients → Adam → model's after-step (state, losses) → NaN guard
 *   → checkpoint → validation check (early stopping) → progress and a turn of the event loop,
 * until the step budget is used or early stopping ends it. Under early stopping the best weights
 * (the lowest validation loss over the checks) are restored at the end, whatever ended the run.
 *
 * Determinism: the loop draws nothing at random; the batches come from the caller's seeded
 * sampler and any noise from the model's own seeded generator.
 */
import * as tf from '@tensorflow/tfjs';
import type { StepLosses, TrainableModel } from '../models/trainable-model.ts';
import { readParams } from '../models/param-store.ts';
import type { ParamArrays } from '../models/param-store.ts';
import { Adam } from '../kernels/adam.ts';

/** Progress after a step: the step's losses and the latest validation loss (null before any). */
export interface FitProgress {
  step: number;
  steps: number;
  losses: StepLosses;
  validationLoss: number | null;
}

/** Early stopping: a validation check every `every` optimizer steps (and after the last step). */
export interface FitEarlyStopping {
  every: number;
  /** checks without an improvement of the validation loss before training stops */
  patience: number;
}

export interface FitOptions<Batch> {
  /** the step budget: optimizer steps to train unless early stopping ends the run sooner */
  steps: number;
  /** Adam's learning rate */
  lr: number;
  /** the next training batch; called once per step */
  nextBatch: () => Batch;
  /** null or absent: train the whole budget (the model's validationLoss is then not needed) */
  earlyStopping?: FitEarlyStopping | null;
  /**
   * Steps after which to copy the weights (the GC's early_checkpoint negatives). A step beyond the
   * steps trained gets the last trained weights (e.g. a smoke run's few steps).
   */
  checkpoints?: number[];
  /** report progress (and yield to the event loop) every this many steps, and after the last */
  reportEvery: number;
  onProgress?: (progress: FitProgress) => void;
}

export interface FitResult {
  /** optimizer steps run (the budget, or fewer when early stopping ended the run) */
  stepsTrained: number;
  /** the step whose weights the model holds now: the best validation check, else the last step */
  keptStep: number;
  stoppedEarly: boolean;
  /** every validation check, in order (empty without early stopping) */
  validation: { step: number; loss: number }[];
  /** the requested checkpoint steps → weights (by state name) */
  checkpoints: Map<number, ParamArrays>;
}

/** Adam, built inside a tidy so the zero tensors its moment variables start from are released. */
function createAdam(variables: tf.Variable[], lr: number): Adam {
  let adam: Adam | null = null;
  // tf.tidy returns only tensors: hand the optimizer out through the closure
  tf.tidy(() => {
    adam = new Adam(variables, { lr });
  });
  return adam as unknown as Adam;
}

/** Resolve on the next turn of the event loop. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The NaN guard: the error names the model, the step and the term. */
export function checkFinite(label: string, step: number, terms: Record<string, number>, hint: string): void {
  for (const [term, value] of Object.entries(terms)) {
    if (!Number.isFinite(value)) throw new Error(`${label} diverged at step ${step}: the ${term} loss is ${value}. ${hint}`);
  }
}

function checkOptions<Batch>(label: string, options: FitOptions<Batch>, model: TrainableModel<Batch>): void {
  if (!Number.isInteger(options.steps) || options.steps < 1)
    throw new Error(`${label} needs a budget of at least one training step (got ${options.steps}).`);
  const stop = options.earlyStopping;
  if (!stop) return;
  if (!model.validationLoss) throw new Error(`${label} has no validation loss to stop early on.`);
  if (!Number.isInteger(stop.every) || stop.every < 1 || !Number.isInteger(stop.patience) || stop.patience < 1) {
    throw new Error(
      `${label}: early stopping needs whole numbers every ≥ 1 and patience ≥ 1 (every ${stop.every}, patience ${stop.patience}).`,
    );
  }
}

/** Assign saved values to the model's state variables (restore of the best weights). */
function restore(state: Record<string, tf.Variable>, saved: ParamArrays): void {
  tf.tidy(() => {
    for (const [name, variable] of Object.entries(state)) variable.assign(tf.tensor(saved[name].data, saved[name].shape));
  });
}

/** Train `model` (see the file comment). On return the model's variables hold the kept weights. */
export async function fit<Batch>(model: TrainableModel<Batch>, options: FitOptions<Batch>): Promise<FitResult> {
  checkOptions(model.label, options, model);
  const { steps, earlyStopping } = options;
  const requested = options.checkpoints ?? [];
  const wanted = new Set(requested.map((s) => Math.min(s, steps)));
  const checkpoints = new Map<number, ParamArrays>();
  const validation: { step: number; loss: number }[] = [];
  let best: { step: number; loss: number; weights: ParamArrays } | null = null;
  let checksSinceBest = 0;
  let stoppedEarly = false;
  let step = 0;
  const adam = createAdam(model.trainable, options.lr);
  try {
    while (step < steps && !stoppedEarly) {
      step += 1;
      const batch = options.nextBatch();
      const { value, grads } = tf.variableGrads(() => model.loss(batch, step), model.trainable);
      let losses: StepLosses;
      try {
        adam.step(model.trainable.map((v) => grads[v.name]));
        losses = model.afterStep(value, step);
      } finally {
        tf.dispose([value, ...Object.values(grads)]);
      }
      checkFinite(model.label, step, losses.terms, model.divergenceHint);
      if (wanted.has(step)) checkpoints.set(step, readParams(model.state));
      // validate every `every` steps and after the last step, so the final weights compete too
      if (earlyStopping && model.validationLoss && (step % earlyStopping.every === 0 || step === steps)) {
        const loss = model.validationLoss();
        validation.push({ step, loss });
        // a NaN validation loss never counts as an improvement
        if (best === null ? Number.isFinite(loss) : loss < best.loss) {
          best = { step, loss, weights: readParams(model.state) };
          checksSinceBest = 0;
        } else if (++checksSinceBest >= earlyStopping.patience) stoppedEarly = true;
      }
      if (step % options.reportEvery === 0 || step === steps || stoppedEarly) {
        options.onProgress?.({ step, steps, losses, validationLoss: validation.at(-1)?.loss ?? null });
        // let timers (progress redraws) and signal handlers run during long trainings
        await yieldToEventLoop();
      }
    }
    const last = requested.some((s) => !checkpoints.has(s)) ? readParams(model.state) : null;
    for (const s of requested) if (!checkpoints.has(s)) checkpoints.set(s, checkpoints.get(Math.min(s, steps)) ?? (last as ParamArrays));
    for (const s of [...checkpoints.keys()]) if (!requested.includes(s)) checkpoints.delete(s);
    if (best) restore(model.state, best.weights);
    return { stepsTrained: step, keptStep: best ? best.step : step, stoppedEarly, validation, checkpoints };
  } finally {
    adam.dispose();
  }
}

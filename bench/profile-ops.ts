/**
 * `npx tsx bench/profile-ops.ts CASE [steps]`: where a training step's time goes, per kernel.
 * Runs `steps` (default 20) optimizer steps of a bench case (clf-mlp, clf-cnn, clf-cnn-spec, gc, vae-image)
 * inside tf.profile after a few warm-up steps and prints each kernel's share of the summed kernel
 * time, its calls per step and its time per step, plus the step time the kernels leave unexplained
 * (engine bookkeeping, JS loops outside kernels, read-backs). AUGC_KERNELS selects the kernel
 * options as for `augc run` (e.g. AUGC_KERNELS=plain, or all but nativeBlas by listing the rest).
 *
 * Kernel times are wall-clock (tf.profile's kernelMs on wasm), so profile on a quiet machine or
 * compare shares, not absolute times.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend, trainClassifier, trainVae } from '../src/runtime/index.ts';
import { CLASSIFIER_CASES, syntheticRows } from './classifier-cases.ts';
import { syntheticData, vaeConfig } from './train-vae-driver.ts';
import { IMAGE } from './vae-cases.ts';

const [caseName = 'clf-cnn', stepsArg = '20'] = process.argv.slice(2);
const steps = Number(stepsArg);
const backend = await initBackend();

/** one training run of `n` steps of the case */
async function run(n: number): Promise<void> {
  if (caseName === 'vae-image') {
    (await trainVae(vaeConfig(IMAGE, 'single', n), syntheticData(IMAGE, 1, 1), { seed: 1, checkpoints: [] })).dispose();
    return;
  }
  const c = CLASSIFIER_CASES.find((k) => k.name === caseName);
  if (!c) throw new Error(`profile-ops: unknown case '${caseName}'. Use vae-image, ${CLASSIFIER_CASES.map((k) => k.name).join(', ')}.`);
  (await trainClassifier(c.classifier, syntheticRows(c), null, { seed: 1, steps: n })).dispose();
}

await run(3);
const start = performance.now();
const profile = await tf.profile(() => run(steps) as unknown as tf.TensorContainer);
const wallMs = performance.now() - start;
const byKernel = new Map<string, { ms: number; calls: number }>();
for (const k of profile.kernels) {
  // tf.customGrad records its forward function as a kernel named 'forward' whose time includes the
  // kernels it runs (conv-ops.ts' convolution): counting it would count them twice
  if (k.name === 'forward') continue;
  const entry = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
  entry.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
  entry.calls += 1;
  byKernel.set(k.name, entry);
}
const totalMs = [...byKernel.values()].reduce((s, e) => s + e.ms, 0);
console.log(
  `${caseName}: ${steps} steps on ${backend.name}${backend.nativeBlas ? ` + ${backend.nativeBlas}` : ''}; ${(wallMs / steps).toFixed(1)} ms/step wall, kernels ${(totalMs / steps).toFixed(1)} ms/step, ${(profile.kernels.filter((k) => k.name !== 'forward').length / steps).toFixed(0)} kernels/step`,
);
console.log(`${'kernel'.padEnd(28)} ${'share'.padStart(6)} ${'ms/step'.padStart(8)} ${'calls/step'.padStart(10)}`);
for (const [name, e] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms)) {
  if (e.ms / totalMs < 0.005) continue;
  console.log(
    `${name.padEnd(28)} ${((100 * e.ms) / totalMs).toFixed(1).padStart(5)}% ${(e.ms / steps).toFixed(2).padStart(8)} ${(e.calls / steps).toFixed(1).padStart(10)}`,
  );
}

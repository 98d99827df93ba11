/**
 * Every variant of every union in the plan (sources, splits, layers, recipes, counts, negatives,
 * figures, axes, task kinds) appears in a compiled plan that validates: the schema and the
 * lowering agree beyond what the example specs exercise.
 */
import { describe, expect, it } from 'vitest';
import { validatePlan, type Plan } from '../../../src/compiler/index.ts';
import type { DataSource } from '../../../src/plan/types.ts';
import { compile, fakeReadMetadata, MNIST_METADATA, THYROID_METADATA } from '../helpers.ts';

const reader = async (source: DataSource) => {
  if (source.kind === 'csv' || source.kind === 'iris') return { ...THYROID_METADATA, ref: source.kind, parts: {}, partClassCounts: {} };
  if (source.kind === 'idx' || source.kind === 'images') return { ...MNIST_METADATA, ref: source.kind };
  return fakeReadMetadata(source);
};

const TABULAR = `experiment tables "Every tabular construct" {
  seed 11
  repeats 2
  data table = csv("table.csv", label "class", header true, delimiter ";", missing ["?", "NA"], columns { age continuous, "blood type" categorical, smoker binary }) scale standardize
  data flowers = iris()
  data thyroid = proben1("thyroid", permutation 3)
  split table stratified { train 0.6, validation 0.2, test 0.2 }
  split flowers stratified { train 0.6, validation 0.2, test 0.2 }
  sweep dataset in [table, flowers, thyroid]
  sweep generated in [10, 20]
  vae pc { per_class on train mix_in 0.2  latent 3  beta norm 1.0 warmup 100  encoder dense [16, 8]  activation tanh  likelihood mixed  train epochs 3 batch 16 lr 0.01 }
  vae one { single on train  likelihood gaussian  train steps 400 }
  classifier judge { logistic  epochs 5 }
  classifier net { mlp [32, 16]  activation leaky_relu  batchnorm  dropout 0.2  epochs 10 batch 8 lr 0.005  early_stop on validation patience 3 }
  classify with net
  gc late { early_checkpoint step 100  classifier judge  keep 0.4 }
  arm baseline
  arm prior = pc.prior(alpha 0.8) count balance filter gc(noise sigma 0.3, keep 0.6)
  arm extra = one.extrapolate(k 2, alpha 0.3) + noise(alpha 0.1) count generated filter late
  arm inter = one.interpolate(k 2) count 15 only_generated
  arm smote = smote(k 3)
  arm copies = oversample()
  arm jitter = input_noise(sigma 0.1) count same
  metric macro_f1, accuracy, weighted_f1
  report "../reports/tables.md" {
    table macro_f1 rows dataset cols arm
    plot accuracy gain over generated
    reconstructions one
  }
}
`;

const IMAGES = `experiment pictures "Every image construct" {
  data scans = idx(images "x-idx3-ubyte.gz", labels "y-idx1-ubyte.gz")
  data folders = images("pictures")
  data fashion = fashion_mnist()
  split scans stratified { pool 0.7, test 0.3 }
  split folders stratified { pool 0.7, test 0.3 }
  split fashion partition
  sweep dataset in [scans, folders]
  sweep shots in [3, 6] per_class from pool
  sweep latent of conv in [4, 8]
  sweep beta in [norm 2.0, 0.25]
  vae conv { single on pool  encoder conv [8, 16] kernel 3 dense [32]  train steps 200 }
  classifier cnn_small { cnn [8, 16] dense [32]  epochs 4 }
  arm baseline
  arm noisy = conv.noise(alpha 1.0) count shots filter gc(early_checkpoint step 50)
  report "../reports/pictures.md" {
    latent conv
    samples noisy
    interpolation conv
    reconstructions conv
  }
}
`;

function kindsOf(plan: Plan) {
  return {
    sources: plan.datasets.map((d) => d.source.kind),
    splits: plan.datasets.map((d) => d.split.kind),
    tasks: [...new Set(plan.tasks.map((t) => t.kind))].sort(),
    recipes: plan.arms.map((a) => a.recipe?.kind ?? null),
    counts: plan.arms.map((a) => a.count?.kind ?? null),
    negatives: plan.gcs.map((g) => g.negatives.kind),
    axes: plan.axes.map((a) => a.target.kind),
    figures: plan.report.figures.map((f) => f.kind),
  };
}

describe('plan schema coverage', () => {
  it('tabular constructs compile to a valid plan', async () => {
    const { plan, diagnostics } = await compile(TABULAR, { readMetadata: reader });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(validatePlan(JSON.parse(JSON.stringify(plan))).ok).toBe(true);
    expect(kindsOf(plan!)).toMatchObject({
      sources: ['csv', 'iris', 'proben1'],
      splits: ['stratified', 'stratified', 'partition'],
      tasks: ['evaluate', 'figure', 'filter_gc', 'generate', 'oracle', 'prepare_data', 'train_vae'],
      recipes: [null, 'prior', 'extrapolate', 'interpolate', 'smote', 'oversample', 'input_noise'],
      counts: [null, 'balance', 'axis', 'fixed', 'same', 'same', 'same'],
      negatives: ['early_checkpoint', 'noise'],
      axes: ['dataset', 'generated'],
    });
    const csv = plan!.datasets[0];
    expect(csv.source).toMatchObject({
      kind: 'csv',
      label: 'class',
      header: true,
      delimiter: ';',
      missing: ['?', 'NA'],
      columns: { age: 'continuous', 'blood type': 'categorical', smoker: 'binary' },
    });
    expect(csv.preprocess.continuous).toBe('standardize');
    const pc = plan!.vaes[0];
    expect(pc.train.epochs).toBe(3);
    expect(plan!.classifiers.find((c) => c.name === 'net')!.earlyStopping).toEqual({
      part: 'validation',
      every: 10,
      patience: 3,
      monitor: 'loss',
    });
    expect(
      plan!.tasks
        .filter((t) => t.kind === 'train_vae' && t.vae.name === 'one')
        .every((t) => t.kind === 'train_vae' && t.checkpoints.includes(100)),
    ).toBe(true);
  });

  it('image constructs compile to a valid plan', async () => {
    const { plan, diagnostics } = await compile(IMAGES, { readMetadata: reader });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(validatePlan(JSON.parse(JSON.stringify(plan))).ok).toBe(true);
    expect(kindsOf(plan!)).toMatchObject({
      sources: ['idx', 'images', 'fashion_mnist'],
      tasks: ['evaluate', 'figure', 'filter_gc', 'generate', 'oracle', 'prepare_data', 'sample_shots', 'train_vae'],
      axes: ['dataset', 'shots', 'latent', 'beta'],
      figures: ['latent', 'samples', 'interpolation', 'reconstructions'],
    });
    expect(plan!.vaes[0].encoder).toEqual({ kind: 'conv', filters: [8, 16], kernel: 3, dense: [32] });
    expect(plan!.vaes[0].decoder).toEqual({ kind: 'conv', filters: [16, 8], kernel: 3, dense: [32] });
    expect(plan!.classifiers[0]).toMatchObject({ kind: 'cnn', convFilters: [8, 16], hidden: [32] });
    // a VAE per (dataset, latent, beta) and repeat; never per shots value (it trains on the pool)
    expect(plan!.tasks.filter((t) => t.kind === 'train_vae').length).toBe(2 * 2 * 2);
  });
});

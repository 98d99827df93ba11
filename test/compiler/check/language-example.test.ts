/**
 * The example in the project brief's LANGUAGE.md, verbatim: the grammar keeps its look. It uses
 * `k 3` with a shots value of 2, which is exactly the mistake LANGUAGE.md asks the checker to
 * catch ("shots 2 ⇒ k ≤ 1"), so those — and only those — are its diagnostics.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../helpers.ts';

const LANGUAGE_MD_EXAMPLE = `// specs/mnist-fewshot.aug
experiment mnist_fewshot "MNIST few-shot: latent sampling recipes" {
  seed 2023
  repeats 3

  data digits = mnist()                      // 10,000 real digits from the \`mnist\` package
  split digits stratified { pool 0.5, test 0.5 }

  vae shared {                               // one VAE, trained on the unlabeled pool
    single on pool
    latent 50
    beta 0.5                                 // or: beta norm 1.0   (β·d/N)
    encoder dense [512, 256]
    decoder dense [256, 512]
    likelihood bernoulli
    train steps 6000 batch 128 lr 1e-3
  }
  vae per_digit {                            // one VAE per class, on the few labelled shots
    per_class on shots mix_in 0.0
    latent 50  beta 0.5
    encoder dense [512, 256]  decoder dense [256, 512]
    train steps 2000 batch 32 lr 1e-3
  }

  classifier net { mlp [256] epochs 50 batch 64 lr 1e-3 }

  sweep shots in [2, 3, 4, 5, 10, 20, 30, 50, 100] per_class from pool

  arm baseline
  arm noise                  = shared.noise(alpha 1.0)                      count shots
  arm interpolation          = shared.interpolate(k 3, alpha 0.5)           count shots
  arm extrapolation          = shared.extrapolate(k 3, alpha 0.5)           count shots
  arm "interpolation+noise"  = shared.interpolate(k 3, alpha 0.5) + noise(alpha 0.5) count shots
  arm multi_vae              = per_digit.prior(alpha 1.0)                   count shots
  arm "multi_vae+gc"         = per_digit.prior(alpha 1.0) filter gc(noise sigma 0.1, keep 0.5)

  metric weighted_f1, accuracy
  report "reports/mnist-fewshot.md" {
    table weighted_f1 rows shots cols arm
    plot weighted_f1 over shots
    latent shared
    samples interpolation
  }
}
`;

describe('the LANGUAGE.md example', () => {
  it('parses, and its only errors are k not below the smallest shots value', async () => {
    const { diagnostics } = await compile(LANGUAGE_MD_EXAMPLE);
    expect(diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.range.start.line, d.message])).toEqual([
      ['AUG3003', 31, 'k 3 must be smaller than the smallest class size 2, which the shots axis allows.'],
      ['AUG3003', 32, 'k 3 must be smaller than the smallest class size 2, which the shots axis allows.'],
      ['AUG3003', 33, 'k 3 must be smaller than the smallest class size 2, which the shots axis allows.'],
    ]);
  });

  it('is warned about its budget: 50 epochs over 2 shots is 50 optimizer steps, with nothing to stop on', async () => {
    const { diagnostics } = await compile(LANGUAGE_MD_EXAMPLE);
    const budget = diagnostics.filter((d) => d.code === 'AUG3012' || d.code === 'AUG2034');
    expect(budget.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.column, d.message])).toEqual([
      [
        'AUG3012',
        'warning',
        25,
        30,
        "Classifier 'net' gets only 50 optimizer steps in cell shots=2 (20 rows) (and 4 more cells), fewer than 200; an undertrained baseline makes every gain over it doubtful.",
      ],
      [
        'AUG2034',
        'warning',
        27,
        9,
        "Axis 'shots' has no validation part to stop on: the split of 'digits' has only 'pool', 'test', so classifier 'net' trains its whole budget whatever the number of shots.",
      ],
    ]);
  });

  it('compiles once k is 1', async () => {
    const { diagnostics, plan } = await compile(LANGUAGE_MD_EXAMPLE.replaceAll('k 3', 'k 1'));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(plan!.arms.map((a) => a.name)).toEqual([
      'baseline',
      'noise',
      'interpolation',
      'extrapolation',
      'interpolation+noise',
      'multi_vae',
      'multi_vae+gc',
    ]);
    expect(plan!.report.figures).toEqual([
      { kind: 'latent', vae: 'shared' },
      { kind: 'samples', arm: 'interpolation' },
    ]);
  });
});

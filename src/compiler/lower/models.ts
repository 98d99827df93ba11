/** The VAE of one cell: what needs the data (β_norm, epochs → steps) resolved from a bound VAE. */
import type { BetaPolicy, VaeNode } from '../../plan/types.ts';

/**
 * The VAE as one cell trains it: axis overrides of β and latent applied, β_norm = β·d/N resolved
 * with N = the dataset's encoded input dimension, epochs turned into steps over `trainRows`.
 */
export function resolveVae(
  base: VaeNode,
  overrides: { beta?: BetaPolicy; latent?: number },
  inputDimension: number,
  trainRows: number,
): VaeNode & { betaValue: number } {
  const latent = overrides.latent ?? base.latent;
  const policy = overrides.beta ?? base.beta;
  const beta: BetaPolicy =
    policy.kind === 'norm'
      ? { kind: 'norm', value: policy.value, resolved: (policy.value * latent) / Math.max(1, inputDimension) }
      : { ...policy };
  const steps = base.train.epochs !== null ? base.train.epochs * Math.max(1, Math.ceil(trainRows / base.train.batch)) : base.train.steps;
  return {
    ...structuredClone(base),
    latent,
    beta,
    train: { ...base.train, steps },
    betaValue: beta.kind === 'norm' ? beta.resolved : beta.value,
  };
}

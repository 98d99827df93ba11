/**
 * The VAE settings the runtime reads (the plan's VaeNode with β resolved), re-exported so the model
 * files depend on one name.
 */
import type { Layers, Likelihood } from '../../compiler/plan/types.ts';
import type { ResolvedVae } from '../components.ts';

export type { Layers, Likelihood };
export type ResolvedVaeConfig = ResolvedVae;

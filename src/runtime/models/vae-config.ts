/**
 * The VAE settings the runtime reads (the plan's VaeNode with β resolved), re-exported so the model
 * files depend on one name.
 */
import type { Layers, Likelihood } from '../../plan/types.ts';
import type { ResolvedVae } from '../components.ts';

/** Layer and likelihood settings of the plan. */
export type { Layers, Likelihood };
/** A VAE plan node with its β resolved to a number (`betaValue`). */
export type ResolvedVaeConfig = ResolvedVae;

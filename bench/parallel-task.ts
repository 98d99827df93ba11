/**
 * A plan-like task for the worker-pool case: train one tabular VAE (augc's trainVae) on its own
 * seeded synthetic data. Runs in a pool worker or in the main thread alike.
 */
import { initBackend } from '../src/runtime/index.ts';
import { syntheticData, vaeConfig, type VaeShape } from './train-vae-driver.ts';
import { trainVae } from '../src/runtime/index.ts';

export async function trainOneVae(payload: { shape: VaeShape; steps: number; seed: number }): Promise<{ finalLoss: number }> {
  await initBackend('wasm');
  const vae = await trainVae(vaeConfig(payload.shape, 'single', payload.steps), syntheticData(payload.shape, 1, payload.seed), {
    seed: payload.seed,
    checkpoints: [],
  });
  const finalLoss = vae.history[vae.history.length - 1].total;
  vae.dispose();
  return { finalLoss };
}

/**
 * Small pieces shared by the training loops.
 */
import * as tf from '@tensorflow/tfjs';
import { Adam } from '../kernels/adam.ts';

/** Adam, built inside a tidy so the zero tensors its moment variables start from are released. */
export function createAdam(variables: tf.Variable[], lr: number): Adam {
  let adam: Adam | null = null;
  tf.tidy(() => {
    adam = new Adam(variables, { lr });
  });
  return adam as unknown as Adam;
}

/** Resolve on the next turn of the event loop. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

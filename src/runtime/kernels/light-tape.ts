/**
 * `lightTape`: while TF.js records a gradient tape, every op copies the tensors its gradient
 * needs with `engine.clone` — an Identity op through the whole engine plus a tape node of its
 * own. A tabular VAE step spends ~60 of its ~160 ops on these copies. This patch makes the same
 * copy without an op: one more reference to the same data (what the Identity kernels do:
 * backend.incRef) wrapped in a new tensor.
 *
 * The skipped tape node only matters for higher-order gradients (a gradient of a gradient), so
 * the light copy is used only at gradient depth 1; nested tapes keep TF.js' own clone.
 */
import * as tf from '@tensorflow/tfjs';
import { kernelOptionEnabled, onKernelOptionsChange } from './options.ts';

interface EngineInternals {
  state: { gradientDepth: number; tensorInfo: Map<object, { backend: tf.KernelBackend }> };
  keep<T>(t: T): T;
  makeTensorFromDataId(dataId: object, shape: number[], dtype: tf.DataType, backend: tf.KernelBackend): tf.Tensor;
  saveTensorsForBackwardMode(tensors: tf.Tensor[]): tf.Tensor[];
}

type Save = EngineInternals['saveTensorsForBackwardMode'];

let original: Save | null = null;

function lightSave(this: EngineInternals, tensors: tf.Tensor[]): tf.Tensor[] {
  if (this.state.gradientDepth !== 1) return (original as Save).call(this, tensors);
  return tensors.map((t) => {
    const backend = this.state.tensorInfo.get(t.dataId)?.backend as (tf.KernelBackend & { incRef?: (id: object) => void }) | undefined;
    if (backend?.incRef === undefined) return (original as Save).call(this, [t])[0];
    backend.incRef(t.dataId);
    return this.keep(this.makeTensorFromDataId(t.dataId, t.shape, t.dtype, backend));
  });
}

/** Whether the light copy is installed. */
export function lightTapeInstalled(): boolean {
  return original !== null;
}

/** Install or remove the patch to match the `lightTape` option (idempotent, cheap). */
export function syncLightTape(): void {
  const wanted = kernelOptionEnabled('lightTape');
  if (wanted === lightTapeInstalled()) return;
  const engine = tf.engine() as unknown as EngineInternals;
  if (wanted) {
    original = engine.saveTensorsForBackwardMode;
    engine.saveTensorsForBackwardMode = lightSave;
  } else {
    engine.saveTensorsForBackwardMode = original as Save;
    original = null;
  }
}

onKernelOptionsChange(() => syncLightTape());

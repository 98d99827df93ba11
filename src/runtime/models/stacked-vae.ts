/**
 * A trained VAE stack (one model for `single`, one per class for `per_class`): inference from plain
 * weight arrays, checkpoints for the GC filter's early-checkpoint negatives, and the Artifact form
 * the executor caches on disk (JSON + Float32Arrays).
 */
import * as tf from '@tensorflow/tfjs';
import type { Artifact, LabeledData, LossRecord, ResolvedVae, TrainedVae } from '../components.ts';
import type { FeatureGroup } from '../data/types.ts';
import { disposeParams, packArrays, sliceModelArrays, toTensors, unpackArrays } from './param-store.ts';
import type { ParamArrays, Params } from './param-store.ts';
import { decoderMean, likelihoodSegments } from './likelihood.ts';
import type { LikelihoodSegment } from './likelihood.ts';
import { buildVaeNetwork } from './vae-network.ts';
import type { VaeNetwork } from './vae-network.ts';

const ARTIFACT_FORMAT = 'augc-vae';
const ARTIFACT_VERSION = 1;
/** rows per inference chunk: bounds the memory of encoding a large pool of images */
const CHUNK_ROWS = 1024;

/** The data facts a VAE needs again at inference time. */
export interface VaeDataShape {
  features: number;
  imageShape: [number, number, number] | null;
  groups: FeatureGroup[];
}

/** The shape facts of training data that a saved VAE keeps. */
export function dataShapeOf(data: LabeledData): VaeDataShape {
  return { features: data.features, imageShape: data.imageShape, groups: data.groups };
}

/** A trained VAE stack (see the file comment); weights live in plain arrays, tensors are built lazily. */
export class StackedVae implements TrainedVae {
  readonly modelCount: number;
  private readonly network: VaeNetwork;
  private readonly segments: LikelihoodSegment[];
  /** lazily built constant tensors of each model's final weights */
  private readonly perModel = new Map<number, Params>();

  constructor(
    readonly config: ResolvedVae,
    readonly shape: VaeDataShape,
    readonly params: ParamArrays,
    readonly checkpoints: Map<number, ParamArrays>,
    readonly history: LossRecord[],
  ) {
    this.modelCount = Object.values(params)[0].shape[0];
    // inference runs one model at a time: build the network for a stack of 1
    this.network = buildVaeNetwork(config, { features: shape.features, imageShape: shape.imageShape, modelCount: 1 });
    this.segments = likelihoodSegments(config.likelihood, shape.groups, shape.features);
  }

  private checkModel(model: number): void {
    if (!Number.isInteger(model) || model < 0 || model >= this.modelCount) {
      throw new Error(`VAE '${this.config.name}' has ${this.modelCount} model(s); model ${model} does not exist.`);
    }
  }

  private modelParams(model: number): Params {
    this.checkModel(model);
    let p = this.perModel.get(model);
    if (!p) {
      p = toTensors(sliceModelArrays(this.params, model));
      this.perModel.set(model, p);
    }
    return p;
  }

  /** Run `f` on chunks of rows of `input` (rows × width) and concatenate the outputs (rows × outWidth). */
  private chunked(input: Float32Array, rows: number, width: number, outWidth: number, f: (x: tf.Tensor3D) => tf.Tensor): Float32Array {
    if (input.length !== rows * width) {
      throw new Error(`VAE '${this.config.name}': expected ${rows} × ${width} values, got ${input.length}.`);
    }
    const out = new Float32Array(rows * outWidth);
    for (let start = 0; start < rows; start += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, rows - start);
      const values = tf.tidy(() => f(tf.tensor3d(input.subarray(start * width, (start + n) * width), [1, n, width])).dataSync());
      out.set(values as Float32Array, start * outWidth);
    }
    return out;
  }

  encodeMean(x: Float32Array, rows: number, model: number): Float32Array {
    const p = this.modelParams(model);
    return this.chunked(x, rows, this.shape.features, this.config.latent, (t) => this.network.encode(p, t).mean);
  }

  decode(z: Float32Array, rows: number, model: number): Float32Array {
    const p = this.modelParams(model);
    return this.chunked(z, rows, this.config.latent, this.shape.features, (t) =>
      decoderMean(this.segments, this.network.decodeLogits(p, t)),
    );
  }

  /** Reconstruction (decoder mean of the latent mean) by the weights saved at `step`. */
  reconstructAt(step: number, x: Float32Array, rows: number, model: number): Float32Array {
    this.checkModel(model);
    const saved = this.checkpoints.get(step);
    if (!saved) {
      const have = [...this.checkpoints.keys()].join(', ') || 'none';
      throw new Error(`VAE '${this.config.name}' kept no checkpoint at step ${step} (kept: ${have}).`);
    }
    const p = toTensors(sliceModelArrays(saved, model));
    try {
      return this.chunked(x, rows, this.shape.features, this.shape.features, (t) =>
        decoderMean(this.segments, this.network.decodeLogits(p, this.network.encode(p, t).mean)),
      );
    } finally {
      disposeParams(p);
    }
  }

  save(): Artifact {
    const arrays: Artifact['arrays'] = {};
    const shapes = packArrays('final', this.params, arrays);
    const checkpoints = [...this.checkpoints.entries()].map(([step, saved]) => ({
      step,
      shapes: packArrays(`step${step}`, saved, arrays),
    }));
    return {
      json: {
        format: ARTIFACT_FORMAT,
        version: ARTIFACT_VERSION,
        config: this.config,
        shape: this.shape,
        history: this.history,
        shapes,
        checkpoints,
      },
      arrays,
    };
  }

  dispose(): void {
    for (const p of this.perModel.values()) disposeParams(p);
    this.perModel.clear();
  }
}

interface SavedVae {
  format: string;
  version: number;
  config: ResolvedVae;
  shape: VaeDataShape;
  history: LossRecord[];
  shapes: Record<string, number[]>;
  checkpoints: { step: number; shapes: Record<string, number[]> }[];
}

/** Rebuild a trained VAE from `save()`'s Artifact. Throws a clear error for anything else. */
export function loadVae(artifact: Artifact): TrainedVae {
  const json = artifact.json as Partial<SavedVae> | null;
  if (!json || json.format !== ARTIFACT_FORMAT) throw new Error('Not a saved augc VAE (the artifact has no augc-vae format tag).');
  if (json.version !== ARTIFACT_VERSION) {
    throw new Error(
      `Saved VAE has format version ${json.version}; this augc reads version ${ARTIFACT_VERSION}. Delete the cache and rerun.`,
    );
  }
  const saved = json as SavedVae;
  const params = unpackArrays('final', saved.shapes, artifact.arrays);
  const checkpoints = new Map(saved.checkpoints.map((c) => [c.step, unpackArrays(`step${c.step}`, c.shapes, artifact.arrays)] as const));
  return new StackedVae(saved.config, saved.shape, params, checkpoints, saved.history);
}

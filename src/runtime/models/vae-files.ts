/**
 * Trained VAEs on disk in TensorFlow.js's own model format, so other tfjs code can load them with
 * `tf.loadLayersModel`. A cached VAE is a folder (the artifact cache's `KEY.vae/`):
 *
 *   augc-vae.json                 the sidecar: latent size, likelihood, encoded column layout, the
 *                                 class of each model, the dataset's columns, classes and the fitted
 *                                 preprocessing (to map decoded values back to the original columns)
 *   model-M/encoder/model.json    layers model: encoded row x [N] → z_mean [d], z_log_var [d]
 *   model-M/encoder/weights.bin
 *   model-M/decoder/model.json    layers model: z [d] → x_mean [N], the decoder mean (encoded space)
 *   model-M/decoder/weights.bin
 *   checkpoints/step-S/model-M/…  weights kept at step S (the GC's early-checkpoint negatives)
 *
 * M is 0 for a single VAE and the class code for a per-class one. The graph is built by
 * vae-layers.ts. augc itself reads the weights back without running that graph: the float32 values
 * are copied into its stacked parameters, so a VAE read back decodes bit-identically to the one
 * that was trained. The sidecar records each file's SHA-256; a damaged file makes the entry corrupt
 * (the cache discards and recomputes it). The folder is written under a temporary name and renamed
 * into place, so a reader sees a whole entry or none.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Artifact, ResolvedVae, TrainedVae } from '../components.ts';
import type { ColumnType, PreparedData } from '../data/types.ts';
import type * as tf from '@tensorflow/tfjs';
import { CorruptArtifactError, type StoredArtifact } from '../execution/artifact-codec.ts';
import type { VaeDataShape } from './stacked-vae.ts';
import type { ParamPlace, VaeLayers } from './vae-layers.ts';

export const SIDECAR_FILE = 'augc-vae.json';
const FILES_FORMAT = 'augc-vae-files';
const FILES_VERSION = 1;
/** the `format` tag of a VAE's Artifact (stacked-vae.ts) */
const VAE_ARTIFACT_FORMAT = 'augc-vae';

/** What a saved VAE says about its data, so its samples can be written as the original columns. */
export interface VaeDataLayout {
  /** the dataset's name in the spec */
  dataset: string;
  kind: 'tabular' | 'image';
  imageShape: [number, number, number] | null;
  /** the raw columns, in order (categorical ones with their category names, code order) */
  columns: { name: string; type: ColumnType; categories?: string[] }[];
  /** class names by class code */
  classes: string[];
  /** the fitted preprocessing (data/preprocess.ts `toJSON()`): per column its scaling or one-hot size */
  preprocessing: unknown;
}

/** The data layout of a VAE trained on `prepared`. */
export function vaeDataLayout(dataset: string, prepared: PreparedData): VaeDataLayout {
  const meta = prepared.dataset.metadata;
  return {
    dataset,
    kind: meta.kind,
    imageShape: meta.imageShape,
    columns: meta.columns.map((c) => ({ name: c.name, type: c.type, ...(c.categories ? { categories: c.categories } : {}) })),
    classes: meta.classes.map((c) => c.label),
    preprocessing: prepared.preprocessor.toJSON(),
  };
}

const layouts = new WeakMap<TrainedVae, VaeDataLayout>();

/** Remember what `vae` was trained on, for `saveVaeArtifact` to write into its sidecar. */
export function attachDataLayout(vae: TrainedVae, layout: VaeDataLayout): TrainedVae {
  layouts.set(vae, layout);
  return vae;
}

/** `vae.save()` plus the data layout attached to it (if any). */
export function saveVaeArtifact(vae: TrainedVae): Artifact {
  const artifact = vae.save();
  const data = layouts.get(vae);
  return data ? { ...artifact, json: { ...(artifact.json as object), data } } : artifact;
}

/** Whether an Artifact is a trained VAE (stacked-vae.ts `save()`), to be stored as tfjs model files. */
export function isVaeArtifact(artifact: Artifact): boolean {
  const json = artifact.json as { format?: unknown } | null;
  return json !== null && typeof json === 'object' && json.format === VAE_ARTIFACT_FORMAT;
}

/** The parts of stacked-vae.ts's saved JSON these files need. */
interface VaeJson {
  config: ResolvedVae;
  shape: VaeDataShape;
  shapes: Record<string, number[]>;
  checkpoints: { step: number; shapes: Record<string, number[]> }[];
  data?: VaeDataLayout;
}

/** The sidecar file (see the file comment; docs/sample.md documents every field). */
interface Sidecar {
  format: typeof FILES_FORMAT;
  version: number;
  name: string;
  mode: 'single' | 'per_class';
  latentSize: number;
  likelihood: string;
  beta: number;
  /** encoded features N: the encoder's input and the decoder's output width */
  features: number;
  imageShape: [number, number, number] | null;
  /** the encoded column groups: raw column, kind, [start, end) in the encoded row */
  groups: unknown[];
  models: { dir: string; class: string | null; classCode: number | null }[];
  checkpoints: { step: number; dir: string }[];
  data: VaeDataLayout | null;
  /** SHA-256 of every other file of the folder, by relative path */
  files: Record<string, string>;
  /** what augc needs to rebuild its Artifact: its JSON without `data`, and the entry's facts */
  augc: { artifact: Omit<VaeJson, 'data'>; places: Record<string, ParamPlace>; entry: Record<string, unknown> };
}

const modelDir = (m: number) => `model-${m}`;
const checkpointDir = (step: number) => `checkpoints/step-${step}`;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Model m's part of the columns a place names: one Float32Array per layer weight. */
function splitColumns(data: Float32Array, models: number, m: number, place: ParamPlace): Map<string, Float32Array> {
  const per = data.length / models;
  const slice = data.subarray(m * per, (m + 1) * per);
  const total = place.weights.reduce((sum, w) => sum + w.columns, 0);
  const rows = per / total;
  const out = new Map<string, Float32Array>();
  let start = 0;
  for (const w of place.weights) {
    const part = new Float32Array(rows * w.columns);
    for (let r = 0; r < rows; r++) part.set(slice.subarray(r * total + start, r * total + start + w.columns), r * w.columns);
    out.set(w.name, part);
    start += w.columns;
  }
  return out;
}

type Topology = { modelTopology: unknown; weightSpecs: { name: string; shape: number[]; dtype: string }[]; generatedBy: string };

/** model.json's topology and weight list of a layers model (its weights are not read). */
async function topologyOf(model: VaeLayers['encoder']): Promise<Topology> {
  const { io } = await import('@tensorflow/tfjs');
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
  const a = saved as unknown as tf.io.ModelArtifacts;
  return {
    modelTopology: a.modelTopology,
    weightSpecs: a.weightSpecs as Topology['weightSpecs'],
    generatedBy: a.generatedBy ?? 'TensorFlow.js',
  };
}

/** Writes one network of one model: model.json and weights.bin in `dir`; returns their hashes by path. */
function writeNetwork(
  root: string,
  dir: string,
  topology: Topology,
  weights: Map<string, Float32Array>,
  files: Record<string, string>,
): void {
  const parts = topology.weightSpecs.map((spec) => {
    const data = weights.get(spec.name);
    const size = spec.shape.reduce((a, b) => a * b, 1);
    if (!data || data.length !== size) throw new Error(`VAE files: no values of the right size for the weight '${spec.name}'.`);
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  });
  const bin = Buffer.concat(parts);
  const modelJson = Buffer.from(
    JSON.stringify({
      format: 'layers-model',
      generatedBy: topology.generatedBy,
      convertedBy: null,
      modelTopology: topology.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: topology.weightSpecs }],
    }),
  );
  mkdirSync(join(root, dir), { recursive: true });
  for (const [name, bytes] of [
    ['model.json', modelJson],
    ['weights.bin', bin],
  ] as const) {
    writeFileSync(join(root, dir, name), bytes);
    files[`${dir}/${name}`] = sha256(bytes);
  }
}

/**
 * Writes a VAE's Artifact as the folder `dir` (see the file comment): under a temporary name, then
 * renamed into place. When `dir` already exists (another run wrote the same entry), it is kept.
 */
export async function writeVaeFiles(dir: string, artifact: Artifact, entry: Record<string, unknown> = {}): Promise<void> {
  const json = artifact.json as VaeJson;
  const { buildVaeLayers } = await import('./vae-layers.ts');
  const layers = buildVaeLayers(json.config, json.shape);
  const temp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const topology = { encoder: await topologyOf(layers.encoder), decoder: await topologyOf(layers.decoder) };
    const models = Object.values(json.shapes)[0][0];
    const files: Record<string, string> = {};
    const writeModels = (prefix: string, shapes: Record<string, number[]>) => {
      for (let m = 0; m < models; m++) {
        const weights = { encoder: new Map<string, Float32Array>(), decoder: new Map<string, Float32Array>() };
        for (const param of Object.keys(shapes)) {
          const place = layers.places[param];
          const data = artifact.arrays[`${prefix}/${param}`];
          if (!place || !(data instanceof Float32Array))
            throw new Error(`VAE files: the parameter '${param}' has no place in the layers models.`);
          for (const [name, part] of splitColumns(data, models, m, place)) weights[place.network].set(name, part);
        }
        const base = prefix === 'final' ? modelDir(m) : `${checkpointDir(Number(prefix.slice(4)))}/${modelDir(m)}`;
        writeNetwork(temp, `${base}/encoder`, topology.encoder, weights.encoder, files);
        writeNetwork(temp, `${base}/decoder`, topology.decoder, weights.decoder, files);
      }
    };
    writeModels('final', json.shapes);
    for (const c of json.checkpoints) writeModels(`step${c.step}`, c.shapes);
    const { data, ...rest } = json;
    const classes = data?.classes ?? null;
    const sidecar: Sidecar = {
      format: FILES_FORMAT,
      version: FILES_VERSION,
      name: json.config.name,
      mode: json.config.mode,
      latentSize: json.config.latent,
      likelihood: json.config.likelihood,
      beta: json.config.betaValue,
      features: json.shape.features,
      imageShape: json.shape.imageShape,
      groups: json.shape.groups,
      models: Array.from({ length: models }, (_, m) => ({
        dir: modelDir(m),
        class: json.config.mode === 'per_class' ? (classes?.[m] ?? String(m)) : null,
        classCode: json.config.mode === 'per_class' ? m : null,
      })),
      checkpoints: json.checkpoints.map((c) => ({ step: c.step, dir: checkpointDir(c.step) })),
      data: data ?? null,
      files,
      augc: { artifact: rest, places: layers.places, entry },
    };
    writeFileSync(join(temp, SIDECAR_FILE), `${JSON.stringify(sidecar, null, 1)}\n`);
    mkdirSync(dirname(dir), { recursive: true });
    try {
      renameSync(temp, dir);
    } catch (err) {
      // another writer renamed the same entry into place first: keep theirs
      if (!['ENOTEMPTY', 'EEXIST'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
    layers.encoder.dispose();
    layers.decoder.dispose();
  }
}

/** Reads one file of the folder, checking it against the sidecar's hash. */
function readChecked(dir: string, path: string, files: Record<string, string>): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, path));
  } catch {
    throw new CorruptArtifactError(`saved VAE: ${path} is missing`);
  }
  if (files[path] !== sha256(bytes)) throw new CorruptArtifactError(`saved VAE: ${path} does not match its checksum`);
  return bytes;
}

/** The named float32 weights of one network folder (model.json's manifest over weights.bin). */
function readNetwork(dir: string, path: string, files: Record<string, string>): Map<string, Float32Array> {
  const manifest = JSON.parse(readChecked(dir, `${path}/model.json`, files).toString('utf8')) as {
    weightsManifest: { weights: { name: string; shape: number[] }[] }[];
  };
  const bin = readChecked(dir, `${path}/weights.bin`, files);
  const out = new Map<string, Float32Array>();
  let offset = 0;
  for (const spec of manifest.weightsManifest[0].weights) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    if (offset + size * 4 > bin.length) throw new CorruptArtifactError(`saved VAE: ${path}/weights.bin is too short`);
    const values = new Float32Array(size);
    new Uint8Array(values.buffer).set(bin.subarray(offset, offset + size * 4));
    out.set(spec.name, values);
    offset += size * 4;
  }
  return out;
}

/** Stacks each model's layer weights back into augc's parameters [M, …] (`prefix/name` arrays). */
function readModels(
  dir: string,
  base: (m: number) => string,
  prefix: string,
  shapes: Record<string, number[]>,
  places: Record<string, ParamPlace>,
  files: Record<string, string>,
  into: Artifact['arrays'],
): void {
  const models = Object.values(shapes)[0][0];
  const arrays = Object.fromEntries(
    Object.entries(shapes).map(([name, shape]) => [name, new Float32Array(shape.reduce((a, b) => a * b, 1))]),
  );
  for (let m = 0; m < models; m++) {
    const networks = { encoder: readNetwork(dir, `${base(m)}/encoder`, files), decoder: readNetwork(dir, `${base(m)}/decoder`, files) };
    for (const [param, data] of Object.entries(arrays)) {
      const place = places[param];
      if (!place) throw new CorruptArtifactError(`saved VAE: the sidecar does not place '${param}'`);
      const per = data.length / models;
      const total = place.weights.reduce((sum, w) => sum + w.columns, 0);
      const rows = per / total;
      let start = 0;
      for (const w of place.weights) {
        const part = networks[place.network].get(w.name);
        if (!part || part.length !== rows * w.columns) throw new CorruptArtifactError(`saved VAE: ${base(m)} lacks the weight '${w.name}'`);
        for (let r = 0; r < rows; r++) data.set(part.subarray(r * w.columns, (r + 1) * w.columns), m * per + r * total + start);
        start += w.columns;
      }
    }
  }
  for (const [name, data] of Object.entries(arrays)) into[`${prefix}/${name}`] = data;
}

/** The sidecar of a saved VAE folder (throws CorruptArtifactError when it is missing or not one). */
export function readVaeSidecar(dir: string): Sidecar {
  let sidecar: Sidecar;
  try {
    sidecar = JSON.parse(readFileSync(join(dir, SIDECAR_FILE), 'utf8'));
  } catch {
    throw new CorruptArtifactError(`saved VAE: ${SIDECAR_FILE} is missing or not JSON`);
  }
  if (sidecar?.format !== FILES_FORMAT || sidecar.version !== FILES_VERSION) {
    throw new CorruptArtifactError(`saved VAE: ${SIDECAR_FILE} is not ${FILES_FORMAT} version ${FILES_VERSION}`);
  }
  return sidecar;
}

/** Reads a folder written by `writeVaeFiles` back into the VAE's Artifact (for `loadVae`) and its entry facts. */
export function readVaeFiles(dir: string): StoredArtifact {
  const sidecar = readVaeSidecar(dir);
  const { artifact, places, entry } = sidecar.augc;
  const arrays: Artifact['arrays'] = {};
  readModels(dir, modelDir, 'final', artifact.shapes, places, sidecar.files, arrays);
  for (const c of artifact.checkpoints) {
    readModels(dir, (m) => `${checkpointDir(c.step)}/${modelDir(m)}`, `step${c.step}`, c.shapes, places, sidecar.files, arrays);
  }
  return { json: { ...artifact, ...(sidecar.data ? { data: sidecar.data } : {}) }, arrays, meta: entry };
}

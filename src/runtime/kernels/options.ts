/**
 * Switches for the optimised kernel paths, so the benchmark can show each optimisation before and
 * after and the equivalence tests can run both paths in one process.
 *
 * Defaults come from the environment variable AUGC_KERNELS:
 *   unset or "all"  every optimisation on (the default for users)
 *   "plain"         every optimisation off (the reference path)
 *   a comma list    only the named ones on, e.g. "transposeFree,packedAdam"
 * An unknown name is an error that lists the known ones.
 */

export interface KernelOptions {
  /** run the wasm backend's transposed matrix products as an explicit transpose + plain product */
  transposeFree: boolean;
  /** stackedDense as one kernel (fused matMul + bias + activation) with a hand-written gradient */
  fusedDense: boolean;
  /** Adam as one loop over all parameters packed in flat arrays, instead of ~12 ops per tensor */
  packedAdam: boolean;
  /** on wasm, a stacked product [M, n, k]·[M, k, m] as M fast 2-D products on views of the stack */
  stackedMatMul: boolean;
  /** while a gradient tape records, keep tensors for the backward pass without an Identity op each */
  lightTape: boolean;
  /** the VAE loss (reparameterisation, reconstruction, β·KL) and its gradient as a few kernels */
  fusedLoss: boolean;
  /** on wasm, matrix products by the native BLAS (nblas over OpenBLAS) on the wasm heap, when it loads */
  nativeBlas: boolean;
  /** on wasm, MaxPoolGrad as one JS pass over the heap instead of the backend's slow kernel */
  poolGrad: boolean;
  /** on wasm, Adam's update of each large variable as one SIMD loop on the backend's memory
   * (adam-simd.wat) instead of a dozen ops, and the packed small ones' double-precision loop two
   * values at a time; the same operations in the same order, so the same bits */
  simdAdam: boolean;
  /** the classifier's training-mode batch norm + dropout, and its cross-entropy, as kernels with
   * hand-written gradients (fused-classifier.ts) instead of ~75 ops a hidden layer */
  fusedNorm: boolean;
}

export const KERNEL_OPTION_NAMES = [
  'transposeFree',
  'fusedDense',
  'packedAdam',
  'stackedMatMul',
  'lightTape',
  'fusedLoss',
  'nativeBlas',
  'poolGrad',
  'simdAdam',
  'fusedNorm',
] as const;

/** Every optimisation on (AUGC_KERNELS unset or "all"), or every one off ("plain"). */
const everyOption = (on: boolean): KernelOptions =>
  Object.fromEntries(KERNEL_OPTION_NAMES.map((name) => [name, on])) as unknown as KernelOptions;
export const ALL_ON: Readonly<KernelOptions> = Object.freeze(everyOption(true));
export const ALL_OFF: Readonly<KernelOptions> = Object.freeze(everyOption(false));

/** Parse an AUGC_KERNELS value (see the module comment). */
export function parseKernelOptions(value: string | undefined): KernelOptions {
  const text = (value ?? '').trim();
  if (text === '' || text === 'all') return { ...ALL_ON };
  if (text === 'plain') return { ...ALL_OFF };
  const options = { ...ALL_OFF };
  for (const raw of text.split(',')) {
    const name = raw.trim();
    if (!(KERNEL_OPTION_NAMES as readonly string[]).includes(name)) {
      throw new Error(
        `AUGC_KERNELS: unknown kernel option '${name}'. Use 'all', 'plain' or a comma list of: ${KERNEL_OPTION_NAMES.join(', ')}.`,
      );
    }
    options[name as keyof KernelOptions] = true;
  }
  return options;
}

let current: KernelOptions = parseKernelOptions(process.env.AUGC_KERNELS);
const listeners: ((options: KernelOptions) => void)[] = [];

/** Whether one option is on now (no copy: for per-kernel checks). */
export function kernelOptionEnabled(name: keyof KernelOptions): boolean {
  return current[name];
}

/** The options in force now (a copy). */
export function getKernelOptions(): KernelOptions {
  return { ...current };
}

/**
 * Change options for the rest of the process (bench and tests switch paths with it). Returns the
 * previous options so a caller can restore them. Adam reads `packedAdam` when it is constructed.
 */
export function setKernelOptions(change: Partial<KernelOptions>): KernelOptions {
  const previous = current;
  current = { ...current, ...change };
  for (const listener of listeners) listener(getKernelOptions());
  return previous;
}

/** Called with the new options after each setKernelOptions (kernel patches install/uninstall). */
export function onKernelOptionsChange(listener: (options: KernelOptions) => void): void {
  listeners.push(listener);
}

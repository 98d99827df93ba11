import { describe, expect, it } from 'vitest';
import { getKernelOptions, parseKernelOptions, setKernelOptions } from '../../../src/runtime/kernels/options.ts';

describe('AUGC_KERNELS', () => {
  it('unset or "all" turns every optimisation on', () => {
    const all = {
      transposeFree: true,
      fusedDense: true,
      packedAdam: true,
      stackedMatMul: true,
      lightTape: true,
      fusedLoss: true,
      nativeBlas: true,
      poolGrad: true,
      simdAdam: true,
      fusedNorm: true,
    };
    expect(parseKernelOptions(undefined)).toEqual(all);
    expect(parseKernelOptions('all')).toEqual(all);
  });

  it('"plain" turns every optimisation off', () => {
    expect(parseKernelOptions('plain')).toEqual({
      transposeFree: false,
      fusedDense: false,
      packedAdam: false,
      stackedMatMul: false,
      lightTape: false,
      fusedLoss: false,
      nativeBlas: false,
      poolGrad: false,
      simdAdam: false,
      fusedNorm: false,
    });
  });

  it('a comma list turns on only the named ones', () => {
    expect(parseKernelOptions('packedAdam, transposeFree')).toEqual({
      transposeFree: true,
      fusedDense: false,
      packedAdam: true,
      stackedMatMul: false,
      lightTape: false,
      fusedLoss: false,
      nativeBlas: false,
      poolGrad: false,
      simdAdam: false,
      fusedNorm: false,
    });
  });

  it('an unknown name is an error that lists the known ones', () => {
    expect(() => parseKernelOptions('fused')).toThrow(
      "AUGC_KERNELS: unknown kernel option 'fused'. Use 'all', 'plain' or a comma list of: transposeFree, fusedDense, packedAdam, stackedMatMul, lightTape, fusedLoss, nativeBlas, poolGrad, simdAdam, fusedNorm.",
    );
  });

  it('setKernelOptions returns the previous options so a caller can restore them', () => {
    const before = getKernelOptions();
    const previous = setKernelOptions({ fusedDense: !before.fusedDense });
    expect(previous).toEqual(before);
    expect(getKernelOptions().fusedDense).toBe(!before.fusedDense);
    setKernelOptions(previous);
    expect(getKernelOptions()).toEqual(before);
  });
});

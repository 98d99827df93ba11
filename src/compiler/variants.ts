/**
 * `when dataset X set PATH VALUE`: settings for the cells of one dataset (PROBEN1's per-dataset
 * mix-in and balance). Each dataset with such statements gets a variant of the spec with its
 * settings applied as overrides; the variant is checked like the spec itself, and what its checks
 * find inside the `when` statements is reported there.
 */
import type * as A from './ast/types.ts';
import { statementsOf } from './ast/types.ts';
import { bindSpec, type BoundSpec } from './bind/bind.ts';
import { createContext } from './check/context.ts';
import { runChecks } from './check/registry.ts';
import type { Diagnostic } from './diagnostics/diagnostic.ts';
import { applyOverrides } from './overrides.ts';

const settingText = (s: A.NumberLiteral | A.NameAtom) => (s.kind === 'number' ? s.text : s.text);

/** The spec as the cells of each dataset with `when` statements see it (bound), plus what is wrong with them. */
export function datasetVariants(
  bound: BoundSpec,
  paths: { projectRoot: string; specDir: string },
): { variants: Map<string, BoundSpec>; diagnostics: Diagnostic[] } {
  const { spec, symbols } = bound;
  const diagnostics: Diagnostic[] = [];
  const variants = new Map<string, BoundSpec>();
  const whens = statementsOf(spec, 'when').filter(
    (w) => w.axis.text === 'dataset' && w.value && symbols.datasets.has(w.value.text) && w.path && w.setting,
  );
  for (const dataset of new Set(whens.map((w) => w.value!.text))) {
    const mine = whens.filter((w) => w.value!.text === dataset);
    const variant: A.SpecAst = { ...structuredClone(spec), statements: structuredClone(spec.statements.filter((s) => s.kind !== 'when')) };
    for (const w of mine)
      diagnostics.push(
        ...applyOverrides(variant, [{ path: w.path!.text, value: settingText(w.setting!) }], {
          range: w.setting!.range,
          pathRange: w.path!.range,
        }),
      );
    // bind and check the variant; keep only what points into this dataset's `when` statements
    const { bound: variantBound, diagnostics: found } = bindSpec(variant);
    runChecks(variant, createContext(variantBound, new Map(), paths, found));
    const inside = (d: Diagnostic) =>
      mine.some((w) => d.range.start.offset >= w.range.start.offset && d.range.start.offset < w.range.end.offset);
    diagnostics.push(...found.filter(inside));
    variants.set(dataset, variantBound);
  }
  return { variants, diagnostics };
}

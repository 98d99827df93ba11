/**
 * The checks, registered in a typed map by statement kind (Langium style), plus whole-spec checks.
 * `runChecks` calls each one in a guard: a check that throws becomes an AUG2999 diagnostic at the
 * statement it was checking, never a compiler crash.
 */
import type * as A from '../ast/types.ts';
import type { CheckContext } from './context.ts';
import { checkArmName, checkArmOptions, checkArmRecipe, checkGeneratedAxisUsed, checkSweepAxis, checkSweepValues } from './check-arms.ts';
import { checkEqualArmBudgets, checkShotsCanStop, checkShotsCap } from './check-budgets.ts';
import { checkCsvClasses } from './check-csv-classes.ts';
import { checkFewRepeats } from './check-repeats.ts';
import { checkGridSize } from './check-grid.ts';
import { checkDataScale, checkDataSource, checkSplitPartition, checkSplitRatios } from './check-data.ts';
import {
  checkClassifierChoice,
  checkDuplicates,
  checkRequiredDeclarations,
  checkSeedAndRepeats,
  checkTrainAndTestParts,
  checkUnusedDeclarations,
} from './check-experiment.ts';
import { checkClassifierSettings, checkGcSettings, checkVaeSettings } from './check-models.ts';
import { checkMetricNames, checkReportItems, checkReportPaths } from './check-report.ts';
import { checkWhenTarget } from './check-when.ts';

type StatementChecks = { [K in A.StatementKind]?: ((node: A.StatementOf<K>, ctx: CheckContext) => void)[] };

/** Checks by statement kind. */
export const statementChecks: StatementChecks = {
  data: [checkDataSource, checkDataScale, checkCsvClasses],
  split: [checkSplitRatios, checkSplitPartition],
  vae: [checkVaeSettings],
  classifier: [checkClassifierSettings],
  gc: [checkGcSettings],
  sweep: [checkSweepAxis, checkSweepValues, checkGeneratedAxisUsed, checkShotsCap],
  arm: [checkArmName, checkArmRecipe, checkArmOptions],
  metric: [checkMetricNames],
  report: [checkReportPaths, checkReportItems],
  when: [checkWhenTarget],
};

/** Checks of the whole spec. */
export const specChecks: ((spec: A.SpecAst, ctx: CheckContext) => void)[] = [
  checkDuplicates,
  checkSeedAndRepeats,
  checkRequiredDeclarations,
  checkClassifierChoice,
  checkTrainAndTestParts,
  checkUnusedDeclarations,
  checkFewRepeats,
  checkGridSize,
  checkEqualArmBudgets,
  checkShotsCanStop,
];

function guarded(name: string, at: A.Node, ctx: CheckContext, run: () => void): void {
  try {
    run();
  } catch (err) {
    ctx.accept('checkCrashed', at, [name, err instanceof Error ? err.message : String(err)]);
  }
}

/** Run every registered check over the spec. */
export function runChecks(spec: A.SpecAst, ctx: CheckContext): void {
  const specNode: A.Node = spec.header ?? { range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } } };
  for (const check of specChecks) guarded(check.name, specNode, ctx, () => check(spec, ctx));
  for (const statement of spec.statements) {
    const checks = (statementChecks[statement.kind] ?? []) as ((node: A.Statement, ctx: CheckContext) => void)[];
    for (const check of checks) guarded(check.name, statement, ctx, () => check(statement, ctx));
  }
}

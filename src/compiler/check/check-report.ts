/** Checks of `metric` and `report`: metric names, swept axes, figure targets, the report path, export. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkInside } from '../../paths/project-boundary.ts';
import type * as A from '../ast/types.ts';
import { didYouMean } from '../../text/spelling.ts';
import { EXPORT_WORDS, METRICS } from '../language.ts';
import type { CheckContext } from './context.ts';

function checkMetricName(ctx: CheckContext, metric: A.Word | null): void {
  if (metric && !(METRICS as readonly string[]).includes(metric.text))
    ctx.accept('unknownOption', metric, ['metric', metric.text], { hint: didYouMean(metric.text, METRICS) });
}

/** Metric names are known. */
export function checkMetricNames(statement: A.MetricStatement, ctx: CheckContext): void {
  for (const name of statement.names) checkMetricName(ctx, name);
}

/** The report and template paths stay inside the project folder. */
export function checkReportPaths(report: A.ReportDeclaration, ctx: CheckContext): void {
  for (const literal of [report.path, report.template]) {
    if (!literal) continue;
    const target = resolve(ctx.specDir, literal.value);
    const verdict = checkInside(target, ctx.projectRoot);
    if (!verdict.inside)
      ctx.accept(
        'reportOutsideProject',
        literal,
        [literal.value, ctx.projectRoot],
        verdict.link ? { hint: `'${verdict.link.link}' is a link to '${verdict.link.target}'.` } : undefined,
      );
    else if (literal === report.template && !existsSync(target)) ctx.accept('templateMissing', literal, [literal.value]);
  }
}

/** Tables and plots use known metrics and arm columns; samples come from generating arms (binding resolves axes, arms and VAEs). */
export function checkReportItems(report: A.ReportDeclaration, ctx: CheckContext): void {
  for (const item of report.items) {
    switch (item.kind) {
      case 'table':
        checkMetricName(ctx, item.metric);
        if (item.cols && item.cols.text !== 'arm')
          ctx.accept('unknownOption', item.cols, ['table columns', item.cols.text], {
            hint: "Tables have one column per arm: 'cols arm'.",
          });
        break;
      case 'plot':
        checkMetricName(ctx, item.metric);
        break;
      case 'samples': {
        const arm = item.target && ctx.symbols.arms.get(item.target.text);
        if (item.target && arm && !arm.recipe)
          ctx.accept('samplesOfNonGeneratingArm', item.target, [item.target.text], { hint: 'Name an arm with a recipe.' });
        break;
      }
    }
  }
  checkExport(report, ctx);
}

const EXPORT_HINT =
  "Write 'export generated' (every generated example), 'export kept' (those each arm trains on) or 'export generated, kept'.";

/** `export` names `generated` and/or `kept`, each once, in one export item; something must generate data. */
function checkExport(report: A.ReportDeclaration, ctx: CheckContext): void {
  const items = report.items.filter((item) => item.kind === 'export');
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (i > 0) {
      ctx.accept('duplicateSetting', item.keyword, ['export', 'the report block'], {
        hint: "List both in one item: 'export generated, kept'.",
      });
      return;
    }
    for (const what of item.what) {
      if (!(EXPORT_WORDS as readonly string[]).includes(what.text))
        ctx.accept('unknownOption', what, ['export', what.text], { hint: didYouMean(what.text, EXPORT_WORDS) ?? EXPORT_HINT });
      else if (seen.has(what.text)) ctx.accept('duplicateSetting', what, [what.text, 'export']);
      seen.add(what.text);
    }
  });
  if (items.length > 0 && ![...ctx.symbols.arms.values()].some((arm) => arm.recipe))
    ctx.accept('exportWithoutGeneratedData', items[0].keyword, [], {
      hint: "Every arm is a baseline, so the run would write no files; add an arm with a recipe or remove 'export'.",
    });
}

/** `when dataset X set PATH VALUE`: per-dataset settings, checked in place and lowered per cell. */
import { describe, expect, it } from 'vitest';
import type { GenerateTask, TrainVaeTask } from '../../../src/plan/types.ts';
import { compile, unmark } from '../helpers.ts';

const spec = (extra: string) => `experiment p "Per-dataset settings" {
  data glass = proben1("glass")
  data thyroid = proben1("thyroid")
  sweep dataset in [glass, thyroid]
  vae pc { per_class on train mix_in 0.2  latent 2  train steps 300 }
  arm baseline
  arm vae = pc.prior(alpha 1.0) count 400
${extra}
}
`;

describe('when dataset … set …', () => {
  it('changes the VAE and the count for that dataset only', async () => {
    const { plan, diagnostics } = await compile(
      spec('  when dataset glass set vae.pc.mix_in 0.0\n  when dataset thyroid set arm.vae.count balance'),
    );
    expect(diagnostics).toEqual([]);
    const vaes = plan!.tasks.filter((t): t is TrainVaeTask => t.kind === 'train_vae');
    expect(vaes.map((t) => [t.dataset, t.vae.mixIn])).toEqual([
      ['glass', 0],
      ['thyroid', 0.2],
    ]);
    const gens = plan!.tasks.filter((t): t is GenerateTask => t.kind === 'generate');
    expect(gens.map((t) => [t.dataset, t.count])).toEqual([
      ['glass', { kind: 'fixed', perClass: 400 }],
      ['thyroid', { kind: 'balance' }],
    ]);
    // the plan's own nodes keep the spec's settings
    expect(plan!.vaes[0].mixIn).toBe(0.2);
    expect(plan!.arms[1].count).toEqual({ kind: 'fixed', perClass: 400 });
  });

  const cases: [string, string, string][] = [
    ['AUG2001', '  when dataset «glas» set vae.pc.mix_in 0.0', "Cannot find data 'glas'."],
    ['AUG2008', '  when dataset glass set vae.pc.mix_in «1.5»', "'mix_in' must be a number in [0, 1); got 1.5."],
    ['AUG3006', '  when dataset glass set «vae.pc.latnet» 3', "Unknown override path 'vae.pc.latnet'."],
    ['AUG2005', '  when «shots» 5 set vae.pc.latent 3', "Unknown 'when' axis 'shots'."],
    ['AUG2005', '  when dataset glass set arm.vae.count «lots»', "Unknown count 'lots'."],
  ];
  it.each(cases)('reports %s at the marked place', async (code, line, message) => {
    const { text, line: l, column } = unmark(spec(line));
    const { diagnostics, plan } = await compile(text);
    expect(diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.column, d.message])).toEqual([[code, l, column, message]]);
    expect(plan).toBeNull();
  });
});

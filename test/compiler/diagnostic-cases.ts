/**
 * One spec per diagnostic code that triggers it (`«` marks where the diagnostic must point) and a
 * valid twin with the mistake fixed. test/compiler/diagnostics.test.ts runs them all, and
 * scripts/generate-language-docs.ts prints them in docs/language.md, so the documented examples
 * are exactly the tested ones. Codes that no spec text can trigger (unreadable files, binary
 * bytes, an internal crash) are tested in bad-input.test.ts and registry.test.ts.
 */
import type { CompileOptions } from '../../src/compiler/index.ts';

export interface DiagnosticCase {
  code: string;
  /** the spec, with `«` before the position the diagnostic must report */
  spec: string;
  /** the same spec with the mistake fixed: no errors (a warning such as an unused VAE may remain) */
  twin: string;
  options?: CompileOptions;
}

/** A small valid experiment with `body` inserted before its closing brace. */
export function demo(body: string, head = ''): string {
  return `experiment demo "Demo" {${head}
  data digits = mnist()
  split digits stratified { pool 0.5, validation 0.1, test 0.4 }
  vae shared { single on pool  latent 8  train steps 300 }
  sweep shots in [5, 20] per_class from pool
  arm baseline
${body}
}
`;
}

/** A small valid experiment on PROBEN1 thyroid (tabular, partition train/validation/test). */
export function tabular(body: string, vae = 'latent 2  train steps 300'): string {
  return `experiment tab "Tabular demo" {
  data thyroid = proben1("thyroid")
  vae pc { per_class on train  ${vae} }
  arm baseline
  arm prior = pc.prior(alpha 1.0) count 400
${body}
}
`;
}

/** A small valid experiment on a CSV fixture (40 rows, labels 'yes' and 'no') with declared classes. */
export function answers(classes: string): string {
  return `experiment answers "Answers" {
  data answers = csv("../test/compiler/fixtures/answers.csv", label "answer", classes ${classes})
  split answers stratified { train 0.7, test 0.3 }
  vae shared { single on train  latent 2  train steps 100 }
  arm baseline
  arm noise = shared.noise(alpha 1.0)
}
`;
}

/** A small valid experiment on a data source of the data fixtures (test/fixtures/data). */
export function onData(source: string, split = ''): string {
  return `experiment fixture "Data fixture" {
  data set = ${source}
${split}  vae pc { per_class on train  latent 2  train steps 300 }
  arm baseline
  arm prior = pc.prior(alpha 1.0) count 40
}
`;
}

/** The data fixtures, as a spec in specs/ reaches them. */
const DATA = '../test/fixtures/data';
/** 30 patients of mixed types with a partition column (test/fixtures/data/tables). */
const PATIENTS = `${DATA}/tables/patients.csv`;

/** Data-source cases (AUG2043–2049, AUG3015–3029): each names the file or set it reads. */
const DATA_CASES: DiagnosticCase[] = [
  { code: 'AUG2043', spec: onData('proben1(«"tumour #1")'), twin: onData('proben1("tumour")') },
  { code: 'AUG2044', spec: onData('proben1("tumour2", permutation «1)'), twin: onData('proben1("tumour", permutation 2)') },
  {
    code: 'AUG2045',
    spec: onData(`csv("${PATIENTS}", label "outcome", partition "split", columns { outcome «ignore })`),
    twin: onData(`csv("${PATIENTS}", label "outcome", partition "split", columns { severity ignore })`),
  },
  { code: 'AUG3015', spec: onData('proben1(«"tumor")'), twin: onData('proben1("tumour")') },
  { code: 'AUG3016', spec: onData('proben1(«"flow")'), twin: onData('proben1("heartc")') },
  {
    code: 'AUG3017',
    spec: onData(`csv(«"${DATA}/proben1/tumour/tumour1.dt", label "class")`),
    twin: onData(`proben1("${DATA}/proben1/tumour/tumour1.dt")`),
  },
  {
    code: 'AUG3018',
    spec: onData(`csv("${PATIENTS}", label «"severity", partition "split")`),
    twin: onData(`csv("${PATIENTS}", label "outcome", partition "split")`),
  },
  {
    code: 'AUG3019',
    spec: onData(`csv("${DATA}/csv/label-only.csv", label "class")`).replace('data set', 'data «set'),
    twin: onData(`csv("${PATIENTS}", label "outcome", partition "split")`),
  },
  {
    code: 'AUG3020',
    spec: onData(`arff("${DATA}/tables/patients.arff", partition "split", columns { «bloood categorical })`),
    twin: onData(`arff("${DATA}/tables/patients.arff", partition "split", columns { blood categorical })`),
  },
  {
    code: 'AUG3021',
    spec: onData(`csv("${DATA}/csv/numbered-folds.csv", label "y")`, '  split set stratified { train 0.8, «test 0.2 }\n'),
    twin: onData(`csv("${DATA}/csv/numbered-folds.csv", label "y")`, '  split set stratified { train 0.5, test 0.5 }\n'),
  },
  {
    code: 'AUG3022',
    spec: onData(`csv("${DATA}/csv/one-row-class.csv", label "y", partition "split")`).replace('data set', 'data «set'),
    twin: onData(`csv("${DATA}/csv/one-row-class.csv", label "y2", partition "split")`),
  },
];

export const DIAGNOSTIC_CASES: DiagnosticCase[] = [
  ...DATA_CASES,
  { code: 'AUG1001', spec: demo('  seed 1 «@'), twin: demo('  seed 1') },
  { code: 'AUG1002', spec: demo('  report «"../reports/demo.md'), twin: demo('  report "../reports/demo.md"') },
  { code: 'AUG1003', spec: demo('  repeats 2 «/* three after review'), twin: demo('  repeats 2 /* three after review */') },
  { code: 'AUG1004', spec: demo('  repeats «"three"'), twin: demo('  repeats 3') },
  { code: 'AUG1005', spec: demo('  vae other { «latnet» 2 }'), twin: demo('  vae other { latent 2 }') },
  { code: 'AUG1006', spec: demo('  repeats«\n  metric accuracy'), twin: demo('  repeats 2\n  metric accuracy') },
  { code: 'AUG1007', spec: '«// an empty spec: only a comment\n', twin: demo('') },
  { code: 'AUG1011', spec: `«seed 3\n${demo('')}`, twin: demo('  seed 3') },
  { code: 'AUG2001', spec: demo('  arm noise = «shraed».noise(alpha 1.0)'), twin: demo('  arm noise = shared.noise(alpha 1.0)') },
  {
    code: 'AUG2002',
    spec: demo('  arm noise = shared.noise(alpha 1.0)\n  arm «noise» = shared.noise(alpha 0.5)'),
    twin: demo('  arm noise = shared.noise(alpha 1.0)\n  arm small_noise = shared.noise(alpha 0.5)'),
  },
  { code: 'AUG2003', spec: demo('  arm mix = shared.«interpolat»(k 1)'), twin: demo('  arm mix = shared.interpolate(k 1)') },
  {
    code: 'AUG2004',
    spec: demo('  data more = «mnsit»()\n  split more stratified { pool 0.5, test 0.5 }\n  sweep dataset in [digits, more]'),
    twin: demo('  data more = fashion_mnist()\n  split more stratified { pool 0.5, test 0.5 }\n  sweep dataset in [digits, more]'),
  },
  { code: 'AUG2005', spec: demo('  vae other { likelihood «bernouli» }'), twin: demo('  vae other { likelihood bernoulli }') },
  { code: 'AUG2006', spec: demo('  arm noise = shared.noise(«alpah» 1.0)'), twin: demo('  arm noise = shared.noise(alpha 1.0)') },
  {
    code: 'AUG2007',
    spec: tabular('  data other = «proben1»(permutation 2)\n  sweep dataset in [thyroid, other]'),
    twin: tabular('  data other = proben1("glass", permutation 2)\n  sweep dataset in [thyroid, other]'),
  },
  { code: 'AUG2008', spec: demo('  vae other { latent «0» }'), twin: demo('  vae other { latent 2 }') },
  { code: 'AUG2009', spec: demo('  repeats «2.5»'), twin: demo('  repeats 2') },
  {
    code: 'AUG2010',
    spec: demo('  arm sampled = shared.«prior»(alpha 1.0)'),
    twin: demo('  vae per_digit { per_class on shots  latent 8  train steps 300 }\n  arm sampled = per_digit.prior(alpha 1.0)'),
  },
  {
    code: 'AUG2011',
    spec: demo('  vae other { single on pool «mix_in» 0.2 }'),
    twin: demo('  vae other { per_class on pool mix_in 0.2 }'),
  },
  { code: 'AUG2012', spec: demo('  vae other { single on «pol» }'), twin: demo('  vae other { single on pool }') },
  {
    code: 'AUG2013',
    spec: demo('  report "../reports/demo.md" { table weighted_f1 rows «beta» cols arm }'),
    twin: demo('  report "../reports/demo.md" { table weighted_f1 rows shots cols arm }'),
  },
  { code: 'AUG2014', spec: demo('  report «"/elsewhere/demo.md"'), twin: demo('  report "../reports/demo.md"') },
  { code: 'AUG2015', spec: demo('  vae other { latent 2 «latent» 3 }'), twin: demo('  vae other { latent 3 }') },
  { code: 'AUG2016', spec: demo('  vae other { train steps 100 «epochs» 5 }'), twin: demo('  vae other { train epochs 5 }') },
  { code: 'AUG2017', spec: demo('  arm noise = «noise»(alpha 1.0)'), twin: demo('  arm noise = shared.noise(alpha 1.0)') },
  { code: 'AUG2052', spec: demo('  arm smote = «shared.smote(k 3)'), twin: demo('  arm smote = smote(k 3)') },
  {
    code: 'AUG2053',
    spec: demo('  arm smote = smote(k 3) «filter gc(early_checkpoint step 100, keep 0.5)'),
    twin: demo('  arm noise = shared.noise(alpha 1.0) filter gc(early_checkpoint step 100, keep 0.5)'),
  },
  {
    code: 'AUG2054',
    spec: demo('  arm noise = shared.noise(alpha 1.0)\n  report "../reports/demo.md" { samples «baseline }'),
    twin: demo('  arm noise = shared.noise(alpha 1.0)\n  report "../reports/demo.md" { samples noise }'),
  },
  {
    code: 'AUG2055',
    spec: demo('  arm noise = shared.noise(alpha 1.0)').replace(
      'split digits stratified',
      'split digits «partition\n  split digits stratified',
    ),
    twin: demo('  arm noise = shared.noise(alpha 1.0)'),
  },
  {
    code: 'AUG2056',
    spec: demo('  report "../reports/demo.md" { «export generated }'),
    twin: demo('  arm noise = shared.noise(alpha 1.0)\n  report "../reports/demo.md" { export generated }'),
  },
  {
    code: 'AUG2018',
    spec: demo('  arm noise = shared.noise(alpha 1.0) count «generated»'),
    twin: demo('  sweep generated in [10, 100]\n  arm noise = shared.noise(alpha 1.0) count generated'),
  },
  {
    code: 'AUG2019',
    spec: tabular('  classifier net { mlp [64] early_stop on «test» }'),
    twin: tabular('  classifier net { mlp [64] early_stop on validation }'),
  },
  {
    code: 'AUG2020',
    spec: demo('  classifier small { mlp [32] }\n  classifier «large» { mlp [512] }'),
    twin: demo('  classifier small { mlp [32] }\n  classifier large { mlp [512] }\n  classify with large'),
  },
  {
    code: 'AUG2021',
    spec: demo('  data more = fashion_mnist()\n  split more «stratified» { pool 0.5, test 0.3 }\n  sweep dataset in [digits, more]'),
    twin: demo('  data more = fashion_mnist()\n  split more stratified { pool 0.5, test 0.5 }\n  sweep dataset in [digits, more]'),
  },
  {
    code: 'AUG2022',
    spec: 'experiment «demo "Demo" {\n  data digits = mnist()\n}\n',
    twin: 'experiment demo "Demo" {\n  data digits = mnist()\n  arm baseline\n}\n',
  },
  { code: 'AUG2023', spec: demo('  sweep «shots» in [50]'), twin: demo('  sweep generated in [50]') },
  {
    code: 'AUG2024',
    spec: 'experiment «demo "Demo" {\n  data a = proben1("glass")\n  data b = proben1("horse")\n  arm baseline\n}\n',
    twin: 'experiment demo "Demo" {\n  data a = proben1("glass")\n  data b = proben1("horse")\n  sweep dataset in [a, b]\n  arm baseline\n}\n',
  },
  {
    code: 'AUG2025',
    spec: demo('  arm noisy = shared.noise(alpha 1.0) + «noise»(alpha 0.5)'),
    twin: demo('  arm noisy = shared.interpolate(k 1) + noise(alpha 0.5)'),
  },
  { code: 'AUG2026', spec: tabular('  vae few { per_class on «shots» }'), twin: tabular('  vae few { per_class on train }') },
  {
    code: 'AUG2027',
    spec: demo('  arm noise = shared.noise(alpha 1.0)\n  vae «spare» { latent 4 }'),
    twin: demo('  arm noise = shared.noise(alpha 1.0)\n  vae spare { latent 4 }\n  arm other = spare.noise(alpha 1.0)'),
  },
  {
    code: 'AUG3009',
    spec: demo('  report "../reports/demo.md" template «"no-such-template.hbs"'),
    twin: demo('  report "../reports/demo.md" template "../src/runtime/reports/default-template.hbs"'),
  },
  {
    code: 'AUG2028',
    spec: demo('  sweep «generated» in [10, 100]\n  arm noise = shared.noise(alpha 1.0)'),
    twin: demo('  sweep generated in [10, 100]\n  arm noise = shared.noise(alpha 1.0) count generated'),
  },
  { code: 'AUG2029', spec: answers('["yes", «""]'), twin: answers('["yes", "no"]') },
  { code: 'AUG2030', spec: answers('«["yes"]'), twin: answers('["yes", "no"]') },
  {
    code: 'AUG2031',
    spec: tabular('  classifier net { mlp [64]  epochs 50  train «steps 500 }'),
    twin: tabular('  classifier net { mlp [64]  train steps 500 }'),
  },
  {
    code: 'AUG2032',
    spec: tabular('  classifier net { mlp [64]  train steps 500  dropout 0.1 «per_arm }'),
    twin: tabular('  classifier net { mlp [64]  train steps 500  dropout 0.1 }'),
  },
  {
    code: 'AUG2033',
    spec: tabular('  classifier net { mlp [64]  epochs 50 «per_arm }'),
    twin: tabular('  classifier net { mlp [64]  epochs 50 }'),
  },
  {
    code: 'AUG2034',
    spec: demo('').replace('sweep shots', 'sweep «shots').replace('validation 0.1, test 0.4', 'test 0.5'),
    twin: demo(''),
  },
  {
    code: 'AUG2035',
    spec: demo('  sweep generated in [10, 100] «cap\n  arm noise = shared.noise(alpha 1.0) count generated'),
    twin: demo('  sweep generated in [10, 100]\n  arm noise = shared.noise(alpha 1.0) count generated'),
  },
  { code: 'AUG2051', spec: demo('  arm «"<img>|x" = shared.noise(alpha 1.0)'), twin: demo('  arm "img_x" = shared.noise(alpha 1.0)') },
  {
    code: 'AUG1013',
    spec: demo(`  arm deep = shared.noise(alpha ${'['.repeat(15)}«[1${']'.repeat(16)})`),
    twin: demo('  arm deep = shared.noise(alpha 1.0)'),
  },
  // 50 repeats × (2 shots × 110 generated) cells × 2 arms = 22,000 evaluations
  {
    code: 'AUG2050',
    spec: demo(
      '  repeats 50\n  sweep generated in «[' +
        Array.from({ length: 110 }, (_, i) => 10 * (i + 1)).join(', ') +
        ']\n  arm noise = shared.noise(alpha 1.0) count generated',
    ),
    twin: demo('  repeats 50\n  sweep generated in [50, 500]\n  arm noise = shared.noise(alpha 1.0) count generated'),
  },
  { code: 'AUG2040', spec: demo('  repeats «2'), twin: demo('  repeats 5') },
  { code: 'AUG3010', spec: answers('«["Yes", "no"]'), twin: answers('["yes", "no"]') },
  { code: 'AUG3011', spec: answers('["yes", "no", «"maybe"]'), twin: answers('["yes", "no"]') },
  {
    code: 'AUG3012',
    spec: demo('  classifier net { mlp [64]  «epochs 20 }'),
    twin: demo('  classifier net { mlp [64]  train steps 300 }'),
  },
  {
    code: 'AUG3001',
    spec: demo(
      '  data «table» = csv("no-such-file.csv", label "class")\n  split table stratified { pool 0.5, test 0.5 }\n  sweep dataset in [digits, table]',
    ),
    twin: demo('  data table = fashion_mnist()\n  split table stratified { pool 0.5, test 0.5 }\n  sweep dataset in [digits, table]'),
  },
  {
    code: 'AUG3002',
    spec: demo('  sweep generated in [1]').replace('[5, 20]', '[5, «900]'),
    twin: demo('  sweep generated in [1]').replace('[5, 20]', '[5, 400]'),
  },
  {
    code: 'AUG3003',
    spec: demo('  arm mix = shared.interpolate(k «5», alpha 0.5)'),
    twin: demo('  arm mix = shared.interpolate(k 4, alpha 0.5)'),
  },
  {
    code: 'AUG3004',
    spec: tabular(
      '  data scaled = proben1("thyroid") scale standardize\n  sweep dataset in [thyroid, scaled]',
      'latent 2  likelihood «bernoulli»',
    ),
    twin: tabular(
      '  data scaled = proben1("thyroid") scale standardize\n  sweep dataset in [thyroid, scaled]',
      'latent 2  likelihood gaussian',
    ),
  },
  { code: 'AUG3005', spec: tabular('', 'latent 2  encoder «conv» [8, 16]'), twin: tabular('', 'latent 2  encoder dense [8, 16]') },
  { code: 'AUG3006', spec: `«${demo('')}`, twin: demo(''), options: { overrides: [{ path: 'vae.shared.latnet', value: '4' }] } },
  { code: 'AUG3007', spec: `«${demo('')}`, twin: demo(''), options: { overrides: [{ path: 'repeats', value: 'many' }] } },
  {
    code: 'AUG3008',
    spec: demo(
      '  vae per_digit { per_class on shots  latent 8  train steps 300 }\n  arm gc = per_digit.prior(alpha 1.0) filter gc(early_checkpoint step «500», keep 0.5)',
    ),
    twin: demo(
      '  vae per_digit { per_class on shots  latent 8  train steps 300 }\n  arm gc = per_digit.prior(alpha 1.0) filter gc(early_checkpoint step 100, keep 0.5)',
    ),
  },
];

/** Twins with their own options (AUG3006/3007 twins compile without the bad override). */
export function twinOptions(c: DiagnosticCase): CompileOptions {
  return c.code === 'AUG3006' || c.code === 'AUG3007' ? {} : (c.options ?? {});
}

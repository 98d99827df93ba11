/**
 * The diagnostics catalog: every message the compiler can report, with a stable code grouped by
 * phase — AUG1xxx syntax (lexer, parser, reading the file), AUG2xxx semantic (names, types,
 * ranges, the rules of the method), AUG3xxx data-aware and plan (dataset metadata, overrides).
 * Codes are never reused or renumbered; docs/language.md lists each with a spec that triggers it.
 *
 * Templates use {0}, {1}, … for arguments. Messages are one sentence ending in a period.
 */
import type { Diagnostic, RelatedInformation, Severity, SourceRange } from './diagnostic.ts';

export interface CatalogEntry {
  code: string;
  severity: Severity;
  template: string;
}

function entry(code: string, template: string, severity: Severity = 'error'): CatalogEntry {
  return { code, severity, template };
}

export const CATALOG = {
  // ---- syntax: reading and lexing
  unexpectedCharacter: entry('AUG1001', "Unexpected character '{0}'."),
  unterminatedString: entry('AUG1002', 'Unterminated string literal.'),
  unterminatedComment: entry('AUG1003', "Unterminated block comment; expected '*/'."),
  // ---- syntax: parsing
  unexpectedToken: entry('AUG1004', 'Expected {0} but found {1}.'),
  unknownKeyword: entry('AUG1005', "Unknown keyword '{0}' in {1}; expected {2}."),
  unexpectedEndOfFile: entry('AUG1006', 'Expected {0} before {1}.'),
  emptyFile: entry('AUG1007', "The spec is empty; expected 'experiment NAME { ... }'."),
  notUtf8: entry('AUG1008', 'The file is not UTF-8 text (invalid byte at offset {0}).'),
  binaryFile: entry('AUG1009', 'The file looks binary (it contains a NUL byte), not a .aug spec.'),
  fileTooLarge: entry('AUG1010', 'The spec is {0}; specs larger than {1} are not read.'),
  textOutsideExperiment: entry('AUG1011', 'Unexpected {0} outside the experiment block.'),
  unreadableFile: entry('AUG1012', "Cannot read '{0}': {1}."),
  nestingTooDeep: entry('AUG1013', 'Brackets nest more than {0} deep; the statement is not parsed.'),
  moreDiagnostics: entry('AUG1014', '{0} more problems are not shown; fix the ones above first.'),
  // ---- semantic: names
  undefinedName: entry('AUG2001', "Cannot find {0} '{1}'."),
  duplicateName: entry('AUG2002', "Duplicate {0} '{1}'."),
  unknownRecipe: entry('AUG2003', "Unknown recipe '{0}'."),
  unknownSource: entry('AUG2004', "Unknown data source '{0}'."),
  unknownOption: entry('AUG2005', "Unknown {0} '{1}'."),
  unknownArgument: entry('AUG2006', "Unknown argument '{0}' for {1}."),
  missingArgument: entry('AUG2007', "{0} needs the argument '{1}'."),
  // ---- semantic: values
  outOfRange: entry('AUG2008', '{0} must be {1}; got {2}.'),
  wrongType: entry('AUG2009', '{0} must be {1}; got {2}.'),
  // ---- semantic: rules of the method
  priorFromSingleVae: entry('AUG2010', "Recipe 'prior' needs a per_class VAE; '{0}' is single, so a prior sample would have no label."),
  mixInOnSingleVae: entry('AUG2011', "'mix_in' only applies to a per_class VAE; '{0}' is single."),
  undefinedPart: entry('AUG2012', "Split of '{0}' has no part '{1}'."),
  axisNotSwept: entry('AUG2013', "The report uses axis '{0}', which is not swept."),
  reportOutsideProject: entry('AUG2014', "Report path '{0}' is outside the project folder '{1}'."),
  duplicateSetting: entry('AUG2015', "'{0}' is set twice in {1}."),
  stepsAndEpochs: entry('AUG2016', "Training of VAE '{0}' sets both 'steps' and 'epochs'; give one."),
  recipeNeedsVae: entry('AUG2017', "Recipe '{0}' works in a VAE's latent space."),
  generatedCountWithoutAxis: entry('AUG2018', "'count generated' needs a 'sweep generated in [...]' axis."),
  testPartForSelection: entry(
    'AUG2019',
    "{0} uses the test part '{1}'; training or model selection on the test part inflates every score.",
    'warning',
  ),
  ambiguousClassifier: entry('AUG2020', "Several classifiers are declared; say which one evaluates the arms with 'classify with NAME'."),
  ratiosDoNotSum: entry('AUG2021', "The ratios of split '{0}' sum to {1}; they must sum to 1."),
  missingDeclaration: entry('AUG2022', 'The experiment declares no {0}.'),
  duplicateAxis: entry('AUG2023', "Axis '{0}' is swept twice."),
  severalDatasetsWithoutAxis: entry(
    'AUG2024',
    "The experiment declares {0} datasets; sweep them with 'sweep dataset in [...]' or keep one.",
  ),
  plusNoiseNeedsStep: entry('AUG2025', "'+ noise(...)' follows an interpolate or extrapolate step, not '{0}'."),
  shotsPartWithoutShotsAxis: entry('AUG2026', "VAE '{0}' trains on 'shots', but no 'sweep shots in [...]' axis is declared."),
  unusedDeclaration: entry('AUG2027', "{0} '{1}' is declared but never used, so it will not be trained.", 'warning'),
  unusedGeneratedAxis: entry(
    'AUG2028',
    "Axis 'generated' is swept, but no arm uses 'count generated', so its cells would all repeat the same work.",
    'warning',
  ),
  emptyClassName: entry('AUG2029', 'A declared class name is empty; every class needs a name.'),
  tooFewClasses: entry('AUG2030', '{0} names {1}; a classifier needs two or more classes.'),
  // ---- semantic: classifier training budgets (AUG2031–2039)
  classifierStepsAndEpochs: entry('AUG2031', "Classifier '{0}' sets both 'steps' and 'epochs'; give one."),
  perArmNotAfterEpochs: entry('AUG2032', "'per_arm' follows only 'epochs', not '{0}'."),
  unequalArmBudgets: entry(
    'AUG2033',
    "With 'epochs {0} per_arm', the arms of one cell train classifier '{1}' for different numbers of steps, so a gain over the baseline may be extra training rather than generated data.",
    'warning',
  ),
  shotsWithoutValidation: entry(
    'AUG2034',
    "Axis 'shots' has no validation part to stop on: the split of '{0}' has only {1}, so classifier '{2}' trains its whole budget whatever the number of shots.",
    'warning',
  ),
  capWithoutShots: entry('AUG2035', "'cap' applies only to a 'sweep shots in [...] per_class' axis, not to axis '{0}'."),
  // ---- semantic: data sources (AUG2043–2049)
  badProben1Name: entry('AUG2043', "'{0}' is not a PROBEN1 set name or a path to a .dt file."),
  proben1PermutationConflict: entry('AUG2044', "PROBEN1 set '{0}' names permutation {1}, but 'permutation {2}' is given."),
  ignoredColumnInUse: entry('AUG2045', "Column '{0}' is declared 'ignore', but {1}."),
  // ---- semantic: statistics of the design (AUG2040–2042)
  fewRepeats: entry('AUG2040', "With {0} per cell, the report's intervals and tests cannot tell the arms apart.", 'warning'),
  gridTooLarge: entry(
    'AUG2050',
    'The plan would hold {0} repeat(s) × {1} cells × {2} arms = {3} classifier evaluations, more than the {4} one spec may hold.',
  ),
  armNameCharacters: entry('AUG2051', "Arm name '{0}' holds characters other than letters, digits, '_', '+', '-' and '.'."),
  // ---- semantic: one meaning per code (AUG2017 once carried all five of these, AUG2052–2055); report export (AUG2056)
  recipeTakesNoVae: entry('AUG2052', "Recipe '{0}' works in input space and takes no VAE."),
  checkpointNegativesNeedVae: entry('AUG2053', "The filter of arm '{0}' uses early-checkpoint negatives, which need a VAE recipe."),
  samplesOfNonGeneratingArm: entry('AUG2054', "Arm '{0}' generates nothing, so it has no samples to show."),
  sourceWithoutPartition: entry('AUG2055', "Source '{0}' has no partition of its own."),
  exportWithoutGeneratedData: entry('AUG2056', 'The report exports generated data, but no arm generates any.', 'warning'),
  checkCrashed: entry('AUG2999', "Internal error in check '{0}': {1}. Please report it."),
  // ---- data-aware and plan
  metadataUnavailable: entry('AUG3001', "Cannot read dataset '{0}': {1}"),
  tooManyShots: entry('AUG3002', "{0} shots per class exceed what part '{1}' of '{2}' holds for class '{3}' ({4})."),
  kTooLarge: entry('AUG3003', 'k {0} must be smaller than the smallest class size {1}, which {2}.'),
  bernoulliOutsideUnitRange: entry('AUG3004', "Likelihood 'bernoulli' needs inputs in [0,1], but '{0}' {1}."),
  convOnTabular: entry('AUG3005', "{0} uses conv layers, but '{1}' is tabular data."),
  unknownOverride: entry('AUG3006', "Unknown override path '{0}'."),
  badOverrideValue: entry('AUG3007', "Override '{0}' needs {1}; got '{2}'."),
  templateMissing: entry('AUG3009', "Report template '{0}' does not exist."),
  checkpointAfterTraining: entry(
    'AUG3008',
    "Early checkpoint step {0} of gc '{1}' is not before the end of training of VAE '{2}' ({3} steps).",
  ),
  undeclaredLabel: entry('AUG3010', "Label '{0}' in {1} is not one of the declared classes of '{2}' ({3})."),
  declaredClassWithoutRows: entry('AUG3011', "Declared class '{0}' has no rows in {1}.", 'warning'),
  // ---- data-aware: classifier training budgets (AUG3012–3014)
  fewClassifierSteps: entry(
    'AUG3012',
    "Classifier '{0}' gets only {1} optimizer steps in cell {2}, fewer than {3}; an undertrained baseline makes every gain over it doubtful.",
    'warning',
  ),
  // ---- data-aware: what the data files hold (AUG3015–3029)
  unknownProben1Set: entry('AUG3015', "PROBEN1 set '{0}' is not on the data search path: {1}"),
  regressionSet: entry('AUG3016', "PROBEN1 set '{0}' is a regression set, not a classification set: {1}"),
  proben1AsCsv: entry('AUG3017', "'{0}' is a PROBEN1 .dt file, not delimited text."),
  continuousLabel: entry('AUG3018', "The label column '{0}' of '{1}' looks continuous: {2}"),
  noFeatures: entry('AUG3019', "'{0}' has no feature columns: {1}"),
  unknownColumn: entry('AUG3020', "Column '{0}' is not in {1}."),
  classTooSmall: entry('AUG3021', "Class '{0}' of '{1}' has {2}, so {3}."),
  singleRowClass: entry(
    'AUG3022',
    "Class '{0}' of '{1}' has a single row; it cannot be in both the training and the test rows.",
    'warning',
  ),
} as const;

export type CatalogKey = keyof typeof CATALOG;

/** Fill a template's {0}, {1}, … with the arguments. */
export function formatTemplate(template: string, args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)] ?? ''));
}

/** Build a diagnostic from a catalog entry. */
export function makeDiagnostic(
  key: CatalogKey,
  file: string,
  range: SourceRange,
  args: readonly (string | number)[] = [],
  extra: { hint?: string; related?: RelatedInformation[] } = {},
): Diagnostic {
  const e = CATALOG[key];
  const diagnostic: Diagnostic = { code: e.code, severity: e.severity, message: formatTemplate(e.template, args), file, range };
  if (extra.hint) diagnostic.hint = extra.hint;
  if (extra.related?.length) diagnostic.related = extra.related;
  return diagnostic;
}

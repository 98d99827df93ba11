/**
 * The compiler's public API (used by `augc check`, `augc plan` and `augc run`).
 */
export {
  compileFile,
  compileSource,
  checkFile,
  findProjectRoot,
  type CompileOptions,
  type CompileResult,
  type MetadataReader,
} from './compile.ts';
export { validatePlan, PLAN_SCHEMA, jsonPath } from '../plan/validate.ts';
export { formatDiagnostics, diagnosticsToJson, type FormatOptions } from './diagnostics/format.ts';
export { hasErrors, type Diagnostic, type SourceRange, type SourcePosition, type Severity } from './diagnostics/diagnostic.ts';
export { CATALOG } from './diagnostics/catalog.ts';
export { PLAN_SCHEMA_VERSION, type Plan } from '../plan/types.ts';
export type { Override } from './overrides.ts';

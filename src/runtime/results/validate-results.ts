/** Validation of results.json against its JSON Schema (ajv); errors name the JSON path. */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { ResultsFile } from './types.ts';

const schema = JSON.parse(readFileSync(new URL('./results.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

/** Check a parsed results file; `errors` are "path: message" lines. */
export function validateResults(json: unknown): { ok: true; results: ResultsFile } | { ok: false; errors: string[] } {
  if (validate(json)) return { ok: true, results: json as ResultsFile };
  const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'is invalid'}`);
  return { ok: false, errors };
}

/**
 * `validatePlan`: the runtime's gate for any plan it is given (from `augc plan -o` or the
 * compiler). The JSON Schema (plan.schema.json, validated with ajv) checks shapes; then the links
 * the schema cannot express: unique task ids, every dep an earlier task (topological order), every
 * task another names among its deps (its complete inputs, task-inputs.ts), and
 * names that refer to declared classifiers, VAEs, GCs and arms. Each error names its JSON path.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { namedTasks } from './task-inputs.ts';
import { PLAN_SCHEMA_VERSION, type Plan } from './types.ts';

/** The plan's JSON Schema (the single source of truth for the plan's JSON form). */
export const PLAN_SCHEMA: Record<string, unknown> = JSON.parse(readFileSync(new URL('./plan.schema.json', import.meta.url), 'utf8'));

let compiled: ValidateFunction | null = null;
function schemaValidator(): ValidateFunction {
  if (!compiled) compiled = new Ajv({ allErrors: true, discriminator: true, strict: false }).compile(PLAN_SCHEMA);
  return compiled;
}

/** `/tasks/3/seed` → `$.tasks[3].seed` */
export function jsonPath(pointer: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return `$${parts.map((p) => (/^\d+$/.test(p) ? `[${p}]` : /^[A-Za-z_][\w]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`)).join('')}`;
}

function describe(e: ErrorObject): string {
  const path = jsonPath(e.instancePath);
  switch (e.keyword) {
    case 'required':
      return `${path}: missing property '${(e.params as { missingProperty: string }).missingProperty}'`;
    case 'additionalProperties':
      return `${path}: unknown property '${(e.params as { additionalProperty: string }).additionalProperty}'`;
    case 'enum':
      return `${path}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${path}: must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    default:
      return `${path}: ${e.message ?? e.keyword}`;
  }
}

/** Links between parts of the plan that JSON Schema cannot state. */
function checkLinks(plan: Plan): string[] {
  const errors: string[] = [];
  if (plan.schemaVersion.split('.')[0] !== PLAN_SCHEMA_VERSION.split('.')[0])
    errors.push(`$.schemaVersion: ${plan.schemaVersion} is not compatible with ${PLAN_SCHEMA_VERSION}`);
  const names = (items: { name: string }[]) => new Set(items.map((i) => i.name));
  const classifiers = names(plan.classifiers);
  const vaes = names(plan.vaes);
  const gcs = names(plan.gcs);
  const arms = names(plan.arms);
  const datasets = names(plan.datasets);
  if (!classifiers.has(plan.classifier)) errors.push(`$.classifier: no classifier named '${plan.classifier}'`);
  plan.arms.forEach((arm, i) => {
    if (arm.vae !== null && !vaes.has(arm.vae)) errors.push(`$.arms[${i}].vae: no vae named '${arm.vae}'`);
    if (arm.filter !== null && !gcs.has(arm.filter)) errors.push(`$.arms[${i}].filter: no gc named '${arm.filter}'`);
  });
  plan.report.figures.forEach((f, i) => {
    if ('vae' in f && !vaes.has(f.vae)) errors.push(`$.report.figures[${i}].vae: no vae named '${f.vae}'`);
    if ('arm' in f && !arms.has(f.arm)) errors.push(`$.report.figures[${i}].arm: no arm named '${f.arm}'`);
  });
  const seen = new Set<string>();
  const ids = new Set(plan.tasks.map((t) => t.id));
  plan.tasks.forEach((task, i) => {
    if (seen.has(task.id)) errors.push(`$.tasks[${i}].id: duplicate task id '${task.id}'`);
    task.deps.forEach((dep, j) => {
      if (!seen.has(dep)) errors.push(`$.tasks[${i}].deps[${j}]: '${dep}' is not an earlier task`);
    });
    // deps are the task's complete inputs (task-inputs.ts): the cache key covers nothing else
    for (const named of namedTasks(task, ids))
      if (!task.deps.includes(named))
        errors.push(
          `$.tasks[${i}]: names the task '${named}', which is not among its deps (a plan written before 1.3.0: run augc plan again)`,
        );
    if (!datasets.has(task.dataset)) errors.push(`$.tasks[${i}].dataset: no dataset named '${task.dataset}'`);
    seen.add(task.id);
  });
  return errors;
}

/** Validate a plan's JSON (parsed). Errors name the JSON path, e.g. `$.tasks[3].seed: must be integer`. */
export function validatePlan(json: unknown): { ok: true; plan: Plan } | { ok: false; errors: string[] } {
  const validate = schemaValidator();
  if (!validate(json)) {
    const errors = [...new Set((validate.errors ?? []).map(describe))];
    return { ok: false, errors };
  }
  const errors = checkLinks(json as Plan);
  return errors.length ? { ok: false, errors } : { ok: true, plan: json as Plan };
}

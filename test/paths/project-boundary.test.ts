/**
 * The project boundary on real paths (issue: a symlink inside the project let a report path and
 * `--out` write outside it). A scratch project holds `specs/sec/outlink`, a link to a folder outside.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compileSource } from '../../src/compiler/index.ts';
import { checkInside, firstLink, isInside, realPath } from '../../src/paths/project-boundary.ts';
import type { Plan } from '../../src/plan/types.ts';
import { OutputError, resolveOutput } from '../../src/runtime/execution/run-experiment.ts';
import { scratchDirs } from '../fixtures/scratch-dirs.ts';
import { fakeReadMetadata } from '../compiler/helpers.ts';

const newProject = scratchDirs('boundary-');
const outsideDirs: string[] = [];
afterEach(() => {
  for (const d of outsideDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A project folder with specs/sec/outlink → a folder outside it, and specs/sec/inlink → reports/. */
function projectWithLinks(): { root: string; outside: string } {
  const root = newProject();
  const outside = mkdtempSync(join(tmpdir(), 'augc-outside-'));
  outsideDirs.push(outside);
  writeFileSync(join(root, 'package.json'), '{}');
  mkdirSync(join(root, 'specs', 'sec'), { recursive: true });
  mkdirSync(join(root, 'reports'));
  symlinkSync(outside, join(root, 'specs', 'sec', 'outlink'));
  symlinkSync(join(root, 'reports'), join(root, 'specs', 'sec', 'inlink'));
  return { root, outside };
}

describe('project boundary', () => {
  it('resolves links of the deepest existing ancestor, and keeps the missing tail', () => {
    const { root, outside } = projectWithLinks();
    expect(realPath(join(root, 'specs/sec/outlink/new/evil.md'))).toBe(join(realPath(outside), 'new/evil.md'));
    expect(realPath(join(root, 'specs/sec/inlink/x.md'))).toBe(join(realPath(root), 'reports/x.md'));
    expect(firstLink(join(root, 'specs/sec/outlink/evil.md'))).toEqual({ link: join(root, 'specs/sec/outlink'), target: outside });
    expect(firstLink(join(root, 'specs/none/evil.md'))).toBeNull();
  });

  it('a path through a link to the outside is outside, and names the link; a link within stays inside', () => {
    const { root, outside } = projectWithLinks();
    const verdict = checkInside(join(root, 'specs/sec/outlink/evil.md'), root);
    expect(verdict.inside).toBe(false);
    expect(verdict.resolved).toBe(join(realPath(outside), 'evil.md'));
    expect(verdict.link?.link).toBe(join(root, 'specs/sec/outlink'));
    expect(isInside(join(root, 'specs/sec/inlink/report.md'), root)).toBe(true);
    expect(isInside(join(root, 'reports/../specs/a.md'), root)).toBe(true);
    expect(isInside(join(root, '../elsewhere.md'), root)).toBe(false);
  });

  it('the compiler refuses a report path through the link (AUG2014) and names the link in the hint', async () => {
    const { root, outside } = projectWithLinks();
    const spec = join(root, 'specs', 'sec', 'demo.aug');
    const text = (report: string) =>
      `experiment demo "t" {\n  data d = iris()\n  split d stratified { train 0.5, test 0.5 }\n  classifier net { mlp [8] epochs 2 }\n  arm baseline\n  report "${report}"\n}\n`;
    const bad = await compileSource(text('outlink/evil.md'), spec, { readMetadata: fakeReadMetadata });
    const d = bad.diagnostics.find((x) => x.code === 'AUG2014');
    expect(d).toBeDefined();
    expect(d?.hint).toBe(`'${join(root, 'specs/sec/outlink')}' is a link to '${outside}'.`);
    const good = await compileSource(text('inlink/demo.md'), spec, { readMetadata: fakeReadMetadata });
    expect(good.diagnostics.filter((x) => x.code === 'AUG2014')).toEqual([]);
  });

  it('run refuses --out through the link unless --allow-outside', () => {
    const { root } = projectWithLinks();
    const plan = {
      spec: { path: join(root, 'specs/sec/demo.aug') },
      smoke: false,
      report: { path: join(root, 'reports/demo.md') },
    } as unknown as Plan;
    const out = join(root, 'specs/sec/outlink/o2');
    expect(() => resolveOutput(plan, out, false)).toThrow(OutputError);
    expect(() => resolveOutput(plan, out, false)).toThrow(/'specs\/sec\/outlink' is a link to/);
    expect(resolveOutput(plan, out, true).dir).toBe(out);
    expect(() => resolveOutput(plan, join(root, 'specs/sec/inlink/o3'), false)).not.toThrow();
  });
});

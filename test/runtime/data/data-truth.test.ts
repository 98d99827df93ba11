/**
 * Issue 17 §4, data that lied until run time: `readMetadata` (what `augc data describe` and
 * `augc check` read) now reads enough to know the truth — a truncated IDX file, a corrupt PNG in an
 * image folder and a header-only CSV are refused there, each naming the file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileSource } from '../../../src/compiler/index.ts';
import { DataError, readMetadata } from '../../../src/runtime/data/index.ts';
import { imageFolder, removeTempFolders, tempFolder, tinyImageSet, writeFile } from '../../fixtures/data/make-fixtures.ts';

afterAll(removeTempFolders);

async function refusal(promise: Promise<unknown>): Promise<DataError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataError);
  return error as DataError;
}

describe('metadata reads enough to know the truth', () => {
  const dir = tempFolder();
  const { images, labels } = tinyImageSet(10, 2);
  writeFile(dir, 'labels.idx', labels);

  it('a truncated IDX image file (plain or gzip) is refused, naming the first incomplete record', async () => {
    for (const [name, gzip] of [
      ['cut.idx', false],
      ['cut.idx.gz', true],
    ] as const) {
      const cut = writeFile(dir, name, images.subarray(0, images.length - 20), gzip);
      const e = await refusal(readMetadata({ kind: 'idx', images: cut, labels: join(dir, 'labels.idx') }));
      expect(e.message).toBe(`${cut}: record 6: the file is truncated: the header announces 10 records, only 6 are complete.`);
    }
    const whole = writeFile(dir, 'whole.idx.gz', images, true);
    expect((await readMetadata({ kind: 'idx', images: whole, labels: join(dir, 'labels.idx') })).rows).toBe(10);
  });

  it('a corrupt PNG in an image folder is refused by describe; --all-images decodes every image', async () => {
    const root = imageFolder(tempFolder(), { circle: 5, square: 4 });
    expect((await readMetadata({ kind: 'images', dir: root })).imagesDecoded).toBe(9);
    const broken = join(root, 'square', 'img2.png');
    // a valid signature and IHDR (same 4×3 size), then the image data cut short
    writeFileSync(broken, readFileSync(broken).subarray(0, 40));
    const e = await refusal(readMetadata({ kind: 'images', dir: root }));
    expect(e.message).toMatch(
      new RegExp(
        `^${broken.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: cannot decode the PNG \\(.+\\); re-export the image or remove it\\.$`,
      ),
    );
    expect(e.file).toBe(broken);
    await expect(readMetadata({ kind: 'images', dir: root }, { verifyAll: true })).rejects.toThrow('cannot decode the PNG');
  });

  it('a header-only CSV says so, and check reports it as AUG3001 at the data line', async () => {
    const csv = join(dir, 'header-only.csv');
    writeFileSync(csv, 'age,weight,class\n');
    const e = await refusal(
      readMetadata({ kind: 'csv', path: csv, label: '', header: 'auto', delimiter: 'auto', missing: ['?'], columns: {} }),
    );
    expect(e.message).toBe(`${csv}: the file holds only a header row (age, weight, class) and no data rows.`);
    const spec = `experiment h "Header only" {\n  data t = csv("${csv}", label "class")\n  arm baseline\n}\n`;
    const { diagnostics } = await compileSource(spec, join(dir, 'h.aug'), { projectRoot: dir });
    const d = diagnostics.find((x) => x.code === 'AUG3001');
    expect(d?.message).toContain('holds only a header row (age, weight, class) and no data rows');
    expect([d?.range.start.line, d?.range.start.column]).toEqual([2, 8]);
  });
});

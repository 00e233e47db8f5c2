import { PNG } from 'pngjs';
import type { DecodedImage } from './inspect';

/** The longest side of a thumbnail, in pixels. */
export const THUMBNAIL_SIZE = 160;

type Rgba = DecodedImage;

/** Box-averages each thumbnail pixel over the source pixels it covers. */
function downscale(source: Rgba): Rgba {
  const scale = Math.min(1, THUMBNAIL_SIZE / Math.max(source.width, source.height));
  const width = Math.max(1, Math.round(source.width * scale));
  const height = Math.max(1, Math.round(source.height * scale));
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    const y0 = Math.floor((y * source.height) / height);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * source.height) / height));
    for (let x = 0; x < width; x += 1) {
      const x0 = Math.floor((x * source.width) / width);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * source.width) / width));
      const sum = [0, 0, 0, 0];
      // Sample at most 8×8 source pixels per thumbnail pixel: enough for a preview, bounded in time.
      const stepY = Math.max(1, Math.floor((y1 - y0) / 8));
      const stepX = Math.max(1, Math.floor((x1 - x0) / 8));
      let count = 0;
      for (let sy = y0; sy < y1; sy += stepY) {
        for (let sx = x0; sx < x1; sx += stepX) {
          const at = (sy * source.width + sx) * 4;
          for (let c = 0; c < 4; c += 1) sum[c] = (sum[c] ?? 0) + (source.data[at + c] ?? 0);
          count += 1;
        }
      }
      const out = (y * width + x) * 4;
      for (let c = 0; c < 4; c += 1) data[out + c] = Math.round((sum[c] ?? 0) / count);
    }
  }
  return { width, height, data };
}

/** A small PNG of an image, from the pixels its inspection already decoded. */
export function thumbnailOf(image: DecodedImage): Buffer {
  const small = downscale(image);
  const png = new PNG({ width: small.width, height: small.height });
  png.data = Buffer.from(small.data.buffer, small.data.byteOffset, small.data.byteLength);
  return PNG.sync.write(png);
}

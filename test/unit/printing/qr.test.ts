import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { qrCode } from '../../../src-main/core/printing/qr';

const RUN = /M(\d+) (\d+)h(\d+)v1h-(\d+)z/g;

/** The path as a scanner would see it on a screen: `scale` pixels a module, black runs on white. */
function rasterise(size: number, path: string, scale = 6): { data: Uint8ClampedArray; width: number } {
  const width = size * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const [, x, y, run] of path.matchAll(RUN)) {
    for (let row = Number(y) * scale; row < (Number(y) + 1) * scale; row++) {
      for (let column = Number(x) * scale; column < (Number(x) + Number(run)) * scale; column++) {
        data.fill(0, (row * width + column) * 4, (row * width + column) * 4 + 3);
      }
    }
  }
  return { data, width };
}

describe('qrCode', () => {
  it('draws a lookup code as runs of unit squares on a grid with a 4-module quiet zone', () => {
    const { size, path } = qrCode('ACDEFGHJKMNP');
    // Version 1 (21 modules) at error correction M holds 12 alphanumeric characters.
    expect(size).toBe(21 + 8);
    expect(path).toMatch(/^(M\d+ \d+h\d+v1h-\d+z)+$/);
    for (const [, x, y, run, back] of path.matchAll(RUN)) {
      expect(back).toBe(run);
      expect(Number(x)).toBeGreaterThanOrEqual(4);
      expect(Number(y)).toBeGreaterThanOrEqual(4);
      expect(Number(x) + Number(run)).toBeLessThanOrEqual(size - 4);
      expect(Number(y) + 1).toBeLessThanOrEqual(size - 4);
    }
    // The three finder patterns: a 7-module black row at the top left, top right and bottom left.
    expect(path).toContain('M4 4h7v1h-7z');
    expect(path).toContain(`M${size - 11} 4h7v1h-7z`);
    expect(path).toContain(`M4 ${size - 5}h7v1h-7z`);
  });

  it('reads back as the text it was made of', () => {
    for (const text of ['ACDEFGHJKMNP', 'RTX49MWK', 'https://status.example.kg/ACDEFGHJKMNP']) {
      const { size, path } = qrCode(text);
      const { data, width } = rasterise(size, path);
      expect(jsQR(data, width, width)?.data).toBe(text);
    }
  });

  it('grows the grid for longer texts', () => {
    expect(qrCode('https://status.example.kg/ACDEFGHJKMNP').size).toBeGreaterThan(qrCode('ACDEFGHJKMNP').size);
  });
});

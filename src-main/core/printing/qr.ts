import QRCode from 'qrcode';
import type { QrCode } from '../../../src-shared/contract';

/** The blank margin a reader needs around the symbol, in modules (ISO/IEC 18004). */
export const QR_QUIET_ZONE = 4;

/**
 * A QR code as one SVG path on a `size`×`size` grid, quiet zone included:
 * each run of dark modules in a row is one rectangle (`M x y h n v 1 h -n z`),
 * so the renderer draws it as SVG and a printout as vector squares, with no
 * image library on either side. Error correction M: a smudged or curled
 * receipt still reads.
 */
export function qrCode(text: string): QrCode {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const symbol = modules.size;
  const parts: string[] = [];
  for (let row = 0; row < symbol; row++) {
    let column = 0;
    while (column < symbol) {
      if (!modules.get(row, column)) {
        column++;
        continue;
      }
      const start = column;
      while (column < symbol && modules.get(row, column)) column++;
      const run = column - start;
      parts.push(`M${start + QR_QUIET_ZONE} ${row + QR_QUIET_ZONE}h${run}v1h-${run}z`);
    }
  }
  return { size: symbol + 2 * QR_QUIET_ZONE, path: parts.join('') };
}

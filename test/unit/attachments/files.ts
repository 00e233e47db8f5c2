import jpeg from 'jpeg-js';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { PNG } from 'pngjs';

/** Real small files made in the test: a gradient so that every pixel differs a little. */
export function makePng(width = 40, height = 30, seed = 0): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i += 1) {
    png.data[i * 4] = (i + seed) % 256;
    png.data[i * 4 + 1] = (i * 3) % 256;
    png.data[i * 4 + 2] = 200;
    png.data[i * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}

export function makeJpeg(width = 40, height = 30): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i += 1) {
    data[i * 4] = i % 256;
    data[i * 4 + 1] = 100;
    data[i * 4 + 2] = 50;
    data[i * 4 + 3] = 255;
  }
  return jpeg.encode({ width, height, data }, 80).data;
}

export async function makePdf(extra?: (document: PDFDocument) => Promise<void> | void): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.addPage([200, 200]).drawText('Title deed', { x: 20, y: 100, size: 12 });
  await extra?.(document);
  return Buffer.from(await document.save());
}

export function pdfWithOpenActionScript(): Promise<Buffer> {
  return makePdf((document) => {
    const action = document.context.obj({ Type: 'Action', S: 'JavaScript', JS: PDFString.of('app.alert(1)') });
    document.catalog.set(PDFName.of('OpenAction'), document.context.register(action));
  });
}

export function pdfWithEmbeddedFile(): Promise<Buffer> {
  return makePdf(async (document) => {
    await document.attach(Buffer.from('MZ fake program'), 'tool.exe', { mimeType: 'application/octet-stream' });
  });
}

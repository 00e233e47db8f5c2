import { describe, expect, it } from 'vitest';
import jpeg from 'jpeg-js';
import { inspectFile } from '../../../src-main/core/attachments/inspect';
import { makeJpeg, makePdf, makePng, pdfWithEmbeddedFile, pdfWithOpenActionScript } from './files';

describe('inspectFile judges a file by its content', () => {
  it('takes a real PNG, JPEG and PDF, with their sizes and pages', async () => {
    expect(await inspectFile(makePng(40, 30))).toEqual({ mediaType: 'image/png', width: 40, height: 30 });
    expect(await inspectFile(makeJpeg(64, 48))).toEqual({ mediaType: 'image/jpeg', width: 64, height: 48 });
    expect(await inspectFile(await makePdf())).toEqual({ mediaType: 'application/pdf', pages: 1 });
  });

  it('refuses a program renamed to .jpg, and text', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
    expect(await inspectFile(exe)).toBe('attachment.type');
    expect(await inspectFile(Buffer.from('this is not a picture'))).toBe('attachment.type');
  });

  it('refuses a truncated JPEG and a PNG whose data is damaged', async () => {
    const whole = makeJpeg(64, 48);
    expect(await inspectFile(whole.subarray(0, Math.floor(whole.length / 2)))).toBe('attachment.corrupt');
    const png = makePng(40, 30);
    const damaged = Buffer.from(png);
    damaged.fill(0x41, 45, png.length - 20);
    expect(await inspectFile(damaged)).toBe('attachment.corrupt');
  });

  it('refuses a PNG whose header claims 100000×100000 pixels before decoding anything', async () => {
    const png = Buffer.from(makePng(4, 4));
    png.writeUInt32BE(100_000, 16);
    png.writeUInt32BE(100_000, 20);
    const started = Date.now();
    expect(await inspectFile(png)).toBe('attachment.pixels');
    expect(Date.now() - started).toBeLessThan(200);
  });

  it('refuses PDFs with a JavaScript open action or an embedded file', async () => {
    expect(await inspectFile(await pdfWithOpenActionScript())).toBe('attachment.pdfScript');
    expect(await inspectFile(await pdfWithEmbeddedFile())).toBe('attachment.pdfEmbedded');
  });

  it('refuses a file over the size limit, whatever it is', async () => {
    const png = makePng(40, 30);
    expect(await inspectFile(png, { maxBytes: png.length - 1 })).toBe('attachment.tooLarge');
    expect(await inspectFile(Buffer.alloc(11 * 1024 * 1024))).toBe('attachment.tooLarge');
  });
});

describe('a phone photo of a document', () => {
  it('is accepted at 12 megapixels, the size phones save', async () => {
    const width = 4000;
    const height = 3000;
    const pixels = Buffer.alloc(width * height * 4, 230);
    for (let y = 0; y < height; y += 40) pixels.fill(60, y * width * 4, (y + 4) * width * 4);
    const photo = jpeg.encode({ data: pixels, width, height }, 85).data;
    expect(await inspectFile(photo)).toEqual({ mediaType: 'image/jpeg', width, height });
  });
});

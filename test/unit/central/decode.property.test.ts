import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8 } from '../../../src-central/requests';

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', '\ufeff{"a":1}', 'Үмөт Ңурбаев', '😀', '\u0000', '\ud800', 'a\udc00b'),
);

describe('decoding a UTF-8 body', () => {
  it('gives what toString("utf8") gives, for text and for any bytes at all', () => {
    const bytes = fc.oneof(
      text.map((t) => Buffer.from(t, 'utf8')),
      fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)),
      fc.tuple(text, fc.uint8Array({ maxLength: 4 }), text).map(([a, b, c]) => Buffer.concat([Buffer.from(a), b, Buffer.from(c)])),
    );
    fc.assert(
      fc.property(bytes, (b) => {
        expect(decodeUtf8(b)).toBe(b.toString('utf8'));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads a view into a larger buffer by its own bytes', () => {
    const whole = Buffer.from('xxЖооп 😀yy', 'utf8');
    const view = whole.subarray(2, whole.length - 2);
    expect(decodeUtf8(view)).toBe('Жооп 😀');
  });
});

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalEnvelopeJson, fastCanonicalJson, fingerprintOf, fingerprintsOf } from '../../../src-central/applications/fingerprint';
import { sha256Hex } from '../../../src-central/hashing';
import { ApplicationEnvelope, canonicalJson } from '../../../src-shared/sync/wire';
import { validEnvelope } from './harness';

/** A deterministic stream of JSON-like values of every kind, nested a few levels. */
function* values(seed: number, depth = 0): Generator<unknown> {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31);
  const keys = ['b', 'a', 'A', 'ä', 'aa', '', '10', '9', 'ключ', 'z\u0000', '😀', 'key"quoted', 'ᐊ'];
  const leaves = [null, true, false, 0, -1.5, 1e21, 'text', 'Үмөт Ңурбаев', 'line\nbreak', '\u2028', '"', '\\', ''];
  for (let i = 0; i < 40; i += 1) {
    const kind = next() % (depth > 2 ? 1 : 3);
    if (kind === 0) yield leaves[next() % leaves.length];
    else if (kind === 1) yield Array.from({ length: next() % 4 }, () => values(next(), depth + 1).next().value);
    else {
      const record: Record<string, unknown> = {};
      for (let k = next() % 6; k > 0; k -= 1) record[keys[next() % keys.length]!] = values(next(), depth + 1).next().value;
      if (next() % 3 === 0) record.dropped = undefined;
      yield record;
    }
  }
}

describe('the ingest fingerprint', () => {
  it('writes the same bytes as the shared canonicalJson, for values of every shape', () => {
    for (let seed = 1; seed < 200; seed += 1) {
      for (const value of values(seed)) expect(fastCanonicalJson(value)).toBe(canonicalJson(value));
    }
  });

  it("writes an envelope's canonical JSON with JSON.stringify as the shared canonicalJson does, keys V8 reorders too", () => {
    const file = { size: 3, mediaType: 'image/png', fileName: 'a.png', sha256: 'a'.repeat(64) };
    const shapes = [
      { b: 'x', a: ['y', 'x'], 'ä': 'z', A: '"\\\n\u2028\ud800' },
      { home: { street: 'Ленин, 5', settlement: 'kant', region: 'chuy', district: 'ysyk-ata-district' } },
      { children: [{ pin: '1', name: 'Айбек' }, {}], files: [file] },
      { children: [{ '10': 'a', '9': 'b' }] },
      { '10': 'v', b: 'w', '2': 'x', '01': 'y', '4294967295': 'z' },
    ];
    for (const answers of shapes) {
      const envelope = ApplicationEnvelope.parse(validEnvelope({ answers: answers as never }));
      expect(canonicalEnvelopeJson(envelope)).toBe(canonicalJson(envelope));
    }
  });

  it('encodes the JSON of a batch into one buffer, each envelope its own bytes', () => {
    const envelopes = ['Айбек', '😀', 'a'].map((childName) => ApplicationEnvelope.parse(validEnvelope({ answers: { childName } })));
    const fingerprints = fingerprintsOf(envelopes);
    expect(fingerprints.map((f) => Buffer.from(f.json).toString('utf8'))).toEqual(envelopes.map((e) => canonicalJson(e)));
    expect(new Set(fingerprints.map((f) => f.json.buffer)).size).toBe(1);
  });

  it('hashes an envelope exactly as the shared canonical JSON does, whatever order its keys came in', () => {
    const envelope = ApplicationEnvelope.parse(validEnvelope({ id: randomUUID() }));
    const reordered = ApplicationEnvelope.parse(Object.fromEntries(Object.entries(envelope).reverse()));
    const expected = canonicalJson(envelope);
    expect(fingerprintOf(envelope)).toEqual({ json: Buffer.from(expected, 'utf8'), sha256: sha256Hex(expected) });
    expect(fingerprintOf(reordered)).toEqual(fingerprintOf(envelope));
  });
});

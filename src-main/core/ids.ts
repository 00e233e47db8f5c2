/** A version-4 UUID from injected randomness (tests control it; production passes crypto.randomBytes). */
export function uuidFromBytes(bytes: Buffer): string {
  const b = Buffer.from(bytes.subarray(0, 16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Letters and digits a person cannot confuse (no 0/O, 1/I/L, 5/S, 2/Z, 8/B). */
export const PLAIN_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';

export function plainCode(bytes: Buffer, length: number): string {
  let code = '';
  for (let i = 0; i < length; i += 1) code += PLAIN_ALPHABET[(bytes[i] ?? 0) % PLAIN_ALPHABET.length];
  return code;
}

import { createHmac, scryptSync } from 'node:crypto';
import { CLERK_PIN_MAX_LENGTH, CLERK_PIN_MIN_LENGTH, CLERK_VERIFIER_CONTEXT, ClerkPin, type ScryptParams } from '../../src-shared/clerks/wire';

/**
 * scrypt at 32 MiB: a kiosk derives the key at each clerk login well under
 * a second, and whoever copies a kiosk's disk pays as much for every PIN
 * they try (docs/clerks.md, "A stolen kiosk").
 */
export const CLERK_SCRYPT: ScryptParams = { logN: 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const PIN_KEY_BYTES = 32;

/** Why a PIN is refused, as a sentence for the operator; null for a good one. */
export function pinProblem(pin: string): string | null {
  if (!ClerkPin.safeParse(pin).success) return `the PIN must be ${CLERK_PIN_MIN_LENGTH} to ${CLERK_PIN_MAX_LENGTH} digits`;
  if (/^(\d)\1*$/.test(pin)) return 'the PIN is one digit repeated: choose one that is hard to guess';
  const steps = [...pin].slice(1).map((digit, i) => Number(digit) - Number(pin[i]));
  if (steps.every((step) => step === 1) || steps.every((step) => step === -1)) {
    return 'the PIN is a straight run of digits (like 123456 or 654321): choose one that is hard to guess';
  }
  return null;
}

export function newPinSalt(randomBytes: (size: number) => Buffer): string {
  return randomBytes(SALT_BYTES).toString('base64');
}

/** pinKey = scrypt(PIN, salt): what the service keeps, and what a kiosk derives again from a typed PIN. */
export function derivePinKey(pin: string, salt: string, params: ScryptParams): Buffer {
  const N = 2 ** params.logN;
  // Node refuses by default at exactly 32 MiB (128·N·r); leave room above what the parameters need.
  const maxmem = 256 * N * params.r;
  return scryptSync(Buffer.from(pin, 'utf8'), Buffer.from(salt, 'base64'), PIN_KEY_BYTES, { N, r: params.r, p: params.p, maxmem });
}

/** What one kiosk holds of a clerk: it checks a PIN there and nowhere else. */
export function kioskVerifier(pinKey: Buffer, kioskId: string): string {
  return createHmac('sha256', pinKey).update(CLERK_VERIFIER_CONTEXT + kioskId, 'utf8').digest('base64');
}

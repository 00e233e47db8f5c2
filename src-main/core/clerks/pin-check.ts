import { createHmac, scrypt, timingSafeEqual } from 'node:crypto';
import { CLERK_VERIFIER_CONTEXT, type ScryptParams } from '../../../src-shared/clerks/wire';

/** scrypt's output length, as the central service derives the PIN key. */
const PIN_KEY_BYTES = 32;

/** The parameters an unknown id is checked with when no clerk is listed to borrow them from. */
export const FALLBACK_PARAMS: ScryptParams = { logN: 15, r: 8, p: 1 };

/** The scrypt memory a set of parameters needs, with room for Node's own accounting. */
function maxmemFor(params: ScryptParams): number {
  return 128 * 2 ** params.logN * params.r * (params.p + 1) + 1024 * 1024;
}

function pinKey(pin: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, PIN_KEY_BYTES, { N: 2 ** params.logN, r: params.r, p: params.p, maxmem: maxmemFor(params) }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** `HMAC-SHA256(scrypt(pin, salt), CLERK_VERIFIER_CONTEXT + kioskId)`: what the central service gave this kiosk for the clerk. */
export async function clerkVerifier(pin: string, salt: Buffer, params: ScryptParams, kioskId: string): Promise<Buffer> {
  const key = await pinKey(pin, salt, params);
  return createHmac('sha256', key).update(CLERK_VERIFIER_CONTEXT + kioskId).digest();
}

/**
 * Checks PINs off the main thread (libuv's pool runs scrypt), one at a time:
 * each check holds scrypt's memory (128 MiB at N = 2^17), and a renderer
 * firing logins must not make the kiosk hold it many times over.
 */
export function createPinChecker() {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    /**
     * Whether `pin` meets `expected` (base64). `expected` null: an unknown
     * clerk id, checked all the same with the given parameters so that its
     * answer takes as long as a known one's.
     */
    check(pin: string, salt: string, params: ScryptParams, expected: string | null, kioskId: string): Promise<boolean> {
      const run = queue.then(async () => {
        const derived = await clerkVerifier(pin, Buffer.from(salt, 'base64'), params, kioskId);
        const wanted = expected === null ? Buffer.alloc(derived.length) : Buffer.from(expected, 'base64');
        const same = wanted.length === derived.length && timingSafeEqual(wanted, derived);
        return same && expected !== null;
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
export type PinChecker = ReturnType<typeof createPinChecker>;

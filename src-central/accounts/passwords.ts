import { scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * Passwords are kept as scrypt hashes (memory-hard: a guesser pays in
 * memory as well as time), each with its own random salt, and the
 * parameters written beside the hash so they can be raised later: a
 * password hashed with weaker ones is hashed again at its next login.
 */
export interface ScryptParameters {
  /** log2 of N, the CPU/memory cost. */
  logN: number;
  /** Block size. */
  r: number;
  /** Parallelism. */
  p: number;
}

/**
 * N = 2^17, r = 8, p = 1: 128 MiB and about 0.5–0.7 s a hash on the
 * reference machine (2 cores), OWASP's first recommendation for scrypt. A
 * login at a kiosk happens a few times a day per citizen; the wait is
 * nothing beside what it costs a guesser. Two hashes run at a time at most
 * (HASHING_CONCURRENCY), so the service never holds more than 256 MiB for them.
 */
export const DEFAULT_SCRYPT: ScryptParameters = { logN: 17, r: 8, p: 1 };

const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** The most hashes computed at once; the rest wait their turn. */
const HASHING_CONCURRENCY = 2;

/** The scrypt memory a set of parameters needs, with room for Node's own accounting. */
function maxmemFor(parameters: ScryptParameters): number {
  return 128 * 2 ** parameters.logN * parameters.r * (parameters.p + 1) + 1024 * 1024;
}

/**
 * What is hashed: the password in Unicode NFKC (NIST SP 800-63B), so that
 * one Kyrgyz letter typed on two keyboards as two code sequences is one password.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

let running = 0;
const waiting: Array<() => void> = [];

async function withHashingSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= HASHING_CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

function scryptHash(password: string, salt: Buffer, parameters: ScryptParameters): Promise<Buffer> {
  return withHashingSlot(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        scrypt(
          normalizePassword(password),
          salt,
          HASH_BYTES,
          { N: 2 ** parameters.logN, r: parameters.r, p: parameters.p, maxmem: maxmemFor(parameters) },
          (error, key) => (error ? reject(error) : resolve(key)),
        );
      }),
  );
}

/** `$scrypt$ln=17,r=8,p=1$<salt>$<hash>` (the PHC string format, base64 without padding). */
export async function hashPassword(password: string, parameters: ScryptParameters, randomBytes: (size: number) => Buffer): Promise<string> {
  const salt = Buffer.from(randomBytes(SALT_BYTES));
  const hash = await scryptHash(password, salt, parameters);
  return encodeHash(parameters, salt, hash);
}

/** The same, computed on the calling thread: for the admin CLI, a one-shot process with nothing else to do. */
export function hashPasswordSync(password: string, parameters: ScryptParameters, randomBytes: (size: number) => Buffer): string {
  const salt = Buffer.from(randomBytes(SALT_BYTES));
  const hash = scryptSync(normalizePassword(password), salt, HASH_BYTES, {
    N: 2 ** parameters.logN,
    r: parameters.r,
    p: parameters.p,
    maxmem: maxmemFor(parameters),
  });
  return encodeHash(parameters, salt, hash);
}

function encodeHash(parameters: ScryptParameters, salt: Buffer, hash: Buffer): string {
  return `$scrypt$ln=${parameters.logN},r=${parameters.r},p=${parameters.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

interface StoredHash {
  parameters: ScryptParameters;
  salt: Buffer;
  hash: Buffer;
}

const STORED = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

function parseStoredHash(stored: string): StoredHash | null {
  const match = STORED.exec(stored);
  if (!match) return null;
  const [, logN, r, p, salt, hash] = match;
  const parameters = { logN: Number(logN), r: Number(r), p: Number(p) };
  if (parameters.logN < 1 || parameters.logN > 24 || parameters.r < 1 || parameters.p < 1) return null;
  return { parameters, salt: Buffer.from(salt ?? '', 'base64url'), hash: Buffer.from(hash ?? '', 'base64url') };
}

/** Whether the password is the one hashed; a stored value that is not a hash we wrote matches nothing. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  const parsed = parseStoredHash(stored);
  if (!parsed || parsed.hash.length !== HASH_BYTES) return false;
  const hash = await scryptHash(password, parsed.salt, parsed.parameters);
  return timingSafeEqual(hash, parsed.hash);
}

/**
 * The work a login does when there is no account to check against: one
 * hash with today's parameters, so an unknown login takes as long as a
 * known one with a wrong password.
 */
export async function hashForNothing(password: string, parameters: ScryptParameters, randomBytes: (size: number) => Buffer): Promise<false> {
  await scryptHash(password, Buffer.from(randomBytes(SALT_BYTES)), parameters);
  return false;
}

/** Whether a stored hash was made with other parameters than today's (then the next login hashes again). */
export function needsRehash(stored: string, parameters: ScryptParameters): boolean {
  const parsed = parseStoredHash(stored);
  if (!parsed) return true;
  const old = parsed.parameters;
  return old.logN !== parameters.logN || old.r !== parameters.r || old.p !== parameters.p;
}

import { randomInt } from 'node:crypto';

/** A small seeded PRNG (mulberry32): the same seed gives the same faults and the same applications. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

/** An integer in [min, max]. */
export function between(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** A 32-bit seed drawn from a generator, for a part that must be replayable on its own. */
export function childSeed(random: Random): number {
  return Math.floor(random() * 4294967296) >>> 0;
}

/**
 * The run's seed: `FAULT_SEED` to replay a failure, otherwise a fresh one.
 * The caller prints it (console.log) before anything random happens.
 */
export function faultSeed(): number {
  const given = process.env.FAULT_SEED;
  if (given !== undefined && given !== '') {
    const seed = Number(given);
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`FAULT_SEED must be an integer 0…4294967295, not ${given}`);
    return seed;
  }
  return randomInt(0, 0xffffffff);
}

/** `name` from the environment as a positive integer, or the default. */
export function envCount(name: string, fallback: number): number {
  const given = process.env[name];
  if (given === undefined || given === '') return fallback;
  const value = Number(given);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, not ${given}`);
  return value;
}

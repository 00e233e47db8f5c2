import { randomBytes as cryptoRandomBytes } from 'node:crypto';

/** Fields of a log line: codes and ids only, never an answer or a name a citizen typed. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;
export type CentralLog = (event: string, fields?: LogFields) => void;

/** Time, randomness and logging are passed in, so tests control them without mocking modules. */
export interface CentralEffects {
  clock: () => Date;
  randomBytes: (size: number) => Buffer;
  log: CentralLog;
}

export const silentLog: CentralLog = () => {};

/** One JSON object a line on stderr: stdout belongs to the "listening" line a launcher parses. */
export const stderrLog: CentralLog = (event, fields = {}) => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), event, ...fields })}\n`);
};

export function defaultEffects(overrides: Partial<CentralEffects> = {}): CentralEffects {
  return {
    clock: overrides.clock ?? (() => new Date()),
    randomBytes: overrides.randomBytes ?? ((size) => cryptoRandomBytes(size)),
    log: overrides.log ?? silentLog,
  };
}

/** A version-4 UUID from the injected randomness. */
export function randomUuid(randomBytes: (size: number) => Buffer): string {
  const bytes = Buffer.from(randomBytes(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

import type { ScryptParameters } from '../accounts/passwords';
import type { CentralDatabase } from '../database';

/** Where a run writes and what it takes from the world: the entry passes the real ones, tests their own. */
export interface AdminIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  clock: () => Date;
  randomBytes: (size: number) => Buffer;
  /** scrypt's parameters for passwords the CLI sets (default: the service's); tests pass cheap ones. */
  passwordHashing?: ScryptParameters;
  /** Everything written to standard input: secrets (a clerk's PIN) come this way, never as arguments that shell history keeps. */
  stdin?: () => string;
}

/** A mistake in the command line: answered with the usage. */
export class UsageError extends Error {}
/** A well-formed command the data refuses: a plain sentence, no usage. */
export class Refusal extends Error {}

export type Options = Record<string, string | undefined>;

/** What a command is given: the open database, its data directory's options and arguments, and the world. */
export type Command = (db: CentralDatabase, values: Options & { data: string }, positionals: string[], io: AdminIo) => number;

export function printTable(io: AdminIo, header: string[], rows: string[][]): void {
  for (const row of [header, ...rows]) io.stdout(`${row.join('\t')}\n`);
}

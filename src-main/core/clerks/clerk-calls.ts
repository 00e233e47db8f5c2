import type { ClerkCall } from '../../../src-shared/clerks/views';
import type { KioskDatabase } from '../db/database';

/** Numbers go round 1–999: short enough to read aloud across an office. */
export const LAST_CALL_NUMBER = 999;
/** The most waiting calls the clerk's view lists (the contract's limit). */
const CALLS_LISTED = 100;

interface CallRow {
  id: string;
  number: number;
  called_at: string;
  screen: string;
}

const callOf = (row: CallRow): ClerkCall => ({ id: row.id, number: row.number, calledAt: row.called_at, screen: row.screen });

/** "Call a clerk": calls wait in the database until a clerk answers them, across a restart. */
export function createClerkCalls(db: KioskDatabase) {
  const nextNumber = db.prepare<[number], { last: number }>(
    `INSERT INTO clerk_call_sequence (singleton, last) VALUES (1, 1)
     ON CONFLICT (singleton) DO UPDATE SET last = last % ? + 1 RETURNING last`,
  );
  const insert = db.prepare<[string, number, string, string]>('INSERT INTO clerk_calls (id, number, called_at, screen) VALUES (?, ?, ?, ?)');
  const waiting = db.prepare<[number], CallRow>(
    'SELECT id, number, called_at, screen FROM clerk_calls WHERE answered_at IS NULL ORDER BY called_at, number LIMIT ?',
  );
  const waitingCount = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM clerk_calls WHERE answered_at IS NULL');
  const answer = db.prepare<[string, string, string]>(
    'UPDATE clerk_calls SET answered_at = ?, answered_by = ? WHERE id = ? AND answered_at IS NULL',
  );

  return {
    /** Inside the caller's transaction: the call still waiting (the citizen pressed again), else a new one. */
    raise(id: string, screen: string, now: string): { call: ClerkCall; raised: boolean } {
      const open = waiting.get(1);
      if (open) return { call: callOf(open), raised: false };
      const { last } = nextNumber.get(LAST_CALL_NUMBER) as { last: number };
      insert.run(id, last, now, screen);
      return { call: { id, number: last, calledAt: now, screen }, raised: true };
    },
    waiting(): ClerkCall[] {
      return waiting.all(CALLS_LISTED).map(callOf);
    },
    waitingCount(): number {
      return (waitingCount.get() as { n: number }).n;
    },
    /** Inside the caller's transaction; false when no such call waits. */
    answer(id: string, clerkId: string, now: string): boolean {
      return answer.run(now, clerkId, id).changes > 0;
    },
  };
}
export type ClerkCalls = ReturnType<typeof createClerkCalls>;

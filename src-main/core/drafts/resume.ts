import { createHash } from 'node:crypto';
import { RESUME_CODE_LENGTH, normalizePlainCode, randomPlainCode } from '../../../src-shared/codes';
import { KioskError } from '../../../src-shared/errors';
import type { KioskDatabase } from '../db/database';

/** Wrong codes within the window that lock entry. */
export const FAILURES_TO_LOCK = 5;
export const FAILURE_WINDOW_MS = 15 * 60_000;
export const FIRST_LOCK_MS = 5 * 60_000;
export const LONGEST_LOCK_MS = 60 * 60_000;
/**
 * A lock a day old no longer makes the next one longer: tomorrow's first
 * mistyping citizen should not pay for today's guessing.
 */
export const LOCK_MEMORY_MS = 24 * 60 * 60_000;

/** How many times a fresh code may collide with another draft's before giving up (37 bits: never in practice). */
const ISSUE_ATTEMPTS = 5;

interface LockRow {
  locked_until: string | null;
  locks: number;
  last_lock_at: string | null;
}

function codeSha256(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** How long a lock lasts: 5 minutes, doubled for each lock before it (since the last success), at most an hour. */
export function lockDurationMs(lockNumber: number): number {
  return Math.min(FIRST_LOCK_MS * 2 ** Math.max(0, lockNumber - 1), LONGEST_LOCK_MS);
}

const lockedError = (remainingMs: number) => new KioskError('resume.locked', undefined, { minutes: Math.ceil(remainingMs / 60_000) });

/**
 * Resume codes: 8 characters a citizen takes away to continue a draft at
 * this kiosk. Only their SHA-256 is stored. Entry is rate limited per kiosk,
 * and the limit lives in the database so a restart does not reset it.
 */
export function createResumeCodes(db: KioskDatabase, randomBytes: (size: number) => Buffer) {
  db.prepare('INSERT OR IGNORE INTO resume_lock (singleton, locked_until, locks) VALUES (1, NULL, 0)').run();
  const writeCode = db.prepare<[string, string, string, string]>(
    'UPDATE drafts SET resume_code_sha256 = ?, resume_code_issued_at = ?, updated_at = ? WHERE id = ?',
  );
  const draftOfCode = db.prepare<[string], { id: string }>('SELECT id FROM drafts WHERE resume_code_sha256 = ?');
  const codeOfDraft = db.prepare<[string], { sha: string | null }>('SELECT resume_code_sha256 AS sha FROM drafts WHERE id = ?');
  const readLock = db.prepare<[], LockRow>('SELECT locked_until, locks, last_lock_at FROM resume_lock WHERE singleton = 1');
  const writeLock = db.prepare<[string | null, number, string | null]>(
    'UPDATE resume_lock SET locked_until = ?, locks = ?, last_lock_at = ? WHERE singleton = 1',
  );
  const insertFailure = db.prepare<[string]>('INSERT INTO resume_failures (at) VALUES (?)');
  const failuresSince = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM resume_failures WHERE at > ?');
  const clearFailures = db.prepare('DELETE FROM resume_failures');

  const lock = () => readLock.get() as LockRow;

  function remainingLockMs(now: Date): number {
    const until = lock().locked_until;
    return until === null ? 0 : Math.max(0, Date.parse(until) - now.getTime());
  }

  /** Counts one wrong code; answers the lock's length when this one started a lock. */
  const recordFailure = db.transaction((now: Date): number | null => {
    insertFailure.run(now.toISOString());
    const recent = (failuresSince.get(new Date(now.getTime() - FAILURE_WINDOW_MS).toISOString()) as { n: number }).n;
    if (recent < FAILURES_TO_LOCK) return null;
    const previous = lock();
    const remembered = previous.last_lock_at !== null && now.getTime() - Date.parse(previous.last_lock_at) < LOCK_MEMORY_MS;
    const locks = remembered ? previous.locks + 1 : 1;
    const durationMs = lockDurationMs(locks);
    writeLock.run(new Date(now.getTime() + durationMs).toISOString(), locks, now.toISOString());
    // The failures are spent on this lock: after it, five more make the next one.
    clearFailures.run();
    return durationMs;
  });

  const recordSuccess = db.transaction(() => {
    clearFailures.run();
    writeLock.run(null, 0, null);
  });

  return {
    /** A new code for the draft, replacing any older one; returns the bare code (shown once, never stored). */
    issue(draftId: string, now: Date): string {
      for (let attempt = 1; ; attempt += 1) {
        const code = randomPlainCode(randomBytes, RESUME_CODE_LENGTH);
        try {
          const changed = writeCode.run(codeSha256(code), now.toISOString(), now.toISOString(), draftId).changes;
          if (changed === 0) throw new KioskError('draft.notFound');
          return code;
        } catch (error) {
          if (!isUniqueViolation(error) || attempt >= ISSUE_ATTEMPTS) throw error;
        }
      }
    },

    /**
     * The draft a typed code opens, if `usable` agrees (an expired draft does
     * not open). A lock refuses even the right code; a wrong, malformed or
     * unusable one counts towards the next lock.
     */
    open(typed: string, now: Date, usable: (draftId: string) => boolean): string {
      const remaining = remainingLockMs(now);
      if (remaining > 0) throw lockedError(remaining);
      const code = normalizePlainCode(typed, RESUME_CODE_LENGTH);
      const draftId = code === null ? undefined : draftOfCode.get(codeSha256(code))?.id;
      if (draftId !== undefined && usable(draftId)) {
        recordSuccess();
        return draftId;
      }
      // Committed before the refusal is thrown: a thrown error inside the transaction would undo the count.
      const lockMs = recordFailure(now);
      if (lockMs !== null) throw lockedError(lockMs);
      throw new KioskError('resume.notFound');
    },

    /**
     * The draft a code names, for a signed-in clerk: neither counted nor
     * refused by the citizens' lock (the clerk's session is its own limit).
     */
    draftOfCode(code: string): string | null {
      return draftOfCode.get(codeSha256(code))?.id ?? null;
    },

    /** Whether the draft was ever given a code: one without could only be reached again by a clerk. */
    hasCode(draftId: string): boolean {
      return (codeOfDraft.get(draftId)?.sha ?? null) !== null;
    },

    /** The bare code when the typed one is the draft's current code (printing a slip needs it), else null. */
    currentCode(draftId: string, typed: string): string | null {
      const code = normalizePlainCode(typed, RESUME_CODE_LENGTH);
      const stored = codeOfDraft.get(draftId)?.sha ?? null;
      return code !== null && stored !== null && stored === codeSha256(code) ? code : null;
    },
  };
}
export type ResumeCodes = ReturnType<typeof createResumeCodes>;

import type { ClerkView } from '../../../src-shared/clerks/views';
import type { ClerkRole, ProvisionedClerk, ScryptParams } from '../../../src-shared/clerks/wire';
import type { KioskDatabase } from '../db/database';

interface ClerkRow {
  clerk_id: string;
  name: string;
  role: ClerkRole;
  salt: string;
  log_n: number;
  r: number;
  p: number;
  verifier: string;
  updated_at: string;
}

/** What a login checks a PIN against: the salt and parameters to derive with, and the verifier to meet. */
export interface ClerkCredentials {
  clerk: ClerkView;
  salt: string;
  params: ScryptParams;
  verifier: string;
}

const credentialsOf = (row: ClerkRow): ClerkCredentials => ({
  clerk: { clerkId: row.clerk_id, name: row.name, role: row.role },
  salt: row.salt,
  params: { logN: row.log_n, r: row.r, p: row.p },
  verifier: row.verifier,
});

/**
 * The clerks the central service provisioned to this kiosk, replaced as a
 * whole each time a list comes (a clerk missing from it is gone here too).
 */
export function createClerkList(db: KioskDatabase) {
  const removeAll = db.prepare('DELETE FROM clerks');
  const insert = db.prepare(
    `INSERT INTO clerks (clerk_id, name, role, salt, log_n, r, p, verifier, updated_at)
     VALUES (@clerkId, @name, @role, @salt, @logN, @r, @p, @verifier, @updatedAt)`,
  );
  const markReceived = db.prepare<[string]>(
    'INSERT INTO clerk_list (singleton, received_at) VALUES (1, ?) ON CONFLICT (singleton) DO UPDATE SET received_at = excluded.received_at',
  );
  const received = db.prepare<[], { received_at: string }>('SELECT received_at FROM clerk_list WHERE singleton = 1');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM clerks');
  const select = db.prepare<[string], ClerkRow>('SELECT * FROM clerks WHERE clerk_id = ?');
  const anyParams = db.prepare<[], ClerkRow>('SELECT * FROM clerks ORDER BY clerk_id LIMIT 1');

  return {
    /** Inside the caller's transaction (the one that moves the feed cursor past the change). */
    replace(clerks: readonly ProvisionedClerk[], now: string): void {
      removeAll.run();
      for (const clerk of clerks) insert.run({ ...clerk, ...clerk.params });
      markReceived.run(now);
    },
    /** Whether any list came from the central service yet (an empty one counts). */
    received(): boolean {
      return received.get() !== undefined;
    },
    count(): number {
      return (count.get() as { n: number }).n;
    },
    credentials(clerkId: string): ClerkCredentials | null {
      const row = select.get(clerkId);
      return row ? credentialsOf(row) : null;
    },
    /** The parameters a listed clerk's PIN is derived with: an unknown id is made to cost the same. */
    typicalParams(): ScryptParams | null {
      const row = anyParams.get();
      return row ? { logN: row.log_n, r: row.r, p: row.p } : null;
    },
  };
}
export type ClerkList = ReturnType<typeof createClerkList>;

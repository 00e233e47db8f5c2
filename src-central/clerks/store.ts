import type { ClerkRole, ProvisionedClerk, ScryptParams } from '../../src-shared/clerks/wire';
import { type CentralDatabase, prepared } from '../database';
import { CLERK_SCRYPT, derivePinKey, kioskVerifier, newPinSalt } from './credentials';

/**
 * The clerks the operator provisions (docs/clerks.md). Every change is a
 * `clerks` item of the change feed for every kiosk, in the same
 * transaction, so a kiosk learns it at its next sync and fetches its list.
 */
export interface Clerk {
  clerkId: string;
  name: string;
  role: ClerkRole;
  office: string | null;
  createdAt: string;
  updatedAt: string;
  removedAt: string | null;
  removedReason: string | null;
}

interface ClerkKeyRow {
  clerkId: string;
  name: string;
  role: ClerkRole;
  salt: string;
  logN: number;
  r: number;
  p: number;
  pinKey: Buffer;
  updatedAt: string;
}

const CLERK_COLUMNS = `clerk_id AS clerkId, name, role, office, created_at AS createdAt, updated_at AS updatedAt,
  removed_at AS removedAt, removed_reason AS removedReason`;

export function clerkById(db: CentralDatabase, clerkId: string): Clerk | undefined {
  return prepared<Clerk>(db, `SELECT ${CLERK_COLUMNS} FROM clerks WHERE clerk_id = ?`).get(clerkId);
}

export function listClerks(db: CentralDatabase): Clerk[] {
  return prepared<Clerk>(db, `SELECT ${CLERK_COLUMNS} FROM clerks ORDER BY clerk_id`).all();
}

/** Whether a clerk is active and may work at a kiosk of this office. */
export function clerkMayWorkAt(db: CentralDatabase, clerkId: string, office: string): boolean {
  const clerk = clerkById(db, clerkId);
  return clerk !== undefined && clerk.removedAt === null && (clerk.office === null || clerk.office === office);
}

function noteClerksChanged(db: CentralDatabase, clerkId: string, now: Date): void {
  prepared(db, "INSERT INTO change_feed (kind, ref, kiosk_id, created_at) VALUES ('clerks', ?, NULL, ?)").run(clerkId, now.toISOString());
}

interface PinKey {
  salt: string;
  params: ScryptParams;
  pinKey: Buffer;
}

function newPinKey(pin: string, randomBytes: (size: number) => Buffer): PinKey {
  const salt = newPinSalt(randomBytes);
  return { salt, params: CLERK_SCRYPT, pinKey: derivePinKey(pin, salt, CLERK_SCRYPT) };
}

export interface NewClerk {
  clerkId: string;
  name: string;
  role: ClerkRole;
  office: string | null;
  pin: string;
}

/** Stores a new clerk; the caller checked that the id was never used and that the PIN is acceptable. */
export function addClerk(db: CentralDatabase, clerk: NewClerk, world: { now: Date; randomBytes: (size: number) => Buffer }): void {
  const key = newPinKey(clerk.pin, world.randomBytes);
  const at = world.now.toISOString();
  db.transaction(() => {
    prepared(
      db,
      `INSERT INTO clerks (clerk_id, name, role, office, salt, log_n, r, p, pin_key, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(clerk.clerkId, clerk.name, clerk.role, clerk.office, key.salt, key.params.logN, key.params.r, key.params.p, key.pinKey, at, at);
    noteClerksChanged(db, clerk.clerkId, world.now);
  }).immediate();
}

/** A new PIN under a new salt: every kiosk's verifier changes, so the old PIN opens none. */
export function setClerkPin(db: CentralDatabase, clerkId: string, pin: string, world: { now: Date; randomBytes: (size: number) => Buffer }): void {
  const key = newPinKey(pin, world.randomBytes);
  db.transaction(() => {
    prepared(db, 'UPDATE clerks SET salt = ?, log_n = ?, r = ?, p = ?, pin_key = ?, updated_at = ? WHERE clerk_id = ?').run(
      key.salt,
      key.params.logN,
      key.params.r,
      key.params.p,
      key.pinKey,
      world.now.toISOString(),
      clerkId,
    );
    noteClerksChanged(db, clerkId, world.now);
  }).immediate();
}

export function setClerkRole(db: CentralDatabase, clerkId: string, role: ClerkRole, now: Date): void {
  db.transaction(() => {
    prepared(db, 'UPDATE clerks SET role = ?, updated_at = ? WHERE clerk_id = ?').run(role, now.toISOString(), clerkId);
    noteClerksChanged(db, clerkId, now);
  }).immediate();
}

export function removeClerk(db: CentralDatabase, clerkId: string, reason: string, now: Date): void {
  db.transaction(() => {
    prepared(db, 'UPDATE clerks SET removed_at = ?, removed_reason = ?, updated_at = ? WHERE clerk_id = ?').run(
      now.toISOString(),
      reason,
      now.toISOString(),
      clerkId,
    );
    noteClerksChanged(db, clerkId, now);
  }).immediate();
}

/** The clerks a kiosk of this office may let in, each with the verifier for this kiosk alone. */
export function clerksForKiosk(db: CentralDatabase, kiosk: { id: string; officeName: string }): ProvisionedClerk[] {
  const rows = prepared<ClerkKeyRow>(
    db,
    `SELECT clerk_id AS clerkId, name, role, salt, log_n AS logN, r, p, pin_key AS pinKey, updated_at AS updatedAt
       FROM clerks
      WHERE removed_at IS NULL AND (office IS NULL OR office = ?)
      ORDER BY clerk_id`,
  ).all(kiosk.officeName);
  return rows.map((row) => ({
    clerkId: row.clerkId,
    name: row.name,
    role: row.role,
    salt: row.salt,
    params: { logN: row.logN, r: row.r, p: row.p },
    verifier: kioskVerifier(row.pinKey, kiosk.id),
    updatedAt: row.updatedAt,
  }));
}

import type { SessionGrant } from '../../src-shared/accounts/wire';
import { type CentralDatabase, prepared } from '../database';
import { sha256Hex } from '../hashing';
import { refuse } from './refusals';
import { restrictionFor } from './restrictions';
import { type Account, type AccountsContext, accountById } from './store';

/**
 * A session lives in the kiosk's memory as a token and here as its SHA-256,
 * bound to the kiosk that opened it. It ends at logout, after
 * `idleMinutes` without a request, or `absoluteHours` after it began,
 * whichever comes first. The kiosk wipes its own session sooner (its idle
 * timeout); these limits are for a kiosk that lost power or its token.
 * Idle is an hour so that a long form, filled without account calls, can
 * still be linked at submit.
 */
export interface SessionLimits {
  idleMinutes: number;
  absoluteHours: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMinutes: 60, absoluteHours: 4 };

const TOKEN_BYTES = 32;

export interface Session {
  tokenSha256: string;
  accountId: string;
  kioskId: string;
  createdAt: string;
  lastSeenAt: string;
  termsPending: number | null;
}

interface SessionRow {
  tokenSha256: string;
  accountId: string;
  kioskId: string;
  createdAt: string;
  lastSeenAt: string;
  termsPending: number | null;
}

function sessionRow(db: CentralDatabase, tokenSha256: string): SessionRow | undefined {
  return prepared<SessionRow>(
    db,
    `SELECT token_sha256 AS tokenSha256, account_id AS accountId, kiosk_id AS kioskId, created_at AS createdAt,
            last_seen_at AS lastSeenAt, terms_pending AS termsPending
       FROM account_sessions WHERE token_sha256 = ?`,
  ).get(tokenSha256);
}

export function tokenSha256(token: string): string {
  return sha256Hex(token);
}

export function expiresAt(session: { createdAt: string; lastSeenAt: string }, limits: SessionLimits): Date {
  const idle = Date.parse(session.lastSeenAt) + limits.idleMinutes * 60_000;
  const absolute = Date.parse(session.createdAt) + limits.absoluteHours * 3600_000;
  return new Date(Math.min(idle, absolute));
}

/** Opens a session for the account at this kiosk; the token is shown once, only its hash is kept. */
export function openSession(
  ctx: AccountsContext,
  limits: SessionLimits,
  opening: { accountId: string; kioskId: string; termsPending: number | null },
): { grant: SessionGrant; tokenSha256: string } {
  const token = Buffer.from(ctx.randomBytes(TOKEN_BYTES)).toString('base64url');
  const now = ctx.clock().toISOString();
  const hash = tokenSha256(token);
  prepared(
    ctx.db,
    `INSERT INTO account_sessions (token_sha256, account_id, kiosk_id, created_at, last_seen_at, terms_pending)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(hash, opening.accountId, opening.kioskId, now, now, opening.termsPending);
  return { grant: { token, expiresAt: expiresAt({ createdAt: now, lastSeenAt: now }, limits).toISOString() }, tokenSha256: hash };
}

export function endSession(db: CentralDatabase, tokenHash: string): void {
  prepared(db, 'DELETE FROM account_sessions WHERE token_sha256 = ?').run(tokenHash);
}

export function clearTermsPending(db: CentralDatabase, tokenHash: string): void {
  prepared(db, 'UPDATE account_sessions SET terms_pending = NULL WHERE token_sha256 = ?').run(tokenHash);
}

/** The grant as it stands now (after the request that just touched the session). */
export function currentGrant(session: Session, token: string, limits: SessionLimits): SessionGrant {
  return { token, expiresAt: expiresAt(session, limits).toISOString() };
}

/**
 * The session a token names, for a request of this kiosk, touched now; or
 * a refusal. A token from another kiosk (copied off the one that holds
 * it) ends the session. With `termsAnswer` the session may still have an
 * edition of the terms to accept; any other request is refused until then.
 */
export function resolveSession(
  ctx: AccountsContext,
  limits: SessionLimits,
  request: { token: string; kioskId: string; termsAnswer?: boolean },
): { session: Session; account: Account } {
  const now = ctx.clock();
  const hash = tokenSha256(request.token);
  const row = sessionRow(ctx.db, hash);
  if (!row) throw refuse('account.sessionEnded');
  if (row.kioskId !== request.kioskId) {
    endSession(ctx.db, hash);
    ctx.log('account.sessionOtherKiosk', { accountId: row.accountId, kioskId: request.kioskId, sessionKioskId: row.kioskId });
    throw refuse('account.sessionEnded');
  }
  if (expiresAt(row, limits).getTime() <= now.getTime()) {
    endSession(ctx.db, hash);
    throw refuse('account.sessionEnded');
  }
  const account = accountById(ctx.db, row.accountId);
  // Blocking, deleting and reporting misuse end the sessions; this is the same rule, checked again.
  if (!account || account.state !== 'active' || account.blockedAt !== null || account.misuseReportedAt !== null) {
    endSession(ctx.db, hash);
    throw refuse('account.sessionEnded');
  }
  const restriction = restrictionFor(ctx.db, account.pin, now);
  if (restriction) {
    endSession(ctx.db, hash);
    throw refuse('account.restricted', { reason: restriction.reason });
  }
  if (row.termsPending !== null && !request.termsAnswer) throw refuse('account.termsRequired');
  prepared(ctx.db, 'UPDATE account_sessions SET last_seen_at = ? WHERE token_sha256 = ?').run(now.toISOString(), hash);
  return { session: { ...row, lastSeenAt: now.toISOString() }, account };
}

/** Sessions past their limits, removed by the hourly maintenance (a request would refuse them anyway). */
export function removeExpiredSessions(db: CentralDatabase, limits: SessionLimits, now: Date): number {
  const idleBefore = new Date(now.getTime() - limits.idleMinutes * 60_000).toISOString();
  const startedBefore = new Date(now.getTime() - limits.absoluteHours * 3600_000).toISOString();
  return prepared(db, 'DELETE FROM account_sessions WHERE last_seen_at <= ? OR created_at <= ?').run(idleBefore, startedBefore).changes;
}

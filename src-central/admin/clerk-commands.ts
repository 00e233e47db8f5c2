import { CLERK_ROLES, ClerkId, ClerkRole } from '../../src-shared/clerks/wire';
import { hasControlCharacters } from '../accounts/refusals';
import { MAX_REASON_LENGTH } from '../applications/statuses';
import { verifyAuditChain } from '../audit/chain';
import { listIdentityConfirmations } from '../clerks/confirmations';
import { pinProblem } from '../clerks/credentials';
import { type Clerk, addClerk, clerkById, listClerks, removeClerk, setClerkPin, setClerkRole } from '../clerks/store';
import { type CentralDatabase, prepared } from '../database';
import { listKiosks } from '../enrollment/kiosks';
import { type AdminIo, type Command, Refusal, UsageError, printTable } from './command-line';

/** The clerks and audit part of the admin CLI (docs/clerks.md, "Operators"). */
export const CLERK_USAGE = `  add-clerk --data DIR --clerk-id N --name "NAME" --role ${CLERK_ROLES.join('|')} [--office "NAME"]
                                  provision a clerk for every office's kiosks, or for one office's;
                                  the PIN (6-12 digits) is read from stdin, one line
  set-clerk-pin --data DIR --clerk-id N
                                  a new PIN (from stdin): the old one opens no kiosk after its next sync
  set-clerk-role --data DIR --clerk-id N --role ${CLERK_ROLES.join('|')}
  remove-clerk --data DIR --clerk-id N --reason "TEXT"
                                  every kiosk drops the clerk at its next sync; the id is never given again
  clerks --data DIR               list clerks: id, name, role, office, state (no secrets)
  verify-audit --data DIR --kiosk KIOSK_ID
                                  check a kiosk's audit log as held here: "intact: N entries", or the first
                                  broken entry and why (exit 1)
  identity-confirmations --data DIR [--application ID]
                                  the identity checks clerks made (document type and number, clerk, kiosk)`;

export const CLERK_OPTIONS = {
  'clerk-id': { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  reason: { type: 'string' },
  kiosk: { type: 'string' },
  application: { type: 'string' },
} as const;

export const CLERK_OPTION_OWNERS: Record<string, string[]> = {
  'clerk-id': ['add-clerk', 'set-clerk-pin', 'set-clerk-role', 'remove-clerk'],
  name: ['add-clerk'],
  role: ['add-clerk', 'set-clerk-role'],
  reason: ['remove-clerk'],
  kiosk: ['verify-audit'],
  application: ['identity-confirmations'],
};

/** What `add-clerk` adds to the owners of `--office`, which enroll-code has too. */
export const CLERK_OFFICE_OWNERS = ['add-clerk'];

const MAX_NAME_LENGTH = 200;

function clerkIdOf(values: Record<string, string | undefined>, command: string): string {
  const clerkId = values['clerk-id'];
  if (clerkId === undefined) throw new UsageError(`${command} needs --clerk-id N`);
  if (!ClerkId.safeParse(clerkId).success) throw new Refusal(`--clerk-id must be the badge number: 4 to 10 digits`);
  return clerkId;
}

function roleOf(values: Record<string, string | undefined>, command: string): ClerkRole {
  const role = ClerkRole.safeParse(values.role);
  if (!role.success) throw new UsageError(`${command} needs --role ${CLERK_ROLES.join('|')}`);
  return role.data;
}

/** A line of text for the operator's fields: trimmed, on one line, not too long (in UTF-16 units, as the wire's schema counts). */
function oneLine(text: string | undefined, what: string, max: number): string {
  const trimmed = text?.trim() ?? '';
  if (trimmed === '' || trimmed.length > max || hasControlCharacters(trimmed)) {
    throw new Refusal(`${what} must be 1-${max} characters on one line`);
  }
  return trimmed;
}

/** The PIN from the first line of stdin, refused with the reason when it is too easy or malformed. */
function pinFromStdin(io: AdminIo): string {
  if (!io.stdin) throw new Refusal('the PIN is read from stdin, and there is none here');
  const pin = (io.stdin().split('\n')[0] ?? '').replace(/\r$/, '');
  if (pin === '') throw new Refusal('no PIN on stdin: write it there on one line (never as an argument: shell history keeps those)');
  const problem = pinProblem(pin);
  if (problem) throw new Refusal(`${problem}; nothing changed`);
  return pin;
}

function activeClerk(db: CentralDatabase, clerkId: string): Clerk {
  const clerk = clerkById(db, clerkId);
  if (!clerk) throw new Refusal(`no clerk ${clerkId}`);
  if (clerk.removedAt !== null) throw new Refusal(`clerk ${clerkId} was removed on ${clerk.removedAt}`);
  return clerk;
}

function clerkState(clerk: Clerk): string {
  return clerk.removedAt === null ? 'active' : `removed ${clerk.removedAt}: ${clerk.removedReason ?? ''}`;
}

const BROKEN = {
  missing: 'is missing (the chain has a gap)',
  hash: 'does not give its hash any more (its content was changed)',
  link: 'does not link to the entry before it (that one was changed or removed)',
};

export const CLERK_COMMANDS: Record<string, Command> = {
  'add-clerk': (db, values, _positionals, io) => {
    const clerkId = clerkIdOf(values, 'add-clerk');
    const name = oneLine(values.name, '--name', MAX_NAME_LENGTH);
    const role = roleOf(values, 'add-clerk');
    const office = values.office === undefined ? null : oneLine(values.office, '--office', MAX_NAME_LENGTH);
    const existing = clerkById(db, clerkId);
    if (existing) {
      throw new Refusal(
        existing.removedAt === null
          ? `clerk ${clerkId} exists already: set-clerk-pin and set-clerk-role change it`
          : `clerk ${clerkId} was removed on ${existing.removedAt}; a clerk id is never given again`,
      );
    }
    const pin = pinFromStdin(io);
    addClerk(db, { clerkId, name, role, office, pin }, { now: io.clock(), randomBytes: io.randomBytes });
    const where = office === null ? "every office's kiosks" : `the kiosks of "${office}"`;
    io.stderr(`clerk ${clerkId} (${role}) added for ${where}; kiosks learn it at their next sync\n`);
    if (office !== null && !listKiosks(db).some((kiosk) => kiosk.officeName === office)) {
      io.stderr(`note: no kiosk is enrolled for an office "${office}" yet (offices are named as in enroll-code)\n`);
    }
    return 0;
  },
  'set-clerk-pin': (db, values, _positionals, io) => {
    const clerk = activeClerk(db, clerkIdOf(values, 'set-clerk-pin'));
    const pin = pinFromStdin(io);
    setClerkPin(db, clerk.clerkId, pin, { now: io.clock(), randomBytes: io.randomBytes });
    io.stderr(`new PIN of clerk ${clerk.clerkId} set; the old one opens no kiosk after that kiosk's next sync\n`);
    return 0;
  },
  'set-clerk-role': (db, values, _positionals, io) => {
    const clerk = activeClerk(db, clerkIdOf(values, 'set-clerk-role'));
    const role = roleOf(values, 'set-clerk-role');
    if (clerk.role === role) throw new Refusal(`clerk ${clerk.clerkId} is ${role} already`);
    setClerkRole(db, clerk.clerkId, role, io.clock());
    io.stderr(`clerk ${clerk.clerkId} is ${role} now; kiosks learn it at their next sync\n`);
    return 0;
  },
  'remove-clerk': (db, values, _positionals, io) => {
    const clerk = activeClerk(db, clerkIdOf(values, 'remove-clerk'));
    if (values.reason === undefined) throw new UsageError('remove-clerk needs --reason "TEXT"');
    const reason = oneLine(values.reason, '--reason', MAX_REASON_LENGTH);
    removeClerk(db, clerk.clerkId, reason, io.clock());
    io.stderr(`clerk ${clerk.clerkId} removed; every kiosk drops them at its next sync\n`);
    return 0;
  },
  clerks: (db, _values, _positionals, io) => {
    printTable(
      io,
      ['id', 'name', 'role', 'office', 'updated', 'state'],
      listClerks(db).map((c) => [c.clerkId, c.name, c.role, c.office ?? '(all)', c.updatedAt, clerkState(c)]),
    );
    return 0;
  },
  'verify-audit': (db, values, _positionals, io) => {
    const kioskId = values.kiosk;
    if (!kioskId) throw new UsageError('verify-audit needs --kiosk KIOSK_ID');
    if (!prepared(db, 'SELECT 1 FROM kiosks WHERE id = ?').get(kioskId)) throw new Refusal(`no kiosk ${kioskId}`);
    const verdict = verifyAuditChain(db, kioskId);
    if (verdict.intact) {
      io.stdout(`intact: ${verdict.entries} entries\n`);
      return 0;
    }
    io.stdout(`broken at seq ${verdict.brokenSeq}\n`);
    io.stderr(`entry ${verdict.brokenSeq} of kiosk ${kioskId} ${BROKEN[verdict.why]}\n`);
    return 1;
  },
  'identity-confirmations': (db, values, _positionals, io) => {
    printTable(
      io,
      ['confirmed', 'application', 'kiosk', 'clerk', 'document type', 'document number', 'received'],
      listIdentityConfirmations(db, values.application).map((c) => [
        c.confirmedAt,
        c.applicationId,
        c.kioskId,
        c.clerkId,
        c.documentType,
        c.documentNumber,
        c.receivedAt,
      ]),
    );
    return 0;
  },
};

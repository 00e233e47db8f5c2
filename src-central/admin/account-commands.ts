import { loginKey } from '../../src-shared/accounts/rules';
import { Catalog } from '../../src-shared/catalog/schema';
import { DOCUMENT_TYPES } from '../../src-shared/clerks/wire';
import { MAINTENANCE_INTERVAL_MS, runAccountMaintenance } from '../accounts/maintenance';
import { noticeProblems, storeNotice } from '../accounts/cabinet';
import { allowLogin, forbidLogin, listForbiddenLogins, normalizeLoginPattern } from '../accounts/forbidden-logins';
import {
  OperatorRefusal,
  blockAccount,
  removeAccount,
  requireAccount,
  requireActor,
  requireReason,
  resetPassword,
  unblockAccount,
  verifyAccount,
} from '../accounts/operator';
import { DEFAULT_SCRYPT } from '../accounts/passwords';
import { RESTRICTION_CATEGORIES, isRestrictionCategory, liftRestriction, listRestrictions, setRestriction } from '../accounts/restrictions';
import { DEFAULT_SESSION_LIMITS } from '../accounts/sessions';
import { type Account, type AccountsContext, accountEvents } from '../accounts/store';
import { attachmentsDirOf } from '../attachments/store';
import { type CatalogHistory, createPublishedCatalogs } from '../catalog/published';
import { latestCatalogVersion } from '../catalog/versions';
import { type CentralDatabase, centralDbPath, prepared } from '../database';
import { CLI_ACTOR } from '../applications/statuses';
import { describePublishTermsOutcome, describeTermsProblem, listTermsVersions, publishTerms, readTermsDir } from '../terms/terms';
import { type AdminIo, type Command, Refusal, UsageError, printTable } from './command-line';

/** The accounts and terms part of the admin CLI (docs/accounts.md, "Operators"). */
export const ACCOUNT_USAGE = `  accounts --data DIR [--state active|deleted|removed|blocked|misuse]
                                  list accounts: login, state, verified, created (no personal data)
  account --data DIR --login LOGIN
                                  one account's state and its history (no personal data)
  block-account --data DIR --login LOGIN --reason-ky TEXT --reason-ru TEXT [--actor NAME]
                                  block an account (its content is kept; sessions end; the owner is told the reason)
  unblock-account --data DIR --login LOGIN [--actor NAME]
  remove-account --data DIR --login LOGIN --reason-ky TEXT --reason-ru TEXT [--actor NAME]
                                  delete an account: its content and personal data go at once, the login stays taken
  reset-account-password --data DIR --login LOGIN --clerk ID
                                  after checking the citizen's identity: print a new password (ends a misuse lock)
  verify-account --data DIR --login LOGIN --clerk ID --document-type ${DOCUMENT_TYPES.join('|')} --document-number N
                                  record that a clerk checked the identity document; links guest applications by ПИН
  send-notice --data DIR --login LOGIN --title-ky TEXT --title-ru TEXT --body-ky TEXT --body-ru TEXT [--actor NAME]
                                  a notice in the citizen's cabinet
  restrict-category --data DIR --category ${RESTRICTION_CATEGORIES.join('|')} --reason-ky TEXT --reason-ru TEXT [--actor NAME]
                                  refuse registration and sign-in to a category of citizens
  lift-restriction --data DIR --category ${RESTRICTION_CATEGORIES.join('|')}
  restrictions --data DIR         list the restricted categories
  forbid-login --data DIR --login PATTERN [--actor NAME]
                                  forbid registering a login (PATTERN: a login, or a prefix ending in *)
  allow-login --data DIR --login PATTERN
  forbidden-logins --data DIR     list forbidden logins
  publish-terms --data DIR --dir DIR [--effective-at ISO-TIME] [--actor NAME]
                                  publish a new edition of the terms (agreement.ky.txt, agreement.ru.txt,
                                  privacy.ky.txt, privacy.ru.txt); in force from --effective-at (default now)
  terms --data DIR                list the editions of the terms
  purge-accounts --data DIR       run the accounts' hourly maintenance now: purge accounts deleted over a
                                  month ago, strip their applications, link guest applications by ПИН`;

export const ACCOUNT_OPTIONS = {
  state: { type: 'string' },
  login: { type: 'string' },
  clerk: { type: 'string' },
  'document-type': { type: 'string' },
  'document-number': { type: 'string' },
  'title-ky': { type: 'string' },
  'title-ru': { type: 'string' },
  'body-ky': { type: 'string' },
  'body-ru': { type: 'string' },
  category: { type: 'string' },
  dir: { type: 'string' },
  'effective-at': { type: 'string' },
} as const;

const ACCOUNT_LOGIN_COMMANDS = [
  'account',
  'block-account',
  'unblock-account',
  'remove-account',
  'reset-account-password',
  'verify-account',
  'send-notice',
  'forbid-login',
  'allow-login',
];

export const ACCOUNT_OPTION_OWNERS: Record<string, string[]> = {
  state: ['accounts'],
  login: ACCOUNT_LOGIN_COMMANDS,
  clerk: ['reset-account-password', 'verify-account'],
  'document-type': ['verify-account'],
  'document-number': ['verify-account'],
  'title-ky': ['send-notice'],
  'title-ru': ['send-notice'],
  'body-ky': ['send-notice'],
  'body-ru': ['send-notice'],
  category: ['restrict-category', 'lift-restriction'],
  dir: ['publish-terms'],
  'effective-at': ['publish-terms'],
  'reason-ky': ['block-account', 'remove-account', 'restrict-category'],
  'reason-ru': ['block-account', 'remove-account', 'restrict-category'],
  actor: ['block-account', 'unblock-account', 'remove-account', 'send-notice', 'restrict-category', 'forbid-login', 'publish-terms'],
};

function contextOf(db: CentralDatabase, io: AdminIo): AccountsContext {
  return { db, clock: io.clock, randomBytes: io.randomBytes, log: () => {} };
}

/** The published catalogs, for finding the ПИН in stored applications; null before any was published. */
function catalogHistory(db: CentralDatabase): CatalogHistory | null {
  const latest = latestCatalogVersion(db);
  if (!latest) return null;
  return createPublishedCatalogs(db, Catalog.parse(JSON.parse(latest.json)));
}

/** Runs an operator action, turning its refusal into the CLI's. */
function operator<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof OperatorRefusal) throw new Refusal(error.message);
    throw error;
  }
}

function accountNamed(db: CentralDatabase, io: AdminIo, login: string | undefined, command: string): Account {
  if (!login) throw new UsageError(`${command} needs --login LOGIN`);
  return operator(() => requireAccount(contextOf(db, io), login));
}

function actorOf(values: Record<string, string | undefined>): string {
  return operator(() => requireActor(values.actor ?? CLI_ACTOR, '--actor'));
}

function stateOf(account: Pick<Account, 'state' | 'blockedAt' | 'misuseReportedAt'>): string {
  if (account.state === 'removed') return 'removed';
  if (account.blockedAt !== null) return 'blocked';
  if (account.misuseReportedAt !== null) return 'misuse';
  return account.state;
}

interface ListedAccount {
  login: string;
  state: Account['state'];
  blockedAt: string | null;
  misuseReportedAt: string | null;
  verifiedAt: string | null;
  createdAt: string;
  restoreUntil: string | null;
}

const LIST_STATES = ['active', 'deleted', 'removed', 'blocked', 'misuse'];

export const ACCOUNT_COMMANDS: Record<string, Command> = {
  accounts: (db, values, _positionals, io) => {
    if (values.state !== undefined && !LIST_STATES.includes(values.state)) throw new UsageError(`--state must be one of ${LIST_STATES.join(', ')}`);
    const rows = prepared<ListedAccount>(
      db,
      `SELECT login, state, blocked_at AS blockedAt, misuse_reported_at AS misuseReportedAt, verified_at AS verifiedAt,
              created_at AS createdAt, restore_until AS restoreUntil
         FROM accounts ORDER BY login_key`,
    ).all();
    const listed = rows
      .map((row) => ({ row, state: stateOf(row) }))
      .filter(({ state }) => values.state === undefined || state === values.state);
    printTable(
      io,
      ['login', 'state', 'verified', 'created', 'restore until'],
      listed.map(({ row, state }) => [row.login, state, row.verifiedAt ? 'yes' : 'no', row.createdAt, row.restoreUntil ?? '-']),
    );
    return 0;
  },
  account: (db, values, _positionals, io) => {
    const account = accountNamed(db, io, values.login, 'account');
    const lines: Array<[string, string]> = [
      ['login', account.login],
      ['state', stateOf(account)],
      ['created', `${account.createdAt} at kiosk ${account.createdByKiosk}`],
      ['terms accepted', String(account.termsVersion)],
      ['verified', account.verifiedAt ? `${account.verifiedAt} by ${account.verifiedBy ?? '-'} (${account.documentType ?? '-'})` : 'no'],
      ['blocked', account.blockedAt ? `${account.blockedAt} by ${account.blockedBy ?? '-'}: ${account.blockReasonRu ?? ''}` : 'no'],
      ['misuse reported', account.misuseReportedAt ?? 'no'],
      ['restore until', account.restoreUntil ?? '-'],
    ];
    for (const [name, value] of lines) io.stdout(`${name}\t${value}\n`);
    io.stdout('\n');
    printTable(
      io,
      ['at', 'event', 'kiosk', 'actor'],
      accountEvents(db, account.id).map((e) => [e.at, e.kind, e.kioskId ?? '-', e.actor ?? '-']),
    );
    return 0;
  },
  'block-account': (db, values, _positionals, io) => {
    const account = accountNamed(db, io, values.login, 'block-account');
    const reason = operator(() => requireReason({ ky: values['reason-ky'], ru: values['reason-ru'] }));
    const ended = operator(() => blockAccount(contextOf(db, io), account, { reason, by: actorOf(values) }));
    io.stderr(`account ${account.login} blocked; ${ended} session(s) ended\n`);
    return 0;
  },
  'unblock-account': (db, values, _positionals, io) => {
    const account = accountNamed(db, io, values.login, 'unblock-account');
    operator(() => unblockAccount(contextOf(db, io), account, actorOf(values)));
    io.stderr(`account ${account.login} unblocked\n`);
    return 0;
  },
  'remove-account': (db, values, _positionals, io) => {
    const account = accountNamed(db, io, values.login, 'remove-account');
    const reason = operator(() => requireReason({ ky: values['reason-ky'], ru: values['reason-ru'] }));
    const attachmentsDir = attachmentsDirOf(centralDbPath(values.data));
    operator(() => removeAccount(contextOf(db, io), account, { reason, by: actorOf(values), attachmentsDir }));
    io.stderr(`account ${account.login} removed: its content and personal data are deleted, the login stays taken\n`);
    return 0;
  },
  'reset-account-password': (db, values, _positionals, io) => {
    const account = accountNamed(db, io, values.login, 'reset-account-password');
    if (!values.clerk) throw new UsageError('reset-account-password needs --clerk ID');
    const clerk = operator(() => requireActor(values.clerk, '--clerk'));
    const password = operator(() => resetPassword(contextOf(db, io), account, { clerk, scrypt: io.passwordHashing ?? DEFAULT_SCRYPT }));
    io.stdout(`${password}\n`);
    io.stderr(
      `new password of ${account.login}, shown this once: give it to the citizen, who types it as shown (dashes too) ` +
        `and changes it in the cabinet; every session ended\n`,
    );
    return 0;
  },
  'verify-account': (db, values, _positionals, io) => {
    const account = accountNamed(db, io, values.login, 'verify-account');
    if (!values.clerk) throw new UsageError('verify-account needs --clerk ID');
    const clerk = operator(() => requireActor(values.clerk, '--clerk'));
    const catalogs = catalogHistory(db);
    const { linked } = operator(() =>
      verifyAccount(contextOf(db, io), catalogs, account, {
        clerk,
        documentType: values['document-type'],
        documentNumber: values['document-number'],
      }),
    );
    io.stderr(`account ${account.login} verified by ${clerk}; ${linked} guest application(s) linked by ПИН\n`);
    return 0;
  },
  'send-notice': (db, values, _positionals, io) => {
    const account = accountNamed(db, io, values.login, 'send-notice');
    if (account.state === 'removed') throw new Refusal(`account ${account.login} was removed`);
    const notice = {
      title: { ky: values['title-ky'] ?? '', ru: values['title-ru'] ?? '' },
      body: { ky: values['body-ky'] ?? '', ru: values['body-ru'] ?? '' },
    };
    const problems = noticeProblems(notice);
    if (problems.length > 0) {
      const said = { required: 'is needed', tooLong: 'is too long', control: 'holds a control character' };
      throw new Refusal(problems.map((p) => `--${p.field} ${said[p.why]}`).join('; '));
    }
    const id = storeNotice(contextOf(db, io), { accountId: account.id, ...notice, by: actorOf(values) });
    io.stdout(`${id}\n`);
    io.stderr(`notice sent to ${account.login}; shown in the cabinet at the next sign-in\n`);
    return 0;
  },
  'restrict-category': (db, values, _positionals, io) => {
    const category = values.category ?? '';
    if (!isRestrictionCategory(category)) throw new UsageError(`--category must be one of ${RESTRICTION_CATEGORIES.join(', ')}`);
    const reason = operator(() => requireReason({ ky: values['reason-ky'], ru: values['reason-ru'] }));
    setRestriction(db, { category, reason, by: actorOf(values) }, io.clock());
    io.stderr(`category ${category} restricted: no registration or sign-in; open sessions end at their next request\n`);
    return 0;
  },
  'lift-restriction': (db, values, _positionals, io) => {
    const category = values.category ?? '';
    if (!isRestrictionCategory(category)) throw new UsageError(`--category must be one of ${RESTRICTION_CATEGORIES.join(', ')}`);
    if (!liftRestriction(db, category)) throw new Refusal(`category ${category} is not restricted`);
    io.stderr(`category ${category} no longer restricted\n`);
    return 0;
  },
  restrictions: (db, _values, _positionals, io) => {
    printTable(
      io,
      ['category', 'since', 'by', 'reason (ky)', 'reason (ru)'],
      listRestrictions(db).map((r) => [r.category, r.setAt, r.setBy, r.reason.ky, r.reason.ru]),
    );
    return 0;
  },
  'forbid-login': (db, values, _positionals, io) => {
    const pattern = normalizeLoginPattern(values.login ?? '');
    if (!pattern) throw new UsageError('forbid-login needs --login PATTERN: a login, or a prefix ending in *');
    if (!forbidLogin(db, pattern, actorOf(values), io.clock())) throw new Refusal(`${pattern} is already forbidden`);
    const existing = prepared<{ login: string }>(db, 'SELECT login FROM accounts WHERE login_key = ?').get(loginKey(pattern.replace(/\*$/, '')));
    io.stderr(`${pattern} forbidden for new registrations${existing ? ` (account ${existing.login} keeps its login)` : ''}\n`);
    return 0;
  },
  'allow-login': (db, values, _positionals, io) => {
    const pattern = normalizeLoginPattern(values.login ?? '');
    if (!pattern) throw new UsageError('allow-login needs --login PATTERN');
    if (!allowLogin(db, pattern)) throw new Refusal(`${pattern} is not on the list`);
    io.stderr(`${pattern} no longer forbidden\n`);
    return 0;
  },
  'forbidden-logins': (db, _values, _positionals, io) => {
    printTable(io, ['pattern', 'added', 'by'], listForbiddenLogins(db).map((f) => [f.pattern, f.addedAt, f.addedBy]));
    return 0;
  },
  'publish-terms': (db, values, _positionals, io) => {
    if (!values.dir) throw new UsageError('publish-terms needs --dir DIR');
    const effectiveText = values['effective-at'];
    const effectiveAt = effectiveText === undefined ? io.clock() : new Date(effectiveText);
    if (effectiveText !== undefined && (!/^\d{4}-\d{2}-\d{2}T/.test(effectiveText) || Number.isNaN(effectiveAt.getTime()))) {
      throw new UsageError(`bad --effective-at ${effectiveText}: an ISO time such as 2026-05-01T00:00:00+06:00`);
    }
    if (effectiveAt.getTime() < io.clock().getTime() - 60_000) throw new Refusal('--effective-at is in the past: an edition takes effect now or later');
    const read = readTermsDir(values.dir);
    if (!read.ok) throw new Refusal(['refused:', ...read.problems.map((p) => `  ${describeTermsProblem(p)}`)].join('\n'));
    const outcome = publishTerms(db, { texts: read.texts, effectiveAt, by: actorOf(values) }, io.clock());
    const lines = describePublishTermsOutcome(outcome);
    if (!outcome.ok) throw new Refusal(lines.join('\n'));
    io.stdout(`${outcome.version}\n`);
    io.stderr(`${lines.join('\n')}; citizens accept it at their next sign-in\n`);
    return 0;
  },
  terms: (db, _values, _positionals, io) => {
    printTable(
      io,
      ['version', 'in force from', 'published', 'by', 'sha256'],
      listTermsVersions(db).map((t) => [String(t.version), t.effectiveAt, t.publishedAt, t.publishedBy, t.sha256]),
    );
    return 0;
  },
  'purge-accounts': (db, values, _positionals, io) => {
    const report = runAccountMaintenance(contextOf(db, io), {
      sessions: DEFAULT_SESSION_LIMITS,
      catalogs: catalogHistory(db),
      attachmentsDir: attachmentsDirOf(centralDbPath(values.data)),
    });
    io.stdout(
      `purged\t${report.purged}\nstripped\t${report.stripped}\nlinked\t${report.linked}\n` +
        `sessions ended\t${report.sessionsEnded}\ncounts forgotten\t${report.countsForgotten}\n`,
    );
    io.stderr(`done; the service also does this every ${MAINTENANCE_INTERVAL_MS / 60_000} minutes\n`);
    return 0;
  },
};

import { parseArgs } from 'node:util';
import { APPLICATION_STATES, ApplicationState } from '../../src-shared/applications/status';
import { listReceivedApplications } from '../applications/received';
import {
  CLI_ACTOR,
  MAX_REASON_LENGTH,
  type StatusStep,
  describeStatusRefusal,
  printedLookupCode,
  setApplicationStatus,
  statusReport,
} from '../applications/statuses';
import { ensureServiceKey } from '../auth/service-key';
import { describePublishOutcome, publishCatalogFile } from '../catalog/publish-file';
import { centralDbPath, openCentralDatabase } from '../database';
import { DEFAULT_ENROLLMENT_TTL_HOURS, createEnrollmentCode } from '../enrollment/codes';
import { listKiosks, revokeKiosk } from '../enrollment/kiosks';
import { sha256Hex } from '../hashing';
import { ACCOUNT_COMMANDS, ACCOUNT_OPTION_OWNERS, ACCOUNT_OPTIONS, ACCOUNT_USAGE } from './account-commands';
import { CLERK_COMMANDS, CLERK_OFFICE_OWNERS, CLERK_OPTION_OWNERS, CLERK_OPTIONS, CLERK_USAGE } from './clerk-commands';
import { type AdminIo, type Command, type Options, Refusal, UsageError, printTable } from './command-line';
import { fileClock } from '../clock-file';

export const ADMIN_USAGE = `usage: node dist/central/cli.js <command> --data DIR [options]
  enroll-code --data DIR --office "NAME" [--ttl-hours ${DEFAULT_ENROLLMENT_TTL_HOURS}]
                                  print a new one-time enrollment code
  kiosks --data DIR               list enrolled kiosks
  revoke --data DIR KIOSK_ID      refuse every further request of a kiosk
  applications --data DIR         list received applications (no personal data)
  publish-catalog --data DIR --file PATH
                                  publish a new catalog version (valid and newer than the latest)
  set-status --data DIR REF STATE [--reason-ky TEXT --reason-ru TEXT] [--actor NAME]
                                  move an application (REF: registration number or lookup code)
                                  to STATE: ${APPLICATION_STATES.join(', ')};
                                  documentsNeeded and rejected need both reasons (one line, at most ${MAX_REASON_LENGTH} characters)
  status --data DIR REF           print an application's status history
  service-key --data DIR          print the service's public key (SPKI DER, base64), which kiosks pin at enrollment
${ACCOUNT_USAGE}
${CLERK_USAGE}
Every command also takes --clock-file PATH (tests and rehearsals: the offset in milliseconds
the server's --clock-file adds to real time).`;

export type { AdminIo } from './command-line';

function parseState(text: string | undefined): ApplicationState {
  const state = ApplicationState.safeParse(text);
  if (!state.success) throw new Refusal(`unknown state ${text ?? ''}; states: ${APPLICATION_STATES.join(', ')}`);
  return state.data;
}

function historyRow(step: StatusStep): string[] {
  return [step.at, step.state, step.actor, step.reason?.ky ?? '-', step.reason?.ru ?? '-'];
}

const STATUS_COMMANDS: Record<string, Command> = {
  'enroll-code': (db, values, _positionals, io) => {
    if (!values.office?.trim()) throw new UsageError('enroll-code needs --office "NAME"');
    const ttlText = values['ttl-hours'] ?? String(DEFAULT_ENROLLMENT_TTL_HOURS);
    const ttlHours = Number(ttlText);
    if (!/^\d+(\.\d+)?$/.test(ttlText) || !(ttlHours > 0)) throw new UsageError(`bad --ttl-hours ${ttlText}`);
    const created = createEnrollmentCode(db, { officeName: values.office, ttlHours, now: io.clock(), randomBytes: io.randomBytes });
    io.stdout(`${created.code}\n`);
    io.stderr(`office "${created.officeName}", valid until ${created.expiresAt}, usable once\n`);
    return 0;
  },
  kiosks: (db, _values, _positionals, io) => {
    printTable(
      io,
      ['id', 'office', 'terminal', 'enrolled', 'last seen', 'revoked'],
      listKiosks(db).map((k) => [k.id, k.officeName, k.terminalName, k.enrolledAt, k.lastSeenAt ?? '-', k.revokedAt ?? '-']),
    );
    return 0;
  },
  revoke: (db, _values, positionals, io) => {
    const [kioskId, ...extra] = positionals;
    if (!kioskId || extra.length > 0) throw new UsageError('revoke needs exactly one KIOSK_ID');
    if (!revokeKiosk(db, kioskId, io.clock())) {
      io.stderr(`no kiosk ${kioskId}\n`);
      return 1;
    }
    io.stderr(`kiosk ${kioskId} revoked\n`);
    return 0;
  },
  applications: (db, _values, _positionals, io) => {
    printTable(
      io,
      ['id', 'registration number', 'service', 'kiosk', 'received'],
      listReceivedApplications(db).map((a) => [a.id, a.registrationNumber, a.serviceId, a.kioskId, a.receivedAt]),
    );
    return 0;
  },
  'publish-catalog': (db, values, _positionals, io) => {
    if (!values.file) throw new UsageError('publish-catalog needs --file PATH');
    const outcome = publishCatalogFile(db, values.file, io.clock());
    const lines = describePublishOutcome(outcome);
    if (outcome.ok) io.stdout(`${outcome.version}\n`);
    io.stderr(`${lines.join('\n')}\n`);
    return outcome.ok ? 0 : 1;
  },
  'set-status': (db, values, positionals, io) => {
    const [ref, stateText, ...extra] = positionals;
    if (!ref || !stateText || extra.length > 0) throw new UsageError('set-status needs a REF and a STATE');
    const state = parseState(stateText);
    const reason = { ky: values['reason-ky'], ru: values['reason-ru'] };
    const outcome = setApplicationStatus(db, { ref, state, reason, actor: values.actor ?? CLI_ACTOR }, io.clock());
    if (!outcome.ok) throw new Refusal(describeStatusRefusal(outcome, ref));
    const { application, step } = outcome;
    io.stdout(`${historyRow(step).join('\t')}\n`);
    io.stderr(
      `${application.registrationNumber} (${printedLookupCode(application)}) moved from ${outcome.from} to ${step.state}; ` +
        `the kiosk that sent it learns it at its next sync\n`,
    );
    return 0;
  },
  status: (db, _values, positionals, io) => {
    const [ref, ...extra] = positionals;
    if (!ref || extra.length > 0) throw new UsageError('status needs exactly one REF');
    const report = statusReport(db, ref);
    if (!report.ok) throw new Refusal(describeStatusRefusal(report, ref));
    const { application, steps } = report;
    io.stdout(`registration number\t${application.registrationNumber}\n`);
    io.stdout(`lookup code\t${printedLookupCode(application)}\n`);
    io.stdout(`service\t${application.serviceId} (${application.variantId})\n`);
    io.stdout(`submitted\t${application.submittedAt}\n\n`);
    printTable(io, ['at', 'state', 'actor', 'reason (ky)', 'reason (ru)'], steps.map(historyRow));
    return 0;
  },
  'service-key': (db, _values, _positionals, io) => {
    // Made here if the server has not started yet: it will find and use the same one.
    const key = ensureServiceKey(db, { randomBytes: io.randomBytes, now: io.clock() });
    io.stdout(`${key.publicKey}\n`);
    io.stderr(`sha256 of the key: ${sha256Hex(Buffer.from(key.publicKey, 'base64'))}\n`);
    return 0;
  },
};

const COMMANDS: Record<string, Command> = { ...STATUS_COMMANDS, ...ACCOUNT_COMMANDS, ...CLERK_COMMANDS };

/** Commands that take arguments besides options; each checks how many. */
const POSITIONALS_ALLOWED = new Set(['revoke', 'set-status', 'status']);
/** The commands each option is for (a command not named here refuses it). */
const OPTION_OWNERS: Record<string, string[]> = {
  office: ['enroll-code', ...CLERK_OFFICE_OWNERS],
  'ttl-hours': ['enroll-code'],
  file: ['publish-catalog'],
  ...ACCOUNT_OPTION_OWNERS,
  ...CLERK_OPTION_OWNERS,
  'reason-ky': ['set-status', ...(ACCOUNT_OPTION_OWNERS['reason-ky'] ?? [])],
  'reason-ru': ['set-status', ...(ACCOUNT_OPTION_OWNERS['reason-ru'] ?? [])],
  actor: ['set-status', ...(ACCOUNT_OPTION_OWNERS.actor ?? [])],
};

function parseCommandLine(argv: string[]): { command: Command; values: Options & { data: string }; positionals: string[] } {
  const [commandName, ...rest] = argv;
  const command = commandName === undefined ? undefined : COMMANDS[commandName];
  if (!commandName || !command) throw new UsageError(commandName ? `unknown command ${commandName}` : 'no command');
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      data: { type: 'string' },
      office: { type: 'string' },
      'ttl-hours': { type: 'string' },
      file: { type: 'string' },
      'reason-ky': { type: 'string' },
      'reason-ru': { type: 'string' },
      actor: { type: 'string' },
      'clock-file': { type: 'string' },
      ...ACCOUNT_OPTIONS,
      ...CLERK_OPTIONS,
    },
    strict: true,
    allowPositionals: true,
  });
  const { data } = values;
  if (data === undefined) throw new UsageError(`${commandName} needs --data DIR`);
  if (positionals.length > 0 && !POSITIONALS_ALLOWED.has(commandName)) {
    throw new UsageError(`unexpected argument ${positionals[0]}`);
  }
  const given: Options = values;
  const misplaced = Object.entries(OPTION_OWNERS).find(([name, owners]) => !owners.includes(commandName) && given[name] !== undefined);
  if (misplaced) throw new UsageError(`--${misplaced[0]} is only for ${misplaced[1].join(', ')}`);
  return { command, values: { ...given, data }, positionals };
}

/**
 * One run of the admin CLI: the exit status, 0 when done. A mistake in the
 * command line, a refusal or a failure is 2 with a plain message on stderr
 * (a usage error adds the usage); revoke, publish-catalog and a broken
 * verify-audit answer 1.
 */
export function runAdminCli(argv: string[], io: AdminIo): number {
  try {
    const { command, values, positionals } = parseCommandLine(argv);
    const clockFile = values['clock-file'];
    const world = clockFile ? { ...io, clock: fileClock(clockFile, { realNow: () => io.clock().getTime() }).now } : io;
    const db = openCentralDatabase(centralDbPath(values.data));
    try {
      return command(db, values, positionals, world);
    } finally {
      db.close();
    }
  } catch (error) {
    const isUsage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n${isUsage ? `${ADMIN_USAGE}\n` : ''}`);
    return 2;
  }
}

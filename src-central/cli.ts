import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { listReceivedApplications } from './applications/received';
import { describePublishOutcome, publishCatalogFile } from './catalog/publish-file';
import { type CentralDatabase, centralDbPath, openCentralDatabase } from './database';
import { DEFAULT_ENROLLMENT_TTL_HOURS, createEnrollmentCode } from './enrollment/codes';
import { listKiosks, revokeKiosk } from './enrollment/kiosks';

const USAGE = `usage: node dist/central/cli.js <command> --data DIR [options]
  enroll-code --data DIR --office "NAME" [--ttl-hours ${DEFAULT_ENROLLMENT_TTL_HOURS}]
                                  print a new one-time enrollment code
  kiosks --data DIR               list enrolled kiosks
  revoke --data DIR KIOSK_ID      refuse every further request of a kiosk
  applications --data DIR         list received applications (no personal data)
  publish-catalog --data DIR --file PATH
                                  publish a new catalog version (valid and newer than the latest)`;

class UsageError extends Error {}

type Command = (db: CentralDatabase, values: Record<string, string | undefined>, positionals: string[]) => number;

function printTable(header: string[], rows: string[][]): void {
  for (const row of [header, ...rows]) process.stdout.write(`${row.join('\t')}\n`);
}

const COMMANDS: Record<string, Command> = {
  'enroll-code': (db, values) => {
    if (!values.office?.trim()) throw new UsageError('enroll-code needs --office "NAME"');
    const ttlText = values['ttl-hours'] ?? String(DEFAULT_ENROLLMENT_TTL_HOURS);
    const ttlHours = Number(ttlText);
    if (!/^\d+(\.\d+)?$/.test(ttlText) || !(ttlHours > 0)) throw new UsageError(`bad --ttl-hours ${ttlText}`);
    const created = createEnrollmentCode(db, { officeName: values.office, ttlHours, now: new Date(), randomBytes });
    process.stdout.write(`${created.code}\n`);
    process.stderr.write(`office "${created.officeName}", valid until ${created.expiresAt}, usable once\n`);
    return 0;
  },
  kiosks: (db) => {
    printTable(
      ['id', 'office', 'terminal', 'enrolled', 'last seen', 'revoked'],
      listKiosks(db).map((k) => [k.id, k.officeName, k.terminalName, k.enrolledAt, k.lastSeenAt ?? '-', k.revokedAt ?? '-']),
    );
    return 0;
  },
  revoke: (db, _values, positionals) => {
    const [kioskId, ...extra] = positionals;
    if (!kioskId || extra.length > 0) throw new UsageError('revoke needs exactly one KIOSK_ID');
    if (!revokeKiosk(db, kioskId, new Date())) {
      process.stderr.write(`no kiosk ${kioskId}\n`);
      return 1;
    }
    process.stderr.write(`kiosk ${kioskId} revoked\n`);
    return 0;
  },
  applications: (db) => {
    printTable(
      ['id', 'registration number', 'service', 'kiosk', 'received'],
      listReceivedApplications(db).map((a) => [a.id, a.registrationNumber, a.serviceId, a.kioskId, a.receivedAt]),
    );
    return 0;
  },
  'publish-catalog': (db, values) => {
    if (!values.file) throw new UsageError('publish-catalog needs --file PATH');
    const outcome = publishCatalogFile(db, values.file, new Date());
    const lines = describePublishOutcome(outcome);
    if (outcome.ok) process.stdout.write(`${outcome.version}\n`);
    process.stderr.write(`${lines.join('\n')}\n`);
    return outcome.ok ? 0 : 1;
  },
};

const POSITIONALS_ALLOWED = new Set(['revoke']);
const ENROLL_ONLY_OPTIONS = ['office', 'ttl-hours'] as const;

function runCli(argv: string[]): number {
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
    },
    strict: true,
    allowPositionals: true,
  });
  if (!values.data) throw new UsageError(`${commandName} needs --data DIR`);
  if (positionals.length > 0 && !POSITIONALS_ALLOWED.has(commandName)) {
    throw new UsageError(`unexpected argument ${positionals[0]}`);
  }
  const misplaced = ENROLL_ONLY_OPTIONS.find((name) => commandName !== 'enroll-code' && values[name] !== undefined);
  if (misplaced) throw new UsageError(`--${misplaced} is only for enroll-code`);
  if (commandName !== 'publish-catalog' && values.file !== undefined) throw new UsageError('--file is only for publish-catalog');
  const db = openCentralDatabase(centralDbPath(values.data));
  try {
    return command(db, values, positionals);
  } finally {
    db.close();
  }
}

try {
  process.exitCode = runCli(process.argv.slice(2));
} catch (error) {
  const isUsage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${isUsage ? USAGE + '\n' : ''}`);
  process.exitCode = 2;
}

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_USAGE, runAdminCli } from '../../../src-central/admin/commands';
import { formatPlainCode } from '../../../src-shared/codes';
import { ChangesResponse, StatusChange, changesPath, statusPath } from '../../../src-shared/sync/wire';
import { bundleForNode } from './bundle';
import { TestCentral, type TestKiosk, validEnvelope } from './harness';

const here = dirname(fileURLToPath(import.meta.url));
const REASON = { ky: 'Паспорттун көчүрмөсү жок', ru: 'Нет копии паспорта' };

let central: TestCentral;
let kiosk: TestKiosk;
/** The CLI's own clock, an hour after the server received the application. */
let cliNowMs: number;
beforeEach(async () => {
  central = new TestCentral();
  kiosk = await central.enroll();
  cliNowMs = central.nowMs + 3_600_000;
});
afterEach(async () => {
  await central.close();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** One run of the admin CLI on the test server's data directory, as an operator would type it. */
function cli(...argv: string[]): Run {
  let stdout = '';
  let stderr = '';
  const code = runAdminCli(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    clock: () => new Date(cliNowMs),
    randomBytes,
  });
  return { code, stdout, stderr };
}

async function accepted(): Promise<{ id: string; lookupCode: string; ref: string }> {
  const envelope = validEnvelope();
  const [result] = await central.sendBatch(kiosk, [envelope]);
  return { id: envelope.id, lookupCode: envelope.lookupCode, ref: result!.registrationNumber! };
}

const stepCount = () => (central.db.prepare('SELECT COUNT(*) AS n FROM application_status_steps').get() as { n: number }).n;

describe('cli set-status and status', () => {
  it('moves an application by registration number, with its own clock, and the server sends the step', async () => {
    const { id, lookupCode, ref } = await accepted();
    const run = cli('set-status', '--data', central.dir, ref, 'inReview');
    expect(run).toEqual({
      code: 0,
      stdout: '2026-03-10T10:00:00.000Z\tinReview\tcli\t-\t-\n',
      stderr: `${ref} (${formatPlainCode(lookupCode)}) moved from received to inReview; the kiosk that sent it learns it at its next sync\n`,
    });
    // The server, on its own connection to the file, sees the CLI's step at once.
    const feed = ChangesResponse.parse((await central.getSigned(kiosk, changesPath(0))).json());
    expect(feed.changes.filter((c) => c.kind === 'status').map((c) => StatusChange.parse(c))).toEqual([
      expect.objectContaining({ applicationId: id, entry: { state: 'received', at: '2026-03-10T09:00:00.000Z', reason: null } }),
      expect.objectContaining({ applicationId: id, entry: { state: 'inReview', at: '2026-03-10T10:00:00.000Z', reason: null } }),
    ]);
  });

  it('takes a printed lookup code, both reasons and an actor, and prints the history', async () => {
    const { lookupCode, ref } = await accepted();
    const printed = formatPlainCode(lookupCode).toLowerCase();
    expect(
      cli('set-status', '--data', central.dir, printed, 'documentsNeeded', '--reason-ky', REASON.ky, '--reason-ru', REASON.ru, '--actor', 'Айгүл'),
    ).toMatchObject({ code: 0, stdout: `2026-03-10T10:00:00.000Z\tdocumentsNeeded\tАйгүл\t${REASON.ky}\t${REASON.ru}\n` });
    cliNowMs += 60_000;
    expect(cli('set-status', '--data', central.dir, lookupCode, 'inReview')).toMatchObject({ code: 0 });

    expect(cli('status', '--data', central.dir, ref)).toEqual({
      code: 0,
      stdout: [
        `registration number\t${ref}`,
        `lookup code\t${formatPlainCode(lookupCode)}`,
        'service\tbirth-registration (standard)',
        `submitted\t${validEnvelope().submittedAt}`,
        '',
        'at\tstate\tactor\treason (ky)\treason (ru)',
        '2026-03-10T09:00:00.000Z\treceived\tsystem\t-\t-',
        `2026-03-10T10:00:00.000Z\tdocumentsNeeded\tАйгүл\t${REASON.ky}\t${REASON.ru}`,
        '2026-03-10T10:01:00.000Z\tinReview\tcli\t-\t-',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(cli('status', '--data', central.dir, formatPlainCode(lookupCode)).stdout).toContain('inReview\tcli');
    const status = await central.getSigned(kiosk, statusPath(lookupCode));
    expect(status.json().history.map((step: { state: string }) => step.state)).toEqual(['received', 'documentsNeeded', 'inReview']);
  });

  it('refuses with exit status 2, a plain message on stderr and nothing written', async () => {
    const { ref } = await accepted();
    expect(cli('set-status', '--data', central.dir, ref, 'inReview')).toMatchObject({ code: 0 });
    expect(cli('set-status', '--data', central.dir, ref, 'readyForPickup')).toMatchObject({ code: 0 });
    const before = stepCount();
    const refusals: Array<[string[], string]> = [
      [['set-status', '--data', central.dir, '2026-000999', 'inReview'], 'no application 2026-000999\n'],
      [
        ['set-status', '--data', central.dir, 'nonsense', 'inReview'],
        'nonsense is neither a registration number (2026-000001) nor a lookup code (XXXX-XXXX-XXXX)\n',
      ],
      [
        ['set-status', '--data', central.dir, ref, 'rejected', '--reason-ky', REASON.ky, '--reason-ru', REASON.ru],
        `cannot move ${ref} from readyForPickup to rejected: readyForPickup is final\n`,
      ],
      [
        ['set-status', '--data', central.dir, ref, 'done'],
        'unknown state done; states: received, inReview, documentsNeeded, readyForPickup, rejected\n',
      ],
      [
        ['set-status', '--data', central.dir, ref, 'inReview', '--actor', 'system'],
        'the actor must be a name of 1-100 characters on one line, and not "system"\n',
      ],
      [['status', '--data', central.dir, '2026-000999'], 'no application 2026-000999\n'],
    ];
    for (const [argv, message] of refusals) {
      expect(cli(...argv), argv.join(' ')).toEqual({ code: 2, stdout: '', stderr: message });
    }
    expect(stepCount()).toBe(before);
  });

  it('explains what a reason needs', async () => {
    const { ref } = await accepted();
    const dir = central.dir;
    expect(cli('set-status', '--data', dir, ref, 'documentsNeeded', '--reason-ky', REASON.ky)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'documentsNeeded needs a reason in both Kyrgyz and Russian (missing: ru); give --reason-ky and --reason-ru\n',
    });
    expect(cli('set-status', '--data', dir, ref, 'rejected', '--reason-ky', 'x'.repeat(501), '--reason-ru', REASON.ru).stderr).toBe(
      'the ky reason is longer than 500 characters\n',
    );
    expect(cli('set-status', '--data', dir, ref, 'rejected', '--reason-ky', REASON.ky, '--reason-ru', 'две\nстроки').stderr).toBe(
      'the ru reason holds a control character (a line break, a tab…): write it on one line\n',
    );
    expect(stepCount()).toBe(1);
  });

  it('answers a malformed command line with the usage, exit status 2', () => {
    const usage = `${ADMIN_USAGE}\n`;
    expect(cli('set-status', '--data', central.dir, '2026-000001')).toEqual({
      code: 2,
      stdout: '',
      stderr: `set-status needs a REF and a STATE\n${usage}`,
    });
    expect(cli('status', '--data', central.dir, '2026-000001', '--reason-ky', 'x')).toEqual({
      code: 2,
      stdout: '',
      stderr: `--reason-ky is only for set-status, block-account, remove-account, restrict-category\n${usage}`,
    });
    expect(cli('status', '--data', central.dir)).toMatchObject({ code: 2, stderr: `status needs exactly one REF\n${usage}` });
    expect(cli('kiosks', '--data', central.dir, 'extra')).toMatchObject({ code: 2, stderr: `unexpected argument extra\n${usage}` });
    expect(cli('status', '2026-000001')).toMatchObject({ code: 2, stderr: `status needs --data DIR\n${usage}` });
    expect(cli()).toMatchObject({ code: 2, stderr: `no command\n${usage}` });
    expect(ADMIN_USAGE).toContain('set-status --data DIR REF STATE [--reason-ky TEXT --reason-ru TEXT] [--actor NAME]');
    expect(ADMIN_USAGE).toContain('status --data DIR REF');
  });

  it('gives the other commands the same clock', () => {
    const enrolled = cli('enroll-code', '--data', central.dir, '--office', 'Ош', '--ttl-hours', '2');
    expect(enrolled).toMatchObject({ code: 0, stderr: 'office "Ош", valid until 2026-03-10T12:00:00.000Z, usable once\n' });
    expect(cli('revoke', '--data', central.dir, kiosk.id)).toMatchObject({ code: 0 });
    expect(central.db.prepare('SELECT revoked_at FROM kiosks WHERE id = ?').get(kiosk.id)).toEqual({
      revoked_at: '2026-03-10T10:00:00.000Z',
    });
  });
});

describe('the built CLI as a real process', () => {
  let bundle: { dir: string; file: string };
  beforeAll(async () => {
    bundle = await bundleForNode(join(here, '../../../src-central/cli.ts'), 'central-cli-');
  });
  afterAll(() => {
    rmSync(bundle.dir, { recursive: true, force: true });
  });

  const run = (...argv: string[]) => spawnSync(process.execPath, [bundle.file, ...argv], { encoding: 'utf8' });

  it('sets and prints a status, and exits 2 with a plain message when refused', async () => {
    const { lookupCode, ref } = await accepted();
    const moved = run('set-status', '--data', central.dir, formatPlainCode(lookupCode), 'documentsNeeded', '--reason-ky', REASON.ky, '--reason-ru', REASON.ru);
    expect(moved.status).toBe(0);
    expect(moved.stdout).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\tdocumentsNeeded\\tcli\\t${REASON.ky}\\t${REASON.ru}\\n$`));

    const shown = run('status', '--data', central.dir, ref);
    expect(shown.status).toBe(0);
    expect(shown.stdout.split('\n').filter((line) => /\t(received|documentsNeeded)\t/.test(line))).toHaveLength(2);

    const refused = run('set-status', '--data', central.dir, ref, 'readyForPickup');
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(`cannot move ${ref} from documentsNeeded to readyForPickup: it may move to inReview, rejected\n`);

    const bare = run();
    expect(bare.status).toBe(2);
    expect(bare.stderr).toBe(`no command\n${ADMIN_USAGE}\n`);
    // The server reads what the other process wrote.
    expect((await central.getSigned(kiosk, statusPath(lookupCode))).json().history).toHaveLength(2);
  });
});

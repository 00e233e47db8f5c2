import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_USAGE } from '../../../src-central/admin/commands';
import { CLERK_PATHS, ClerksChange } from '../../../src-shared/clerks/wire';
import { ChangesResponse, changesPath } from '../../../src-shared/sync/wire';
import { count } from './accounts-harness';
import { bundleForNode } from './bundle';
import { addClerkCli, cliWithStdin, clerksOf, enrollAt, expectedVerifier, signedFetch } from './clerks-harness';
import { TestCentral, type TestKiosk } from './harness';

const here = dirname(fileURLToPath(import.meta.url));
const BISHKEK = 'Бишкек, №1 бөлүм';
const OSH = 'Ош, №2 бөлүм';

let central: TestCentral;
let base: string;
let bishkek1: TestKiosk;
let bishkek2: TestKiosk;
let osh: TestKiosk;
beforeEach(async () => {
  central = new TestCentral();
  bishkek1 = await enrollAt(central, BISHKEK);
  bishkek2 = await enrollAt(central, BISHKEK);
  osh = await enrollAt(central, OSH);
  base = await central.listen();
});
afterEach(async () => {
  await central.close();
});

async function clerkChanges(kiosk: TestKiosk): Promise<ClerksChange[]> {
  const answer = await signedFetch(central, base, kiosk, 'GET', changesPath(0));
  expect(answer.status).toBe(200);
  return ChangesResponse.parse(answer.json)
    .changes.filter((change) => change.kind === 'clerks')
    .map((change) => ClerksChange.parse(change));
}

describe('clerks provisioned to kiosks', () => {
  it('gives each kiosk its own verifier of the PIN, and the PIN itself to nobody', async () => {
    const added = addClerkCli(central, { clerkId: '100200', name: 'Айгүл Асанова', role: 'admin', pin: '502913' });
    expect(added).toMatchObject({ code: 0, stdout: '', stderr: "clerk 100200 (admin) added for every office's kiosks; kiosks learn it at their next sync\n" });

    const [first] = await clerksOf(central, base, bishkek1);
    const [second] = await clerksOf(central, base, bishkek2);
    expect(first).toMatchObject({ clerkId: '100200', name: 'Айгүл Асанова', role: 'admin', params: { logN: 15, r: 8, p: 1 }, updatedAt: central.now().toISOString() });
    expect(second?.salt).toBe(first?.salt);
    expect(first?.verifier).not.toBe(second?.verifier);
    expect(first?.verifier).toBe(expectedVerifier('502913', first!, bishkek1.id));
    expect(second?.verifier).toBe(expectedVerifier('502913', second!, bishkek2.id));
    // What one kiosk holds opens no other.
    expect(first?.verifier).not.toBe(expectedVerifier('502913', first!, bishkek2.id));
    expect(first?.verifier).not.toBe(expectedVerifier('502914', first!, bishkek1.id));
    expect(JSON.stringify(first)).not.toContain('502913');

    const listed = cliWithStdin(central, undefined, 'clerks');
    expect(listed.stdout).toBe(`id\tname\trole\toffice\tupdated\tstate\n100200\tАйгүл Асанова\tadmin\t(all)\t${central.now().toISOString()}\tactive\n`);
    expect(await clerkChanges(osh)).toEqual([{ seq: expect.any(Number), kind: 'clerks', changedAt: central.now().toISOString() }]);
  });

  it("gives an office's clerk only to that office's kiosks", async () => {
    expect(addClerkCli(central, { clerkId: '1001', pin: '480271' }).code).toBe(0);
    const oshOnly = addClerkCli(central, { clerkId: '2002', pin: '739105', office: ` ${OSH} ` });
    expect(oshOnly).toMatchObject({ code: 0, stderr: `clerk 2002 (clerk) added for the kiosks of "${OSH}"; kiosks learn it at their next sync\n` });
    const typo = addClerkCli(central, { clerkId: '3003', pin: '739105', office: 'Ош №2' });
    expect(typo.stderr).toContain('note: no kiosk is enrolled for an office "Ош №2" yet');

    expect((await clerksOf(central, base, bishkek1)).map((c) => c.clerkId)).toEqual(['1001']);
    expect((await clerksOf(central, base, osh)).map((c) => c.clerkId)).toEqual(['1001', '2002']);
    expect(cliWithStdin(central, undefined, 'clerks').stdout).toContain(`2002\tАйгүл Асанова\tclerk\t${OSH}\t`);
  });

  it('drops a removed clerk from every list, with a feed item, and never gives the id again', async () => {
    addClerkCli(central, { clerkId: '1001', pin: '480271' });
    addClerkCli(central, { clerkId: '1002', pin: '480272' });
    const before = await clerkChanges(bishkek1);
    central.nowMs += 60_000;

    expect(cliWithStdin(central, undefined, 'remove-clerk', '--clerk-id', '1001')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^remove-clerk needs --reason/) });
    const removed = cliWithStdin(central, undefined, 'remove-clerk', '--clerk-id', '1001', '--reason', 'уволилась');
    expect(removed).toMatchObject({ code: 0, stderr: 'clerk 1001 removed; every kiosk drops them at its next sync\n' });

    expect((await clerksOf(central, base, bishkek1)).map((c) => c.clerkId)).toEqual(['1002']);
    expect((await clerksOf(central, base, osh)).map((c) => c.clerkId)).toEqual(['1002']);
    const after = await clerkChanges(bishkek1);
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({ kind: 'clerks', changedAt: central.now().toISOString() });
    expect(cliWithStdin(central, undefined, 'clerks').stdout).toContain(`1001\tАйгүл Асанова\tclerk\t(all)\t${central.now().toISOString()}\tremoved ${central.now().toISOString()}: уволилась\n`);

    expect(addClerkCli(central, { clerkId: '1001', pin: '480271' })).toMatchObject({
      code: 2,
      stderr: `clerk 1001 was removed on ${central.now().toISOString()}; a clerk id is never given again\n`,
    });
    expect(cliWithStdin(central, '480273\n', 'set-clerk-pin', '--clerk-id', '1001')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^clerk 1001 was removed/) });
  });

  it('rotates a PIN and changes a role, each a change every kiosk hears of', async () => {
    addClerkCli(central, { clerkId: '1001', pin: '480271' });
    const [old] = await clerksOf(central, base, bishkek1);
    central.nowMs += 60_000;

    expect(cliWithStdin(central, '915372\n', 'set-clerk-pin', '--clerk-id', '1001')).toMatchObject({ code: 0 });
    const [rotated] = await clerksOf(central, base, bishkek1);
    expect(rotated?.salt).not.toBe(old?.salt);
    expect(rotated?.verifier).toBe(expectedVerifier('915372', rotated!, bishkek1.id));
    expect(rotated?.verifier).not.toBe(expectedVerifier('480271', rotated!, bishkek1.id));
    expect(rotated?.updatedAt).toBe(central.now().toISOString());

    expect(cliWithStdin(central, undefined, 'set-clerk-role', '--clerk-id', '1001', '--role', 'admin')).toMatchObject({ code: 0, stderr: 'clerk 1001 is admin now; kiosks learn it at their next sync\n' });
    expect((await clerksOf(central, base, osh))[0]?.role).toBe('admin');
    expect(cliWithStdin(central, undefined, 'set-clerk-role', '--clerk-id', '1001', '--role', 'admin')).toMatchObject({ code: 2, stderr: 'clerk 1001 is admin already\n' });
    expect(cliWithStdin(central, undefined, 'set-clerk-role', '--clerk-id', '1001', '--role', 'boss')).toMatchObject({ code: 2 });
    expect(cliWithStdin(central, undefined, 'set-clerk-role', '--clerk-id', '9999', '--role', 'clerk')).toMatchObject({ code: 2, stderr: 'no clerk 9999\n' });
    expect(await clerkChanges(bishkek2)).toHaveLength(3);
  });

  it('refuses a bad PIN, id or name with a plain sentence, and stores nothing', () => {
    const feedBefore = count(central, 'change_feed');
    const refusals: Array<[string | undefined, string]> = [
      ['12345\n', 'the PIN must be 6 to 12 digits; nothing changed\n'],
      ['1234567890123\n', 'the PIN must be 6 to 12 digits; nothing changed\n'],
      ['48O271\n', 'the PIN must be 6 to 12 digits; nothing changed\n'],
      [' 480271\n', 'the PIN must be 6 to 12 digits; nothing changed\n'],
      ['777777\n', 'the PIN is one digit repeated: choose one that is hard to guess; nothing changed\n'],
      ['123456\n', 'the PIN is a straight run of digits (like 123456 or 654321): choose one that is hard to guess; nothing changed\n'],
      ['9876543210\n', 'the PIN is a straight run of digits (like 123456 or 654321): choose one that is hard to guess; nothing changed\n'],
      ['\n', 'no PIN on stdin: write it there on one line (never as an argument: shell history keeps those)\n'],
      ['', 'no PIN on stdin: write it there on one line (never as an argument: shell history keeps those)\n'],
      [undefined, 'the PIN is read from stdin, and there is none here\n'],
    ];
    for (const [stdin, message] of refusals) {
      expect(cliWithStdin(central, stdin, 'add-clerk', '--clerk-id', '1001', '--name', 'Айгүл', '--role', 'clerk'), JSON.stringify(stdin)).toMatchObject({ code: 2, stdout: '', stderr: message });
    }
    expect(addClerkCli(central, { clerkId: '12', pin: '480271' })).toMatchObject({ code: 2, stderr: '--clerk-id must be the badge number: 4 to 10 digits\n' });
    expect(addClerkCli(central, { clerkId: '1001', name: 'Айгүл\nАсанова', pin: '480271' })).toMatchObject({ code: 2, stderr: '--name must be 1-200 characters on one line\n' });
    expect(addClerkCli(central, { clerkId: '1001', role: 'boss', pin: '480271' })).toMatchObject({ code: 2, stderr: expect.stringMatching(/^add-clerk needs --role clerk\|admin\n/) });
    // A PIN is never an argument: there is no option to give it with.
    expect(cliWithStdin(central, undefined, 'add-clerk', '--clerk-id', '1001', '--name', 'A', '--role', 'clerk', '--pin', '480271')).toMatchObject({ code: 2 });
    expect(count(central, 'clerks')).toBe(0);
    expect(count(central, 'change_feed')).toBe(feedBefore);

    // A PIN on the first line is taken; a PIN that starts low and ends high is no run.
    expect(addClerkCli(central, { clerkId: '1001', pin: '135792\r' })).toMatchObject({ code: 0 });
    expect(addClerkCli(central, { clerkId: '1001', pin: '135792' })).toMatchObject({ code: 2, stderr: 'clerk 1001 exists already: set-clerk-pin and set-clerk-role change it\n' });
  });

  it('says what each clerk command is for', () => {
    for (const line of [
      'add-clerk --data DIR --clerk-id N --name "NAME" --role clerk|admin [--office "NAME"]',
      'set-clerk-pin --data DIR --clerk-id N',
      'remove-clerk --data DIR --clerk-id N --reason "TEXT"',
      'verify-audit --data DIR --kiosk KIOSK_ID',
      'identity-confirmations --data DIR [--application ID]',
    ]) {
      expect(ADMIN_USAGE).toContain(line);
    }
    expect(cliWithStdin(central, undefined, 'clerks', '--office', 'Ош')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^--office is only for enroll-code, add-clerk\n/) });
  });

  it('refuses an unsigned request or one from a revoked kiosk', async () => {
    const unsigned = await fetch(`${base}${CLERK_PATHS.clerks}`);
    expect(unsigned.status).toBe(401);
    expect(cliWithStdin(central, undefined, 'revoke', osh.id).code).toBe(0);
    const revoked = await signedFetch(central, base, osh, 'GET', CLERK_PATHS.clerks);
    expect(revoked).toMatchObject({ status: 403, json: { error: 'auth.revoked' } });
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

  it('reads the PIN from stdin', async () => {
    const run = (input: string, ...argv: string[]) => spawnSync(process.execPath, [bundle.file, ...argv, '--data', central.dir], { encoding: 'utf8', input });
    const added = run('604817\n', 'add-clerk', '--clerk-id', '4004', '--name', 'Бакыт Осмонов', '--role', 'clerk', '--office', OSH);
    expect(added).toMatchObject({ status: 0, stdout: '' });
    const [clerk] = await clerksOf(central, base, osh);
    expect(clerk?.verifier).toBe(expectedVerifier('604817', clerk!, osh.id));
    expect(run('111111\n', 'set-clerk-pin', '--clerk-id', '4004')).toMatchObject({
      status: 2,
      stderr: 'the PIN is one digit repeated: choose one that is hard to guess; nothing changed\n',
    });
  });
});

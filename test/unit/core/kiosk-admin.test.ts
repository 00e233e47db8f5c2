import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Central } from '../../../src-central/app';
import { runAdminCli } from '../../../src-central/admin/commands';
import { createEnrollmentCode } from '../../../src-central/enrollment/codes';
import { listReceivedApplications } from '../../../src-central/applications/received';
import type { Core } from '../../../src-main/core/index';
import type { KioskSettings } from '../../../src-shared/clerks/views';
import { tempDir } from '../../support/catalog-fixture';
import { AccountsHarness, failureOf } from './accounts-fixtures';
import { admin, clerk, provision, type TestClerk } from './clerks-fixtures';
import { DAY, MovableClock, submitValid } from './fixtures';

let harness: AccountsHarness;
beforeEach(() => {
  harness = new AccountsHarness();
});
afterEach(async () => {
  await harness.close();
});

/** A central service with a clerk and an admin provisioned, and a kiosk enrolled with it (its first sync fetched the list). */
async function office(options: Parameters<AccountsHarness['kiosk']>[1] = {}) {
  const running = await harness.central();
  provision(running.central, clerk);
  provision(running.central, admin);
  const kiosk = await harness.kiosk(running, options);
  return { ...running, ...kiosk };
}

const signIn = (core: Core, who: TestClerk = admin) => core.clerkLogin({ clerkId: who.clerkId, pin: who.pin });

function codeFrom(central: Central): string {
  return createEnrollmentCode(central.db, { officeName: 'Нарын №3', now: new Date(), randomBytes }).code;
}

function auditRows(harnessDb: ReturnType<AccountsHarness['kiosks']['kioskDb']>, action: string) {
  return harnessDb.prepare('SELECT actor_kind AS kind, actor_id AS actor, target, details FROM audit_log WHERE action = ? ORDER BY seq').all(action) as Array<{
    kind: string;
    actor: string | null;
    target: string | null;
    details: string;
  }>;
}

describe('kiosk settings', () => {
  it('are read by any clerk and changed only by an admin', async () => {
    const { core } = await office();
    expect(await failureOf(core.getKioskSettings({}))).toEqual({ code: 'clerk.required' });
    await signIn(core, clerk);
    const { settings } = await core.getKioskSettings({});
    expect(settings).toMatchObject({ defaultLanguage: 'ky', idleSeconds: 90, idleWarningSeconds: 30, draftRetentionDays: 30, applicationRetentionDays: 7 });
    expect(await failureOf(core.updateKioskSettings({ ...settings, idleSeconds: 120 }))).toEqual({ code: 'clerk.adminRequired' });
    expect((await core.getKioskStatus({})).idleSeconds).toBe(90);
  });

  it('refuse a change as a whole, naming every field that is wrong, and keep what was there', async () => {
    const { core } = await office();
    await signIn(core);
    const { settings } = await core.getKioskSettings({});
    const wrong: KioskSettings = {
      ...settings,
      defaultLanguage: 'ru',
      idleSeconds: 5,
      idleWarningSeconds: 300,
      applicationRetentionDays: 400,
      scannerDir: 'scans',
      centralUrl: 'ftp://central.example.kg',
      terminalName: '   ',
    };
    expect(await failureOf(core.updateKioskSettings(wrong))).toEqual({
      code: 'settings.invalid',
      fields: [
        { field: 'idleSeconds', code: 'settings.range', params: { min: 30, max: 600 } },
        { field: 'idleWarningSeconds', code: 'settings.range', params: { min: 20, max: 120 } },
        { field: 'applicationRetentionDays', code: 'settings.range', params: { min: 0, max: 365 } },
        { field: 'terminalName', code: 'settings.required' },
        { field: 'scannerDir', code: 'settings.folder' },
        { field: 'centralUrl', code: 'settings.url' },
      ],
    });
    expect((await core.getKioskSettings({})).settings).toEqual(settings);
    expect((await core.getKioskStatus({})).defaultLanguage).toBe('ky');
  });

  it('apply language, idle times, retention and the terminal name at once; printer, scanner and central URL after a restart', async () => {
    const printed: Array<string | null> = [];
    const kiosk = await office({
      printPdf: async (_pdf, _job, printerName) => {
        printed.push(printerName);
        return 'printed';
      },
    });
    const { core, dataDir } = kiosk;
    await signIn(core);
    const before = (await core.getKioskSettings({})).settings;
    const draft = await core.createDraft({ serviceId: 'id-card', variantId: 'normal' });
    const scans = tempDir('scans-');
    const view = await core.updateKioskSettings({
      ...before,
      defaultLanguage: 'ru',
      idleSeconds: 120,
      idleWarningSeconds: 45,
      draftRetentionDays: 3,
      printerName: ' Office_Laser ',
      scannerDir: scans,
      terminalName: 'Окно 4',
    });
    expect(view.pendingRestart).toEqual(['printerName', 'scannerDir']);
    expect(view.settings).toMatchObject({ printerName: 'Office_Laser', scannerDir: scans, terminalName: 'Окно 4' });

    expect(await core.getKioskStatus({})).toMatchObject({ defaultLanguage: 'ru', idleSeconds: 120, idleWarningSeconds: 45, terminalName: 'Окно 4' });
    const reloaded = await core.loadDraft({ id: draft.id });
    expect(Date.parse(reloaded.expiresAt) - Date.parse(reloaded.updatedAt)).toBe(3 * DAY);
    // The next person starts in the kiosk's language as it is now.
    await core.setLanguage({ language: 'ky' });
    expect((await core.endSession({})).language).toBe('ru');
    // The printer is the one the kiosk started with until it starts again.
    await core.printSampleForm({ serviceId: 'id-card', language: 'ru' });
    expect(printed).toEqual([null]);

    // Each change is in the audit log by name; of a folder, whether it is set, never the path.
    const db = harness.kiosks.kioskDb(dataDir);
    const changed = auditRows(db, 'settings.changed');
    expect(changed.map((row) => row.target)).toEqual([
      'defaultLanguage',
      'idleSeconds',
      'idleWarningSeconds',
      'printerName',
      'scannerDir',
      'draftRetentionDays',
      'terminalName',
    ]);
    expect(changed.every((row) => row.kind === 'clerk' && row.actor === admin.clerkId)).toBe(true);
    expect(changed.find((row) => row.target === 'idleSeconds')?.details).toBe('{"value":120}');
    expect(changed.find((row) => row.target === 'scannerDir')?.details).toBe('{"set":true}');
    expect(JSON.stringify(changed)).not.toContain(scans);
    db.close();

    // Started again with other launch options: what the admin set wins, and the printer is the new one.
    await core.close();
    const again = harness.kiosks.kiosk({
      dataDir,
      centralUrl: kiosk.url,
      idleSeconds: 60,
      terminalName: 'launch-name',
      printPdf: async (_pdf, _job, printerName) => {
        printed.push(printerName);
        return 'printed';
      },
    }).core;
    expect(await again.getKioskStatus({})).toMatchObject({ defaultLanguage: 'ru', idleSeconds: 120, terminalName: 'Окно 4' });
    expect(again.settingsInForce()).toMatchObject({ printerName: 'Office_Laser', scannerDir: scans });
    await again.printSampleForm({ serviceId: 'id-card', language: 'ru' });
    expect(printed).toEqual([null, 'Office_Laser']);
    await signIn(again);
    expect((await again.getKioskSettings({})).pendingRestart).toEqual([]);
  });

  it('purge drafts on a retention an admin shortened, the purge kept in the audit log with its counts', async () => {
    const clock = new MovableClock();
    const { core, dataDir } = await office({ clock: clock.read });
    await signIn(core);
    const { settings } = await core.getKioskSettings({});
    const draft = await core.createDraft({ serviceId: 'id-card', variantId: 'normal' });
    await core.suspendDraft({ id: draft.id });
    await core.updateKioskSettings({ ...settings, draftRetentionDays: 2 });
    clock.advance(3 * DAY);
    expect(core.purgeNow()).toMatchObject({ draftsDeleted: 1 });
    const db = harness.kiosks.kioskDb(dataDir);
    const purged = auditRows(db, 'retention.purged');
    expect(purged.map((row) => ({ ...row, details: JSON.parse(row.details) as unknown }))).toEqual([
      { kind: 'system', actor: null, target: null, details: { draftsDeleted: 1, applicationsPurged: 0, printoutsDeleted: 0 } },
    ]);
    db.close();
  });
});

describe('enrollment from clerk mode', () => {
  it('needs no clerk on a kiosk never enrolled, and says when the code is refused or the service is out of reach', async () => {
    const running = await harness.central();
    const { core } = harness.kiosks.kiosk({ centralUrl: running.url });
    expect(await failureOf(core.enrollKiosk({ code: 'WRNG-CODE-00', terminalName: 'Окно 1' }))).toEqual({ code: 'enroll.codeRefused' });
    const enrolled = await core.enrollKiosk({ code: codeFrom(running.central), terminalName: 'Окно 1' });
    expect(enrolled).toMatchObject({ enrolled: true, revoked: false, officeName: 'Нарын №3', terminalName: 'Окно 1', kioskId: expect.any(String) });
    expect((await core.getKioskStatus({})).terminalName).toBe('Окно 1');

    const unreachable = harness.kiosks.kiosk({ centralUrl: 'http://127.0.0.1:9' }).core;
    expect(await failureOf(unreachable.enrollKiosk({ code: codeFrom(running.central), terminalName: 'Окно 2' }))).toEqual({ code: 'enroll.offline' });
  });

  it('needs an admin on an enrolled kiosk', async () => {
    const { core, central } = await office();
    const code = codeFrom(central);
    expect(await failureOf(core.enrollKiosk({ code, terminalName: 'Окно 1' }))).toEqual({ code: 'enroll.notAllowed' });
    await signIn(core, clerk);
    expect(await failureOf(core.getEnrollment({}))).toEqual({ code: 'resolved' });
    expect(await failureOf(core.enrollKiosk({ code, terminalName: 'Окно 1' }))).toEqual({ code: 'clerk.adminRequired' });
    await core.clerkLogout({});
    await signIn(core);
    const before = await core.getEnrollment({});
    const after = await core.enrollKiosk({ code, terminalName: 'Окно 1' });
    expect(after.kioskId).not.toBe(before.kioskId);
  });

  it('after a revocation, enrolls again without a clerk, keeps the outbox and delivers it under the new identity', async () => {
    const { core, central, dataDir } = await office();
    const { kioskId: oldId } = identityOf(harness, dataDir);
    await submitValid(core);
    await core.syncNow({});
    const revoked = runAdminCli(['revoke', '--data', dirname(central.db.name), oldId], {
      stdout: () => {},
      stderr: () => {},
      clock: () => new Date(),
      randomBytes,
    });
    expect(revoked).toBe(0);

    const waiting = await submitValid(core);
    expect(await core.syncNow({})).toMatchObject({ revoked: true, waiting: 1 });
    expect(await core.getClerkState({})).toMatchObject({ status: 'signedOut', entry: 'login' });

    const enrolled = await core.enrollKiosk({ code: codeFrom(central), terminalName: 'Окно 7' });
    expect(enrolled).toMatchObject({ enrolled: true, revoked: false, terminalName: 'Окно 7' });
    expect(enrolled.kioskId).not.toBe(oldId);
    expect(await core.getSyncState({})).toMatchObject({ revoked: false, online: true, waiting: 0, lastError: null });
    expect((await core.getReceipt({ applicationId: waiting })).delivery).toBe('accepted');
    expect(listReceivedApplications(central.db).find((application) => application.id === waiting)).toBeDefined();

    // The clerks' verifiers were made for the old id: the list came again, and the admin signs in.
    expect(await signIn(core)).toMatchObject({ status: 'signedIn' });
    // The whole chain went again under the new id, the revocation and the enrollment in it.
    const held = central.db.prepare('SELECT action FROM audit_entries WHERE kiosk_id = ? ORDER BY seq').all(enrolled.kioskId) as Array<{ action: string }>;
    expect(held[0]?.action).toBe('kiosk.enrolled');
    expect(held.map((entry) => entry.action)).toEqual(expect.arrayContaining(['sync.revoked', 'kiosk.enrolled']));
    expect(held.filter((entry) => entry.action === 'kiosk.enrolled')).toHaveLength(2);
  });
});

describe('leaving kiosk mode', () => {
  it('is an admin\'s, kept in the audit log, and handed to the shell', async () => {
    let exits = 0;
    const { core, dataDir } = await office({ onMaintenanceExit: () => (exits += 1) });
    expect(await failureOf(core.exitKioskMode({}))).toEqual({ code: 'clerk.required' });
    await signIn(core, clerk);
    expect(await failureOf(core.exitKioskMode({}))).toEqual({ code: 'clerk.adminRequired' });
    expect(exits).toBe(0);
    await core.clerkLogout({});
    await signIn(core);
    expect(await core.exitKioskMode({})).toEqual({ exiting: true });
    expect(exits).toBe(1);
    const db = harness.kiosks.kioskDb(dataDir);
    expect(auditRows(db, 'kiosk.maintenanceExit')).toEqual([{ kind: 'clerk', actor: admin.clerkId, target: null, details: '{}' }]);
    db.close();
  });
});

function identityOf(h: AccountsHarness, dataDir: string): { kioskId: string } {
  const db = h.kiosks.kioskDb(dataDir);
  const row = db.prepare('SELECT kiosk_id AS kioskId FROM kiosk_identity').get() as { kioskId: string };
  db.close();
  return row;
}

import { spawnSync } from 'node:child_process';
import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../src-central/audit/chain';
import { CLERK_PATHS, MAX_AUDIT_BATCH } from '../../../src-shared/clerks/wire';
import { tempDir } from '../../support/catalog-fixture';
import { bundleForNode } from '../central/bundle';
import { AccountsHarness } from './accounts-fixtures';
import { admin, clerk, provision } from './clerks-fixtures';
import { recordingFetch } from './fixtures';

let harness: AccountsHarness;
beforeEach(() => {
  harness = new AccountsHarness();
});
afterEach(async () => {
  await harness.close();
});

/** `npm run audit:verify -- --data DIR` as an inspector runs it: the command, built, in a process of its own. */
let verifier: { dir: string; file: string };
beforeAll(async () => {
  verifier = await bundleForNode(join(import.meta.dirname, '../../../src-main/core/audit/verify-cli.ts'), 'audit-verify-');
});
afterAll(() => {
  rmSync(verifier.dir, { recursive: true, force: true });
});
const auditVerify = (...argv: string[]) => spawnSync(process.execPath, [verifier.file, ...argv], { encoding: 'utf8' });

async function office() {
  const running = await harness.central();
  provision(running.central, clerk);
  provision(running.central, admin);
  const recording = recordingFetch();
  const kiosk = await harness.kiosk(running, { fetch: recording.fetch });
  return { ...running, ...kiosk, requests: recording.requests };
}

function kioskIdOf(dataDir: string): string {
  const db = harness.kiosks.kioskDb(dataDir);
  const { kioskId } = db.prepare('SELECT kiosk_id AS kioskId FROM kiosk_identity').get() as { kioskId: string };
  db.close();
  return kioskId;
}

/** What someone editing the file would do: drop the guard, change an entry's details, leave its hash. */
function tamper(dataDir: string, seq: number): void {
  const db = harness.kiosks.kioskDb(dataDir, { writable: true });
  db.exec('DROP TRIGGER audit_log_no_update');
  db.prepare(`UPDATE audit_log SET details = '{"clerks":0}' WHERE seq = ?`).run(seq);
  db.close();
}

const heldAtCentral = (central: { db: { prepare(sql: string): { get(...args: unknown[]): unknown } } }, kioskId: string) =>
  (central.db.prepare('SELECT COUNT(*) AS n FROM audit_entries WHERE kiosk_id = ?').get(kioskId) as { n: number }).n;

describe('the audit log at the central service', () => {
  it('is sent after the applications, in batches, and the central service holds the same chain', async () => {
    const { core, central, dataDir, requests } = await office();
    await core.clerkLogin({ clerkId: admin.clerkId, pin: admin.pin });
    // More entries than one batch holds: each change of a setting is one.
    const { settings } = await core.getKioskSettings({});
    for (let i = 0; i < MAX_AUDIT_BATCH; i += 1) await core.updateKioskSettings({ ...settings, idleSeconds: 100 + (i % 2) });
    const sentBefore = requests.length;
    await core.syncNow({});
    const check = await core.verifyAuditLog({});
    expect(check.firstBrokenSeq).toBeNull();
    expect(check.entries).toBeGreaterThan(MAX_AUDIT_BATCH);
    // Read a slice at a time, sent a full batch at a time: two requests for the five hundred and more waiting, not one per slice.
    expect(requests.slice(sentBefore).filter((request) => request === `POST ${CLERK_PATHS.audit}`)).toHaveLength(2);
    expect(check.syncedThrough).toBe(check.entries);
    const kioskId = kioskIdOf(dataDir);
    expect(heldAtCentral(central, kioskId)).toBe(check.entries);
    expect(verifyAuditChain(central.db, kioskId)).toEqual({ intact: true, entries: check.entries });

    const run = auditVerify('--data', dataDir);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`intact: ${check.entries} entries, central holds through ${check.entries}\n`);
    // The browser launcher's --data folder, which holds the kiosk's under kiosk/, is taken too.
    const launcherData = tempDir('launcher-data-');
    symlinkSync(dataDir, join(launcherData, 'kiosk'));
    expect(auditVerify('--data', launcherData).stdout).toBe(run.stdout);
  });

  it('tells a tampered kiosk database: the command names the first broken link, and the service refuses the chain from there', async () => {
    const { core, central, dataDir, requests, logs } = await office();
    await core.syncNow({});
    const kioskId = kioskIdOf(dataDir);
    const held = heldAtCentral(central, kioskId);
    expect(held).toBeGreaterThan(0);
    // Entries the service has not seen yet: a clerk's call and a sign-in.
    await core.callClerk({ screen: 'form' });
    await core.clerkLogin({ clerkId: clerk.clerkId, pin: clerk.pin });
    await core.clerkLogout({});
    tamper(dataDir, held + 1);

    const run = auditVerify('--data', dataDir);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(`broken at seq ${held + 1}\n`);

    const sent = () => requests.filter((request) => request === 'POST /v1/audit').length;
    const before = sent();
    const state = await core.syncNow({});
    expect(state).toMatchObject({ online: true, lastError: null });
    expect(sent()).toBe(before + 1);
    expect(logs).toContainEqual({ event: 'audit.chainBroken', fields: { brokenSeq: held + 1, expectedSeq: held + 1 } });
    // The service kept what it had; the kiosk does not offer the refused chain again and again.
    expect(heldAtCentral(central, kioskId)).toBe(held);
    await core.syncNow({});
    expect(sent()).toBe(before + 1);
    await core.clerkLogin({ clerkId: admin.clerkId, pin: admin.pin });
    expect(await core.verifyAuditLog({})).toMatchObject({ firstBrokenSeq: held + 1, syncedThrough: held });
  });

  it('answers a usage line for a folder with no kiosk database', () => {
    const run = auditVerify('--data', join(verifier.dir, 'nothing-here'));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no kiosk database');
    expect(auditVerify().status).toBe(2);
  });
});

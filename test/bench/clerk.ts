import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createCore } from '../../src-main/core/index';
import { percentile, print } from './support';
import { Workspace, centralCli, enrollmentCode, startCentral } from './sync';

/**
 * Clerk mode on a busy kiosk: the PIN checked offline (scrypt on libuv's
 * pool) and a search by ПИН through thousands of applications waiting in the
 * outbox, each filled and submitted through the core as a citizen would.
 */
const root = resolve(import.meta.dirname, '..', '..');
const catalogPath = join(root, 'assets', 'catalog', 'catalog.json');
const APPLICATIONS = 5000;
const CLERK = { clerkId: '100200', pin: '480315' };

/** A valid ПИН per applicant: a woman born 25.05.1990, serial `i`. */
const pinOf = (i: number) => `2250519900${String(i % 10_000).padStart(4, '0')}`;

async function clerkFindByPin(): Promise<void> {
  const ws = new Workspace();
  try {
    const centralDir = ws.dir('kiosk-bench-clerk-central-');
    const central = await startCentral(ws, { dataDir: centralDir, catalogPath });
    const added = spawnSync(
      process.execPath,
      [centralCli, 'add-clerk', '--data', centralDir, '--clerk-id', CLERK.clerkId, '--name', 'Bench', '--role', 'clerk'],
      { encoding: 'utf8', input: `${CLERK.pin}\n` },
    );
    if (added.status !== 0) throw new Error(`add-clerk failed: ${added.stderr}`);
    const core = createCore({ dataDir: ws.dir('kiosk-bench-clerk-kiosk-'), catalogSnapshotPath: catalogPath, centralUrl: central.url });
    try {
      // Enrolling pulls the clerk list; then the link goes and the applications stay in the outbox, answers and all.
      await core.enroll(enrollmentCode(centralDir));
      await central.stop();
      for (let i = 0; i < APPLICATIONS; i += 1) {
        const draft = await core.createDraft({ serviceId: 'id-card', variantId: 'standard' });
        const answers = { surname: 'Асанова', givenName: 'Айгүл', pin: pinOf(i), birthDate: '1990-05-25', phone: '+996555123456', reason: 'first' };
        await core.saveDraft({ id: draft.id, answers, pageId: 'reason' });
        await core.submitApplication({ draftId: draft.id, consent: true });
      }
      const logins: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const start = performance.now();
        await core.clerkLogin(CLERK);
        logins.push(performance.now() - start);
      }
      const finds: number[] = [];
      for (let i = 0; i < 60; i += 1) {
        const start = performance.now();
        const found = await core.clerkFind({ query: pinOf((i * 797) % APPLICATIONS) });
        finds.push(performance.now() - start);
        if (found.items.length !== 1) throw new Error(`a search by ПИН found ${found.items.length} applications, not 1`);
      }
      print('clerk_login_ms', percentile(logins, 50), 'ms (offline PIN check, scrypt 2^15, median of 5)');
      print('clerk_find_pin_p99_ms', percentile(finds.slice(10), 99), `ms (${APPLICATIONS} applications on the kiosk, main thread)`);
    } finally {
      await core.close();
    }
  } finally {
    await ws.close();
  }
}

export const clerkBenches: Record<string, () => Promise<void>> = {
  clerk_login_ms: clerkFindByPin,
};

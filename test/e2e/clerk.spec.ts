import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { fillApplicant, next, startIdCardApplication, submitIdCardApplication } from './flows';
import { addClerk, makeEnrollmentCode, portOf, root, startCentral, startKiosk, tempDir, type Running } from './processes';
import { LANDSCAPE, PORTRAIT, shoot } from './screens';

/**
 * Clerk mode as clerks live it, in Kyrgyz, against a real central service
 * that provisioned them: the discreet way in, a login checked offline, a
 * wrong PIN that locks, the help calls, finding a citizen's draft or
 * application by resume code, lookup code or ПИН, helping fill a draft,
 * confirming identity, an application the service refused offered again,
 * "sync now", settings, the maintenance exit's question, enrolling a new
 * kiosk, and logout or the idle timeout leaving nothing behind.
 */

const OFFICE = 'Бишкек, №1 бөлүм';
const admin = { clerkId: '100200', name: 'Айгүл Асанова', role: 'admin' as const, pin: '480315', office: OFFICE };
const clerk = { clerkId: '100300', name: 'Бакыт Токтогулов', role: 'clerk' as const, pin: '593140' };

/** The citizens' ПИНs: one leaves a draft with a code, one submits (the other application is refused by the service). */
const draftPin = '12505199012345';
const submittedPin = '21203198554321';

let centralDir: string;
let kioskDir: string;
let central: Running;
let kiosk: Running;
let context: BrowserContext;
let page: Page;
let resumeCode = '';
let lookupCode = '';
/** The application the test makes the service refuse, and its envelope as the kiosk made it. */
let refusedId = '';
let refusedEnvelope = '';

test.describe.configure({ mode: 'serial' });

/** A method of the kiosk's contract, called as the renderer calls it (a citizen's help button, a check of state). */
async function kioskCall(method: string, input: object = {}): Promise<{ ok: boolean; value?: unknown; error?: unknown }> {
  return page.evaluate(
    async ([name, body]) => {
      const response = await fetch(`/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return response.json();
    },
    [method, input] as const,
  );
}

function kioskDatabase<T>(use: (db: Database.Database) => T): T {
  const db = new Database(join(kioskDir, 'kiosk', 'kiosk.sqlite'), { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  try {
    return use(db);
  } finally {
    db.close();
  }
}

/**
 * A clerk screen as people see it: axe-core finds no serious or critical
 * violation in either orientation (the viewport's zoom lock is the kiosk's
 * choice, see accessibility.spec.ts), then the screenshot is taken.
 */
async function look(name: string, target: Page = page): Promise<void> {
  for (const viewport of [LANDSCAPE, PORTRAIT]) {
    await target.setViewportSize(viewport);
    const results = await new AxeBuilder({ page: target }).disableRules(['meta-viewport']).analyze();
    const blocking = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(blocking.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
  }
  await shoot(target, name);
}

/** A finger resting on the top-left corner until the clerk login opens. */
async function longPressCorner(expected: 'clerk-login' | 'clerk-enroll' = 'clerk-login'): Promise<void> {
  await page.mouse.move(20, 20);
  await page.mouse.down();
  await expect(page.getByTestId(expected)).toBeVisible();
  await page.mouse.up();
}

/** "Done" on the receipt wipes the session and reloads: wait for the page after the reload. */
async function done(): Promise<void> {
  await page.getByTestId('done').click();
  await expect(page.getByTestId('receipt-delivery')).toHaveCount(0);
  await expect(page.getByTestId('home-catalog')).toBeVisible();
}

async function clerkLogin(who: { clerkId: string; pin: string }): Promise<void> {
  await page.getByTestId('clerk-login-id').fill(who.clerkId);
  await page.getByTestId('clerk-login-pin').fill(who.pin);
  await page.getByTestId('clerk-login-submit').click();
}

async function find(query: string): Promise<void> {
  await page.getByTestId('clerk-tab-find').click();
  await page.getByTestId('clerk-find-query').fill(query);
  await page.getByTestId('clerk-find-submit').click();
  await expect(page.getByTestId('clerk-find-results')).toBeVisible();
}

test.beforeAll(async ({ browser }) => {
  centralDir = tempDir('e2e-clerk-central-');
  kioskDir = tempDir('e2e-clerk-kiosk-');
  central = await startCentral(centralDir);
  kiosk = await startKiosk({ dataDir: kioskDir, centralUrl: central.url, enrollCode: makeEnrollmentCode(centralDir) });
  context = await browser.newContext({ viewport: PORTRAIT, locale: 'ky-KG' });
  page = await context.newPage();
  await page.goto(kiosk.url);
  await expect(page.getByTestId('home-catalog')).toBeVisible();
  // The operator provisions the office's clerks; the kiosk learns them through the change feed.
  addClerk(centralDir, admin);
  addClerk(centralDir, clerk);
  await expect.poll(async () => (await kioskCall('getClerkState')).value).toMatchObject({ status: 'signedOut', entry: 'login', clerksKnown: 2 });
});

test.afterAll(async () => {
  await context?.close();
  await kiosk?.stop();
  await central?.stop();
});

test('citizens leave a draft and submit applications while the service is out of reach', async () => {
  await test.step('a draft left with a resume code', async () => {
    await startIdCardApplication(page);
    await fillApplicant(page, draftPin);
    await next(page);
    await page.getByTestId('field-phone').fill('0555 123 456');
    // Stuck on the form, the citizen calls a clerk from the help: a number to show, a flag on the clerk's view.
    await page.getByTestId('help').click();
    await page.getByTestId('call-clerk').click();
    await expect(page.getByTestId('clerk-call-number')).toContainText('1');
    await page.getByTestId('help-close').click();
    await page.getByTestId('continue-later').click();
    resumeCode = (await page.getByTestId('resume-code').innerText()).trim();
    await page.getByTestId('resume-done').click();
    await expect(page.getByTestId('home-catalog')).toBeVisible();
  });

  await central.stop();

  await test.step('two applications submitted offline wait in the outbox', async () => {
    await submitIdCardApplication(page, submittedPin);
    lookupCode = (await page.getByTestId('receipt-lookup-code').innerText()).trim();
    await done();
    await submitIdCardApplication(page, submittedPin);
    await done();
    await expect(page.getByTestId('sync-state')).toHaveAttribute('data-online', 'false');
    await expect(page.getByTestId('sync-state')).toHaveAttribute('data-waiting', '2');
  });
});

test('a clerk signs in offline; a wrong PIN said five times locks the id', async () => {
  await test.step('the long press on the corner opens the clerk login, in Kyrgyz, with the clerk band', async () => {
    await longPressCorner();
    await expect(page.getByTestId('clerk-band')).toContainText('Кызматкер режими');
    await expect(page.getByTestId('exit')).toHaveCount(0);
  });

  await test.step('cancel goes back to the citizen screen', async () => {
    await page.getByTestId('clerk-cancel').click();
    await expect(page.getByTestId('home-catalog')).toBeVisible();
    await page.keyboard.press('Control+Alt+KeyK');
    await expect(page.getByTestId('clerk-login')).toBeVisible();
  });

  await test.step('a wrong PIN is refused, and the fifth locks the clerk id for 15 minutes', async () => {
    for (let attempt = 1; attempt <= 4; attempt++) {
      await clerkLogin({ clerkId: clerk.clerkId, pin: '111111' });
      await expect(page.getByTestId('error-summary')).toContainText('номери же PIN-код туура эмес');
      await expect(page.getByTestId('clerk-login-pin')).toHaveValue('');
    }
    await clerkLogin({ clerkId: clerk.clerkId, pin: '111111' });
    await expect(page.getByTestId('error-summary')).toContainText('15 мүнөткө бөгөттөлдү');
    // Locked: even the right PIN is refused until the time is out.
    await clerkLogin(clerk);
    await expect(page.getByTestId('error-summary')).toContainText('бөгөттөлдү');
  });

  await test.step('the admin signs in with the service still unreachable', async () => {
    // Opened afresh, the login shows no message of the attempts before.
    await page.getByTestId('clerk-cancel').click();
    await longPressCorner();
    await expect(page.getByTestId('error-summary')).toHaveCount(0);
    await page.getByTestId('clerk-login-id').fill(admin.clerkId);
    await page.getByTestId('clerk-login-pin').fill(admin.pin);
    await look('50-clerk-login');
    await page.getByTestId('clerk-login-submit').click();
    await expect(page.getByTestId('clerk-name')).toContainText('Айгүл Асанова');
    await expect(page.getByTestId('clerk-name')).toContainText('администратор');
    await expect(page.getByTestId('clerk-logout')).toBeVisible();
  });

  await test.step('the waiting call shows with its number, a badge on the tab, until answered', async () => {
    await expect(page.getByTestId('clerk-calls-badge')).toContainText('1');
    const call = page.getByTestId('clerk-call');
    await expect(call).toHaveCount(1);
    await expect(call).toContainText('арыз толтуруу');
    await look('51-clerk-calls');
    await page.getByTestId('clerk-call-answer').click();
    await expect(page.getByTestId('clerk-calls-none')).toBeVisible();
    await expect(page.getByTestId('clerk-calls-badge')).toHaveCount(0);
  });
});

test('a clerk finds applications and drafts by lookup code, resume code and ПИН, and confirms identity', async () => {
  await test.step('by lookup code: the application, waiting, identity not confirmed yet', async () => {
    await find(lookupCode);
    await expect(page.getByTestId('clerk-find-results')).toHaveAttribute('data-matched-by', 'lookupCode');
    const application = page.getByTestId('clerk-found-application');
    await expect(application).toHaveCount(1);
    await expect(application.getByTestId('clerk-found-lookup')).toHaveText(lookupCode);
    await expect(application.getByTestId('clerk-found-delivery')).toHaveText('Жөнөтүлүүнү күтүүдө');
    await expect(application.getByTestId('clerk-found-identity')).toHaveText('Ырастала элек');
    await look('52-clerk-find');
  });

  await test.step('identity confirmed with an ID card: masked number, recorded at the kiosk', async () => {
    await page.getByTestId('clerk-confirm-identity').click();
    await page.getByTestId('clerk-identity-submit').click();
    await expect(page.getByText('Документтин түрүн тандаңыз')).toBeVisible();
    await page.getByTestId('clerk-identity-type-idCard').check();
    await page.getByTestId('clerk-identity-number').fill('id 1234567');
    await page.getByTestId('clerk-identity-submit').click();
    const result = page.getByTestId('clerk-identity-result');
    await expect(result).toHaveAttribute('data-recorded', 'kiosk');
    await expect(page.getByTestId('clerk-identity-masked')).not.toContainText('1234567');
    await expect(result).toContainText('ID-карта');
    await look('53-clerk-identity');
    await find(lookupCode);
    await expect(page.getByTestId('clerk-found-identity')).toContainText('Ырасталды: ID-карта');
  });

  await test.step('by resume code: the draft', async () => {
    await find(resumeCode.toLowerCase());
    await expect(page.getByTestId('clerk-find-results')).toHaveAttribute('data-matched-by', 'resumeCode');
    await expect(page.getByTestId('clerk-found-draft')).toHaveCount(1);
  });

  await test.step('by ПИН: both applications of that citizen, none of the other', async () => {
    await find(submittedPin);
    await expect(page.getByTestId('clerk-find-results')).toHaveAttribute('data-matched-by', 'pin');
    await expect(page.getByTestId('clerk-found-application')).toHaveCount(2);
    await expect(page.getByTestId('clerk-found-draft')).toHaveCount(0);
  });

  await test.step('a query that is no code and no ПИН is explained', async () => {
    await page.getByTestId('clerk-find-query').fill('ABC');
    await page.getByTestId('clerk-find-submit').click();
    await expect(page.getByTestId('clerk-problem')).toHaveAttribute('data-code', 'clerk.queryInvalid');
  });

  await test.step('by the draft ПИН, the clerk opens the draft and helps fill it under the assist banner', async () => {
    await find(draftPin);
    await expect(page.getByTestId('clerk-found-draft')).toHaveCount(1);
    await page.getByTestId('clerk-open-draft').click();
    await expect(page.getByTestId('clerk-assist')).toContainText('Кызматкер жардам берүүдө: Айгүл Асанова');
    await expect(page.getByTestId('field-phone')).toHaveValue('0555 123 456');
    await look('56-clerk-assist');
    await page.getByTestId('clerk-assist-back').click();
    await expect(page.getByTestId('clerk-find')).toBeVisible();
  });
});

test('an application the service refused is offered again after the clerk looked at it, and "sync now" sends it', async () => {
  await test.step('the second application is spoiled in the outbox, so the service refuses it', async () => {
    kioskDatabase((db) => {
      const row = db
        .prepare<[], { id: string; envelope_json: string }>(
          `SELECT a.id, c.envelope_json FROM applications a JOIN application_content c ON c.application_id = a.id
           ORDER BY a.submitted_at DESC, a.local_number DESC LIMIT 1`,
        )
        .get()!;
      refusedId = row.id;
      refusedEnvelope = row.envelope_json;
      const envelope = JSON.parse(row.envelope_json) as { answers: Record<string, unknown> };
      // A ПИН with a 13th month: the service's check of the answers finds it.
      envelope.answers.pin = '21213198554321';
      db.prepare('UPDATE application_content SET envelope_json = ? WHERE application_id = ?').run(JSON.stringify(envelope), refusedId);
    });
    central = await startCentral(centralDir, portOf(central.url));
    await page.getByTestId('clerk-tab-outbox').click();
    await expect(page.getByTestId('clerk-sync')).toHaveAttribute('data-connection', 'online');
  });

  await test.step('the outbox shows it refused, with the field the service found', async () => {
    await page.getByTestId('clerk-sync-now').click();
    const refused = page.locator(`[data-testid="clerk-outbox-item"][data-delivery="rejected"]`);
    await expect(refused).toHaveCount(1);
    await expect(refused.getByTestId('clerk-outbox-state')).toHaveText('Четке кагылды');
    await expect(refused.getByTestId('clerk-outbox-error')).toContainText('каталарды тапты');
    await expect(refused.getByTestId('clerk-outbox-fields')).toContainText('ПИНдеги туулган күн туура эмес');
    await expect(page.getByTestId('clerk-sync-link')).toContainText('Байланыш бар');
    await look('54-clerk-outbox');
  });

  await test.step('put right, retried and sent with "sync now": nothing left in the outbox', async () => {
    kioskDatabase((db) => db.prepare('UPDATE application_content SET envelope_json = ? WHERE application_id = ?').run(refusedEnvelope, refusedId));
    await page.getByTestId('clerk-outbox-retry').click();
    await expect(page.locator(`[data-testid="clerk-outbox-item"][data-delivery="waiting"]`)).toHaveCount(1);
    await page.getByTestId('clerk-sync-now').click();
    await expect(page.getByTestId('clerk-outbox-empty')).toBeVisible();
    await expect(page.getByTestId('clerk-sync-waiting')).toHaveText('Бардык арыздар жөнөтүлдү.');
    await expect(page.getByTestId('clerk-sync-last-success')).toContainText('акыркы ийгиликтүү байланыш');
  });
});

test('the audit chain of every clerk action holds', async () => {
  await page.getByTestId('clerk-tab-audit').click();
  await expect(page.getByTestId('clerk-audit-result')).toHaveAttribute('data-intact', 'true');
  await expect(page.getByTestId('clerk-audit-entries')).not.toHaveText('0');
});

test('an audit entry changed in the database is found: on the clerk view and by the verification command', async () => {
  const verify = () =>
    spawnSync(process.execPath, [join(root, 'dist', 'core', 'audit-verify.js'), '--data', kioskDir], { encoding: 'utf8' });
  const clerkLogin = kioskDatabase((db) => db.prepare<[], { seq: number; action: string }>("SELECT seq, action FROM audit_log WHERE action = 'clerk.login' LIMIT 1").get());
  expect(clerkLogin).toBeDefined();
  const seq = clerkLogin?.seq ?? 0;
  // Someone with the disk goes around the kiosk: the append-only triggers dropped, a login made to look like a logout.
  const tamper = (action: string) =>
    kioskDatabase((db) =>
      db.transaction(() => {
        db.exec('DROP TRIGGER audit_log_no_update');
        db.prepare('UPDATE audit_log SET action = ? WHERE seq = ?').run(action, seq);
        db.exec("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END");
      })(),
    );
  tamper('clerk.logout');
  await page.getByTestId('clerk-audit-again').click();
  await expect(page.getByTestId('clerk-audit-result')).toHaveAttribute('data-intact', 'false');
  await expect(page.getByTestId('clerk-audit-result')).toContainText(String(seq));
  const broken = verify();
  expect(broken.status).toBe(1);
  expect(broken.stdout).toContain(`broken at seq ${seq}`);

  // Put back as it was, the chain holds again: the check reads content, not a flag.
  tamper('clerk.login');
  await page.getByTestId('clerk-audit-again').click();
  await expect(page.getByTestId('clerk-audit-result')).toHaveAttribute('data-intact', 'true');
  const intact = verify();
  expect(intact.status).toBe(0);
  expect(intact.stdout).toContain('intact');
});

test('Russian is one tap away on the clerk view too, from the band', async () => {
  await page.getByTestId('clerk-tab-calls').click();
  const band = page.getByTestId('clerk-band');
  await band.getByRole('button', { name: 'Русский' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Вызовы сотрудника');
  await expect(band).toContainText('Режим сотрудника');
  await look('59-clerk-ru');
  await band.getByTestId('lang-ky').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Кызматкерди чакыруулар');
});

test('logout ends the clerk session and leaves nothing of it or of the citizen', async () => {
  await page.getByTestId('clerk-logout').click();
  await expect(page.getByTestId('home-catalog')).toBeVisible();
  await expect(page.getByTestId('clerk-band')).toHaveCount(0);
  await expect(page.getByTestId('clerk-assist')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText('Айгүл Асанова');
  expect((await kioskCall('getClerkState')).value).toMatchObject({ status: 'signedOut' });
  expect(await kioskCall('getClerkCalls')).toMatchObject({ ok: false, error: { code: 'clerk.required' } });
  await expect(page.getByTestId('exit')).toHaveCount(0);
});

test('an admin signs in again and edits the kiosk settings', async () => {
  await longPressCorner();
  await clerkLogin(admin);
  await page.getByTestId('clerk-tab-settings').click();
  await expect(page.getByTestId('clerk-setting-terminalName')).toHaveValue('e2e-kiosk');
  await look('55-clerk-settings');
  await page.getByTestId('clerk-setting-idleSeconds').fill('10');
  await page.getByTestId('clerk-settings-save').click();
  await expect(page.getByTestId('error-summary')).toContainText('30 менен 600 ортосундагы');
  await page.getByTestId('clerk-setting-idleSeconds').fill('120');
  await page.getByTestId('clerk-settings-save').click();
  await expect(page.getByTestId('clerk-settings-saved')).toBeVisible();
});

test('the maintenance exit asks first, the safe answer in focus', async () => {
  await page.getByTestId('clerk-tab-maintenance').click();
  await page.getByTestId('clerk-exit').click();
  await expect(page.getByTestId('clerk-exit-dialog')).toContainText('Киоск режиминен чыгасызбы?');
  await expect(page.getByTestId('clerk-exit-cancel')).toBeFocused();
  await look('58-clerk-exit');
  await page.getByTestId('clerk-exit-cancel').click();
  await expect(page.getByTestId('clerk-exit-dialog')).toHaveCount(0);
  await expect(page.getByTestId('clerk-exit')).toBeFocused();
});

test('on a kiosk never enrolled, the corner opens enrollment; a clerk without the admin role reads settings; idle ends the session', async ({ browser }) => {
  // A short idle time: the clerk's session ends as a citizen's does.
  const freshKiosk = await startKiosk({ dataDir: tempDir('e2e-clerk-fresh-'), centralUrl: central.url, idleSeconds: 15, idleWarningSeconds: 20 });
  const freshContext = await browser.newContext({ viewport: PORTRAIT, locale: 'ky-KG' });
  try {
    const fresh = await freshContext.newPage();
    await fresh.goto(freshKiosk.url);
    await expect(fresh.getByTestId('home-catalog')).toBeVisible();

    await test.step('enrollment with a one-time code, a wrong code explained first', async () => {
      await fresh.keyboard.press('Control+Alt+KeyK');
      await expect(fresh.getByTestId('clerk-enroll')).toBeVisible();
      await fresh.getByTestId('clerk-enroll-code').fill('NOT-A-CODE');
      await fresh.getByTestId('clerk-enroll-terminal').fill('Терминал 2');
      await fresh.getByTestId('clerk-enroll-submit').click();
      await expect(fresh.getByTestId('clerk-problem')).toHaveAttribute('data-code', 'enroll.codeRefused');
      await fresh.getByTestId('clerk-enroll-code').fill(makeEnrollmentCode(centralDir));
      await look('57-clerk-enroll', fresh);
      await fresh.getByTestId('clerk-enroll-submit').click();
      await expect(fresh.getByTestId('clerk-enrolled')).toBeVisible();
      await expect(fresh.getByTestId('clerk-enrollment-state')).toHaveText('Катталган');
      await fresh.getByTestId('clerk-cancel').click();
      await expect(fresh.getByTestId('home-catalog')).toBeVisible();
    });

    await test.step('enrolled, the same way in leads to the login; a clerk reads the settings and has no maintenance exit', async () => {
      // The clerk list comes with the first sync after enrolling.
      await expect
        .poll(async () =>
          fresh.evaluate(async () => (await (await fetch('/api/getClerkState', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as unknown),
        )
        .toMatchObject({ ok: true, value: { entry: 'login', clerksKnown: 2 } });
      await fresh.keyboard.press('Control+Alt+KeyK');
      await fresh.getByTestId('clerk-login-id').fill(clerk.clerkId);
      await fresh.getByTestId('clerk-login-pin').fill(clerk.pin);
      await fresh.getByTestId('clerk-login-submit').click();
      await expect(fresh.getByTestId('clerk-name')).toContainText('кызматкер');
      await expect(fresh.getByTestId('clerk-tab-maintenance')).toHaveCount(0);
      await fresh.getByTestId('clerk-tab-settings').click();
      await expect(fresh.getByTestId('clerk-setting-value-terminalName')).toHaveText('Терминал 2');
      await expect(fresh.getByTestId('clerk-settings-save')).toHaveCount(0);
    });

    await test.step('left alone, the clerk is warned, then signed out and the screen wiped', async () => {
      await expect(fresh.getByTestId('idle-warning')).toBeVisible({ timeout: 30_000 });
      await expect(fresh.getByTestId('home-catalog')).toBeVisible({ timeout: 40_000 });
      await expect(fresh.getByTestId('clerk-band')).toHaveCount(0);
      await expect(fresh.locator('body')).not.toContainText(clerk.name);
    });
  } finally {
    await freshContext.close();
    await freshKiosk.stop();
  }
});

import { expect, test } from '@playwright/test';
import { addClerk, makeEnrollmentCode, startCentral, startKiosk, tempDir, type Running } from './processes';

/**
 * An admin leaves kiosk mode for maintenance: the browser shell answers,
 * then stops (its Chromium with it, when it opened one) and exits cleanly.
 * Driven over the shell's own HTTP bridge, as the renderer calls it.
 */
const admin = { clerkId: '200451', name: 'Осмонова Айгерим', role: 'admin', pin: '462819' } as const;

let central: Running;
let kiosk: Running;

test.afterAll(async () => {
  await kiosk?.stop();
  await central?.stop();
});

/** The kiosk's session cookie, set by its one-time launch URL. */
async function openKiosk(launchUrl: string): Promise<{ call: (method: string, input?: unknown) => Promise<unknown> }> {
  const launched = await fetch(launchUrl, { redirect: 'manual' });
  const cookie = (launched.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const origin = new URL(launchUrl).origin;
  return {
    async call(method, input = {}) {
      const response = await fetch(`${origin}/api/${method}`, {
        method: 'POST',
        headers: { cookie, origin, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      return response.json();
    },
  };
}

test('leaving kiosk mode stops the browser shell with exit code 0 after it answered', async () => {
  const centralDir = tempDir('e2e-central-');
  central = await startCentral(centralDir);
  addClerk(centralDir, admin);
  kiosk = await startKiosk({ dataDir: tempDir('e2e-kiosk-'), centralUrl: central.url, enrollCode: makeEnrollmentCode(centralDir) });
  const exited = new Promise<number | null>((resolve) => kiosk.process.once('exit', (code) => resolve(code)));

  const { call } = await openKiosk(kiosk.url);
  expect(await call('exitKioskMode')).toEqual({ ok: false, error: { code: 'clerk.required' } });
  expect(await call('clerkLogin', { clerkId: admin.clerkId, pin: admin.pin })).toMatchObject({ ok: true, value: { status: 'signedIn' } });
  expect(await call('exitKioskMode')).toEqual({ ok: true, value: { exiting: true } });
  expect(await exited).toBe(0);
});

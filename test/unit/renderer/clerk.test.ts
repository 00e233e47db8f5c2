import { describe, expect, it } from 'vitest';
import type { KioskSettings } from '../../../src-shared/clerks/views';
import { entryScreen, signedInClerk } from '../../../src-renderer/clerk/clerk-state';
import { createLongPress, isClerkShortcut, LONG_PRESS_MS } from '../../../src-renderer/clerk/entry-gesture';
import { formToSettings, settingsToForm } from '../../../src-renderer/clerk/settings-form';

/** A hand-driven clock: timers run only when the test moves time on. */
function clock() {
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; run: () => void }>();
  return {
    timers: {
      set(run: () => void, ms: number) {
        const id = nextId++;
        timers.set(id, { at: now + ms, run });
        return id;
      },
      clear(id: unknown) {
        timers.delete(id as number);
      },
    },
    advance(ms: number) {
      now += ms;
      for (const [id, timer] of [...timers]) {
        if (timer.at <= now) {
          timers.delete(id);
          timer.run();
        }
      }
    },
  };
}

describe('the discreet entry', () => {
  it('opens after three seconds of holding, not before', () => {
    const time = clock();
    let opened = 0;
    const press = createLongPress(time.timers, () => opened++);
    press.start();
    time.advance(LONG_PRESS_MS - 1);
    expect(opened).toBe(0);
    time.advance(1);
    expect(opened).toBe(1);
    expect(LONG_PRESS_MS).toBe(3000);
  });

  it('does nothing when let go early, and starts counting afresh on the next press', () => {
    const time = clock();
    let opened = 0;
    const press = createLongPress(time.timers, () => opened++);
    press.start();
    time.advance(2000);
    press.cancel();
    time.advance(5000);
    expect(opened).toBe(0);
    press.start();
    time.advance(2000);
    press.start();
    time.advance(2999);
    expect(opened).toBe(0);
    time.advance(1);
    expect(opened).toBe(1);
  });

  it('answers Ctrl+Alt+K on any layout and nothing else', () => {
    const keys = { ctrlKey: true, altKey: true, shiftKey: false, metaKey: false };
    expect(isClerkShortcut({ ...keys, key: 'k', code: 'KeyK' })).toBe(true);
    expect(isClerkShortcut({ ...keys, key: 'л', code: 'KeyK' })).toBe(true);
    expect(isClerkShortcut({ ...keys, key: 'k', code: 'KeyK', shiftKey: true })).toBe(false);
    expect(isClerkShortcut({ ...keys, key: 'k', code: 'KeyK', altKey: false })).toBe(false);
    expect(isClerkShortcut({ ...keys, key: 'j', code: 'KeyJ' })).toBe(false);
  });

  it('leads to enrollment on a kiosk never enrolled, to the login otherwise, to the calls when signed in', () => {
    expect(entryScreen({ status: 'signedOut', entry: 'enroll', clerksKnown: 0 })).toEqual({ name: 'enroll' });
    expect(entryScreen({ status: 'signedOut', entry: 'login', clerksKnown: 3 })).toEqual({ name: 'login' });
    const clerk = { clerkId: '1001', name: 'Айбек', role: 'clerk' as const };
    const signedIn = { status: 'signedIn' as const, clerk, since: '2026-11-24T10:00:00.000Z' };
    expect(entryScreen(signedIn)).toEqual({ name: 'calls' });
    expect(signedInClerk(signedIn)).toEqual(clerk);
    expect(signedInClerk(null)).toBeNull();
  });
});

describe('the settings form', () => {
  const settings: KioskSettings = {
    defaultLanguage: 'ky',
    idleSeconds: 90,
    idleWarningSeconds: 30,
    printerName: null,
    scannerDir: '/srv/scans',
    draftRetentionDays: 30,
    applicationRetentionDays: 0,
    centralUrl: 'https://central.example.kg',
    terminalName: 'Терминал 1',
  };

  it('comes back as the same settings when nothing is changed', () => {
    expect(formToSettings(settingsToForm(settings))).toEqual({ settings });
  });

  it('reads an empty optional box as none and trims what is typed, as the core does', () => {
    const form = { ...settingsToForm(settings), scannerDir: '  ', centralUrl: 'https://central.example.kg/', terminalName: '  Терминал 2 ', idleSeconds: ' 120 ' };
    expect(formToSettings(form)).toEqual({
      settings: { ...settings, scannerDir: null, terminalName: 'Терминал 2', idleSeconds: 120 },
    });
  });

  it('names each problem under its field, in the form order, by the rules the core applies', () => {
    const form = {
      ...settingsToForm(settings),
      terminalName: ' ',
      idleSeconds: '10',
      idleWarningSeconds: '2.5',
      draftRetentionDays: 'тридцать',
      centralUrl: 'central',
      scannerDir: 'scans',
    };
    expect(formToSettings(form)).toEqual({
      problems: [
        { field: 'idleSeconds', code: 'settings.range', params: { min: 30, max: 600 } },
        { field: 'idleWarningSeconds', code: 'settings.range', params: { min: 20, max: 120 } },
        { field: 'scannerDir', code: 'settings.folder' },
        { field: 'draftRetentionDays', code: 'settings.range', params: { min: 1, max: 365 } },
        { field: 'centralUrl', code: 'settings.url' },
        { field: 'terminalName', code: 'settings.required' },
      ],
    });
  });
});

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  parseSettingsFile,
  resolveKioskConfig,
  type KioskSettings,
} from '../../../src-main/electron/common/settings';

function recorder() {
  const lines: Array<[string, Record<string, string> | undefined]> = [];
  return { lines, log: (event: string, fields?: Record<string, string>) => void lines.push([event, fields]) };
}

describe('parseSettingsFile', () => {
  it('gives defaults without a file, logging nothing', () => {
    const { lines, log } = recorder();
    expect(parseSettingsFile(null, log)).toEqual(DEFAULT_SETTINGS);
    expect(lines).toEqual([]);
  });

  it('reads every key', () => {
    const { lines, log } = recorder();
    const text = JSON.stringify({
      centralUrl: 'https://central.example.kg/',
      terminalName: ' Bishkek-1 ',
      idleSeconds: 120,
      idleWarningSeconds: 30,
      draftRetentionDays: 14,
      applicationRetentionDays: 0,
    });
    expect(parseSettingsFile(text, log)).toEqual({
      ...DEFAULT_SETTINGS,
      centralUrl: 'https://central.example.kg',
      terminalName: 'Bishkek-1',
      idleSeconds: 120,
      idleWarningSeconds: 30,
      draftRetentionDays: 14,
      applicationRetentionDays: 0,
    });
    expect(lines).toEqual([]);
  });

  it('falls back to defaults on a file that is not JSON, with a code', () => {
    const { lines, log } = recorder();
    expect(parseSettingsFile('{ centralUrl: ', log)).toEqual(DEFAULT_SETTINGS);
    expect(lines).toEqual([['settings.notJson', undefined]]);
  });

  it.each(['[]', '"x"', 'null', '42'])('falls back to defaults on JSON that is not an object: %s', (text) => {
    const { lines, log } = recorder();
    expect(parseSettingsFile(text, log)).toEqual(DEFAULT_SETTINGS);
    expect(lines).toEqual([['settings.notObject', undefined]]);
  });

  it('keeps the good keys and logs the bad and unknown ones by name only', () => {
    const { lines, log } = recorder();
    const text = JSON.stringify({
      centralUrl: 'ftp://central.example.kg',
      terminalName: 'Osh-2',
      idleSeconds: -5,
      idleWarningSeconds: 5,
      colour: 'red',
    });
    expect(parseSettingsFile(text, log)).toEqual({ ...DEFAULT_SETTINGS, terminalName: 'Osh-2' });
    expect(lines).toEqual([
      ['settings.keyInvalid', { key: 'centralUrl' }],
      ['settings.keyInvalid', { key: 'idleSeconds' }],
      ['settings.keyInvalid', { key: 'idleWarningSeconds' }],
      ['settings.keyUnknown', { key: 'colour' }],
    ]);
    expect(JSON.stringify(lines)).not.toContain('ftp://');
  });

  it('refuses a retention that is not a whole number of days in range, keeping the default', () => {
    const { lines, log } = recorder();
    const text = JSON.stringify({ draftRetentionDays: 0, applicationRetentionDays: 2.5 });
    expect(parseSettingsFile(text, log)).toEqual(DEFAULT_SETTINGS);
    expect(lines).toEqual([
      ['settings.keyInvalid', { key: 'draftRetentionDays' }],
      ['settings.keyInvalid', { key: 'applicationRetentionDays' }],
    ]);
  });

  it('accepts an explicit null centralUrl (never sync)', () => {
    expect(parseSettingsFile('{"centralUrl":null}', () => {}).centralUrl).toBeNull();
  });

  it('ignores __proto__ keys', () => {
    const { lines, log } = recorder();
    const settings = parseSettingsFile('{"__proto__":{"centralUrl":"http://evil"}}', log);
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(({} as Record<string, unknown>)['centralUrl']).toBeUndefined();
    expect(lines).toEqual([['settings.keyUnknown', { key: '__proto__' }]]);
  });
});

describe('resolveKioskConfig', () => {
  const fromFile: KioskSettings = { ...DEFAULT_SETTINGS, centralUrl: 'https://file.example.kg', terminalName: 'File' };

  it('uses the file when the environment says nothing', () => {
    expect(resolveKioskConfig(fromFile, {}, () => {})).toEqual({ ...fromFile, enrollCode: undefined });
  });

  it('lets the environment win, key by key', () => {
    const config = resolveKioskConfig(
      fromFile,
      { KIOSK_CENTRAL_URL: 'http://127.0.0.1:8700/', KIOSK_TERMINAL_NAME: 'Env', KIOSK_ENROLL_CODE: ' ABCD-1234 ' },
      () => {},
    );
    expect(config).toMatchObject({ centralUrl: 'http://127.0.0.1:8700', terminalName: 'Env', enrollCode: 'ABCD-1234' });
  });

  it('ignores an invalid or empty variable and logs its name', () => {
    const { lines, log } = recorder();
    const config = resolveKioskConfig(fromFile, { KIOSK_CENTRAL_URL: 'not a url', KIOSK_ENROLL_CODE: '  ' }, log);
    expect(config).toEqual({ ...fromFile, enrollCode: undefined });
    expect(lines).toEqual([['settings.envInvalid', { key: 'KIOSK_CENTRAL_URL' }]]);
  });
});

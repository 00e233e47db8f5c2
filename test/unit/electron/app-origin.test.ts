import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppUrl, isTrustedCallSender } from '../../../src-main/electron/common/app-origin';

describe('isAppUrl', () => {
  it.each([APP_ENTRY_URL, 'app://kiosk/', 'app://kiosk/services/passport?x=1#top', 'app://kiosk/assets/index-abc.js'])(
    'accepts %s',
    (url) => expect(isAppUrl(url)).toBe(true),
  );

  it.each([
    'https://kiosk/index.html',
    'http://127.0.0.1:8700/',
    'file:///etc/passwd',
    'app://evil/index.html',
    'app://kiosk.evil.com/',
    'app://kiosk:8080/',
    'app://user@kiosk/',
    'app://user:pw@kiosk/',
    'app:kiosk/index.html',
    'javascript:alert(1)',
    'about:blank',
    'data:text/html,hi',
    'not a url',
    '',
  ])('refuses %s', (url) => expect(isAppUrl(url)).toBe(false));
});

describe('isTrustedCallSender', () => {
  const trusted = { fromKioskWindow: true, isMainFrame: true, frameUrl: APP_ENTRY_URL };

  it('accepts the kiosk window top frame at the app origin', () => {
    expect(isTrustedCallSender(trusted)).toBe(true);
  });

  it.each([
    ['another window', { ...trusted, fromKioskWindow: false }],
    ['an iframe', { ...trusted, isMainFrame: false }],
    ['a destroyed frame', { ...trusted, frameUrl: null }],
    ['a page off the app', { ...trusted, frameUrl: 'https://example.org/' }],
    ['a blank page', { ...trusted, frameUrl: 'about:blank' }],
  ])('refuses %s', (_name, sender) => expect(isTrustedCallSender(sender)).toBe(false));
});

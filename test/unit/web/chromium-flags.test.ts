import { describe, expect, it } from 'vitest';
import { DISABLED_FEATURES, kioskChromiumFlags } from '../../../src-main/web/chromium-flags';

const base = { url: 'http://127.0.0.1:4100/launch/secret', profileDir: '/var/lib/kiosk/chromium-profile', runningAsRoot: false };

describe('the Chromium command line of the browser shell', () => {
  const flags = kioskChromiumFlags(base);

  it('opens the kiosk full screen as an app, in its own profile', () => {
    expect(flags).toEqual(expect.arrayContaining(['--kiosk', '--start-fullscreen', `--app=${base.url}`, `--user-data-dir=${base.profileDir}`]));
  });

  it('stops pinch zoom, swipes through history, pull to refresh and the print dialog', () => {
    expect(flags).toEqual(
      expect.arrayContaining(['--disable-pinch', '--overscroll-history-navigation=0', '--pull-to-refresh=0', '--kiosk-printing']),
    );
  });

  it('asks nothing of a citizen: no translate bubble, no permission prompt, no crash or update bubble', () => {
    expect(flags).toEqual(
      expect.arrayContaining(['--deny-permission-prompts', '--disable-notifications', '--noerrdialogs', '--disable-session-crashed-bubble', '--no-first-run']),
    );
    expect(DISABLED_FEATURES).toEqual(expect.arrayContaining(['Translate', 'OverscrollHistoryNavigation', 'TouchpadOverscrollHistoryNavigation']));
  });

  it('gives one --disable-features with every feature, since Chromium reads only the last', () => {
    const disabled = flags.filter((flag) => flag.startsWith('--disable-features='));
    expect(disabled).toEqual([`--disable-features=${DISABLED_FEATURES.join(',')}`]);
  });

  it('keeps the sandbox unless it runs as root, and sizes the window only when told', () => {
    expect(flags).not.toContain('--no-sandbox');
    expect(flags.some((flag) => flag.startsWith('--window-size'))).toBe(false);
    const bare = kioskChromiumFlags({ ...base, runningAsRoot: true, windowSize: '1080x1920' });
    expect(bare).toEqual(expect.arrayContaining(['--no-sandbox', '--window-position=0,0', '--window-size=1080,1920']));
    expect(kioskChromiumFlags({ ...base, windowSize: 'big' }).some((flag) => flag.startsWith('--window-size'))).toBe(false);
  });
});

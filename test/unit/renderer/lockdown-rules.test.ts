import { describe, expect, it } from 'vitest';
import { isBlockedKey, isInPageLink, mayHoldSelection } from '../../../src-renderer/a11y/lockdown-rules';
import { displayClasses, TEXT_SCALE } from '../../../src-renderer/a11y/display-classes';

const press = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('kiosk lockdown', () => {
  it('swallows zoom, find, print, save, reload and history keys', () => {
    for (const key of ['+', '=', '-', '0', 'f', 'P', 's', 'o', 'u', 'r', 't', 'n']) expect(isBlockedKey(press(key, { ctrlKey: true }))).toBe(true);
    expect(isBlockedKey(press('+', { metaKey: true }))).toBe(true);
    for (const key of ['F5', 'F11', 'F12', 'BrowserBack', 'ContextMenu']) expect(isBlockedKey(press(key))).toBe(true);
    expect(isBlockedKey(press('ArrowLeft', { altKey: true }))).toBe(true);
  });

  it('leaves typing and editing in a field alone', () => {
    for (const key of ['a', 'ж', 'ArrowLeft', 'Backspace', 'Tab', 'Enter', 'Escape', '0', '+']) expect(isBlockedKey(press(key))).toBe(false);
    for (const key of ['a', 'c', 'v', 'x', 'z']) expect(isBlockedKey(press(key, { ctrlKey: true }))).toBe(false);
  });

  it('lets only text fields hold a selection', () => {
    expect(mayHoldSelection({ tagName: 'TEXTAREA' })).toBe(true);
    expect(mayHoldSelection({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(mayHoldSelection({ tagName: 'input', type: 'password' })).toBe(true);
    expect(mayHoldSelection({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(mayHoldSelection({ tagName: 'P' })).toBe(false);
    expect(mayHoldSelection({ tagName: 'BUTTON' })).toBe(false);
    expect(mayHoldSelection(null)).toBe(false);
  });

  it('follows only links that jump within the page', () => {
    const page = 'http://127.0.0.1:4100/index.html';
    expect(isInPageLink('#field-surname', page)).toBe(true);
    expect(isInPageLink('http://127.0.0.1:4100/index.html#x', page)).toBe(true);
    expect(isInPageLink('https://example.org/', page)).toBe(false);
    expect(isInPageLink('/other', page)).toBe(false);
    expect(isInPageLink('index.html?x=1#a', page)).toBe(false);
    expect(isInPageLink('', page)).toBe(false);
    expect(isInPageLink('javascript:alert(1)', page)).toBe(false);
    expect(isInPageLink('http://[bad', page)).toBe(false);
  });
});

describe('display choices on <html>', () => {
  it('names the text step and high contrast as classes, none when normal', () => {
    expect(displayClasses('normal', false)).toEqual([]);
    expect(displayClasses('large', false)).toEqual(['text-large']);
    expect(displayClasses('largest', true)).toEqual(['text-largest', 'high-contrast']);
    expect([TEXT_SCALE.normal, TEXT_SCALE.large, TEXT_SCALE.largest]).toEqual([1, 1.25, 1.5]);
  });
});

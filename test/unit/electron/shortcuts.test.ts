import { describe, expect, it } from 'vitest';
import { isBlockedShortcut, type KeyInput } from '../../../src-main/electron/common/shortcuts';

function key(code: string, keyName: string, modifiers: Partial<KeyInput> = {}): KeyInput {
  return { type: 'keyDown', code, key: keyName, control: false, alt: false, shift: false, meta: false, ...modifiers };
}
const ctrl = { control: true };
const ctrlShift = { control: true, shift: true };

describe('isBlockedShortcut', () => {
  it.each([
    ['F5 reload', key('F5', 'F5')],
    ['Ctrl+R reload', key('KeyR', 'r', ctrl)],
    ['Ctrl+Shift+R hard reload', key('KeyR', 'R', ctrlShift)],
    ['Cmd+R reload', key('KeyR', 'r', { meta: true })],
    ['F12 devtools', key('F12', 'F12')],
    ['Ctrl+Shift+I devtools', key('KeyI', 'I', ctrlShift)],
    ['Ctrl+Shift+J console', key('KeyJ', 'J', ctrlShift)],
    ['Ctrl+Shift+C inspect', key('KeyC', 'C', ctrlShift)],
    ['Cmd+Alt+I devtools', key('KeyI', 'i', { meta: true, alt: true })],
    ['Ctrl+U view source', key('KeyU', 'u', ctrl)],
    ['Ctrl+= zoom in', key('Equal', '=', ctrl)],
    ['Ctrl++ zoom in (numpad)', key('NumpadAdd', '+', ctrl)],
    ['Ctrl+- zoom out', key('Minus', '-', ctrl)],
    ['Ctrl+0 zoom reset', key('Digit0', '0', ctrl)],
    ['Ctrl+W close', key('KeyW', 'w', ctrl)],
    ['Ctrl+F4 close', key('F4', 'F4', ctrl)],
    ['Ctrl+Q quit', key('KeyQ', 'q', ctrl)],
    ['Alt+F4 close', key('F4', 'F4', { alt: true })],
    ['F11 fullscreen', key('F11', 'F11')],
    ['Ctrl+P print', key('KeyP', 'p', ctrl)],
    ['Ctrl+S save', key('KeyS', 's', ctrl)],
    ['Ctrl+O open', key('KeyO', 'o', ctrl)],
    ['Ctrl+N new window', key('KeyN', 'n', ctrl)],
    ['Ctrl+T new tab', key('KeyT', 't', ctrl)],
    ['Alt+Left back', key('ArrowLeft', 'ArrowLeft', { alt: true })],
    ['Alt+Right forward', key('ArrowRight', 'ArrowRight', { alt: true })],
    ['browser Back key', key('BrowserBack', 'BrowserBack')],
    ['Ctrl+R in the Russian layout (key is к)', key('KeyR', 'к', ctrl)],
    ['Ctrl+W as a raw key down', { ...key('KeyW', 'w', ctrl), type: 'rawKeyDown' }],
  ])('blocks %s', (_name, input) => expect(isBlockedShortcut(input)).toBe(true));

  it.each([
    ['a letter', key('KeyA', 'a')],
    ['a Kyrgyz letter', key('BracketLeft', 'ү')],
    ['Shift+letter', key('KeyA', 'A', { shift: true })],
    ['Backspace', key('Backspace', 'Backspace')],
    ['Enter', key('Enter', 'Enter')],
    ['Tab', key('Tab', 'Tab')],
    ['Escape', key('Escape', 'Escape')],
    ['arrow keys', key('ArrowLeft', 'ArrowLeft')],
    ['Ctrl+C copy', key('KeyC', 'c', ctrl)],
    ['Ctrl+V paste', key('KeyV', 'v', ctrl)],
    ['Ctrl+X cut', key('KeyX', 'x', ctrl)],
    ['Ctrl+A select all', key('KeyA', 'a', ctrl)],
    ['Ctrl+Z undo', key('KeyZ', 'z', ctrl)],
    ['Ctrl+Shift+Z redo', key('KeyZ', 'Z', ctrlShift)],
    ['digits', key('Digit0', '0')],
    ['minus on its own', key('Minus', '-')],
    ['key up of a blocked key', { ...key('F5', 'F5'), type: 'keyUp' }],
  ])('lets %s through', (_name, input) => expect(isBlockedShortcut(input)).toBe(false));
});

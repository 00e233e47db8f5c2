/**
 * Keys a citizen must not be able to use on a production kiosk: reload,
 * developer tools, view source, zoom, print, save/open, close/quit, new
 * window or tab, fullscreen toggle and history navigation. Typing, editing
 * (copy, paste, select all, undo) and Tab/arrow keys stay.
 *
 * Alt+F4 is caught here where the OS lets it reach the page (Windows); the
 * window also refuses to close unless the app is quitting, which covers the
 * window-manager path. Alt+Tab, Ctrl+Alt+Del and the Windows key cannot be
 * blocked from here at all: the OS handles them before any window sees the
 * key (`before-input-event` never fires), so they are locked down in the
 * OS's kiosk session (see docs/operations.md).
 */

/** The fields of Electron's `Input` this decision needs. */
export interface KeyInput {
  type: string;
  key: string;
  code: string;
  control: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
}

const BLOCKED_BARE_KEYS = new Set([
  'F1', 'F3', 'F5', 'F6', 'F7', 'F11', 'F12',
  'BrowserBack', 'BrowserForward', 'BrowserRefresh', 'BrowserHome', 'BrowserSearch', 'BrowserFavorites',
  'BrowserStop', 'ContextMenu', 'Print',
]);

/** Letter keys (by `code`, so the Kyrgyz/Russian layout does not matter) blocked with Ctrl or Cmd. */
const BLOCKED_WITH_COMMAND = new Set([
  'KeyR', // reload (Shift: hard reload)
  'KeyW', // close window
  'KeyQ', // quit
  'KeyN', // new window
  'KeyT', // new tab
  'KeyP', // print dialog
  'KeyS', // save page
  'KeyO', // open file
  'KeyU', // view source
  'KeyF', 'KeyG', // find
  'KeyH', 'KeyJ', 'KeyD', 'KeyL', 'KeyM', // history, downloads, bookmark, address bar, minimise
  'Equal', 'Minus', 'Digit0', 'NumpadAdd', 'NumpadSubtract', 'Numpad0', // zoom
  'F4', 'F5', 'Tab', 'PageUp', 'PageDown',
]);

/** With Ctrl+Shift (or Cmd+Alt): developer tools and friends. */
const BLOCKED_WITH_COMMAND_SHIFT = new Set(['KeyI', 'KeyJ', 'KeyC', 'KeyK', 'KeyM', 'KeyR', 'Delete', 'KeyB', 'KeyO']);

export function isBlockedShortcut(input: KeyInput): boolean {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return false;
  if (BLOCKED_BARE_KEYS.has(input.key) || BLOCKED_BARE_KEYS.has(input.code)) return true;

  const command = input.control || input.meta;
  if (command && (input.shift || input.alt) && BLOCKED_WITH_COMMAND_SHIFT.has(input.code)) return true;
  if (command && BLOCKED_WITH_COMMAND.has(input.code)) return true;
  // Alt+F4 closes the window; Alt+Left/Right and Alt+Home navigate history.
  if (input.alt && ['F4', 'ArrowLeft', 'ArrowRight', 'Home'].includes(input.code)) return true;
  // The zoom keys' `code` differs between layouts and keyboards; `key` catches the rest.
  if (command && ['+', '=', '-', '_', '0'].includes(input.key)) return true;
  return false;
}

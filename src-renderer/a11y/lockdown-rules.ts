/**
 * The pure decisions behind the kiosk lockdown (lockdown.ts wires them to the
 * document): which keys a citizen may not press, where a tap may select
 * text, and which links would leave the app.
 */

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** Ctrl (or ⌘) with these: zoom, find, print, save, open, view source, new window/tab, reload, history. */
const COMMAND_KEYS = new Set(['+', '=', '-', '_', '0', 'f', 'g', 'p', 's', 'o', 'u', 'n', 't', 'r', 'h', 'j', 'd', 'l']);
/** Keys that do something to the browser on their own. */
const BROWSER_KEYS = new Set(['F1', 'F3', 'F5', 'F6', 'F7', 'F11', 'F12', 'BrowserBack', 'BrowserForward', 'BrowserRefresh', 'BrowserHome', 'BrowserSearch', 'ContextMenu']);

/**
 * A key press the kiosk swallows. Editing keys in a field (Ctrl+A, C, V, X, Z)
 * stay: a citizen may copy and paste within a form.
 */
export function isBlockedKey(press: KeyPress): boolean {
  if (BROWSER_KEYS.has(press.key)) return true;
  // Alt+← / Alt+→ walk the browser history; Alt+Home opens the home page.
  if (press.altKey && (press.key === 'ArrowLeft' || press.key === 'ArrowRight' || press.key === 'Home')) return true;
  return (press.ctrlKey || press.metaKey) && COMMAND_KEYS.has(press.key.toLowerCase());
}

/** What a tap or a drag may select: text a citizen typed, nothing else on the screen. */
export interface SelectionTarget {
  tagName: string;
  type?: string;
}

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'tel', 'email', 'password', 'number', 'url', '']);

export function mayHoldSelection(target: SelectionTarget | null): boolean {
  if (!target) return false;
  const tag = target.tagName.toUpperCase();
  if (tag === 'TEXTAREA') return true;
  return tag === 'INPUT' && TEXT_INPUT_TYPES.has((target.type ?? '').toLowerCase());
}

/**
 * A link the app may follow: only a jump within the page (`#field-id`, the
 * error summary's links). Anything else, on this origin or another, would
 * replace the app or leave it.
 */
export function isInPageLink(href: string, pageUrl: string): boolean {
  let target: URL;
  let page: URL;
  try {
    target = new URL(href, pageUrl);
    page = new URL(pageUrl);
  } catch {
    return false;
  }
  return target.origin === page.origin && target.pathname === page.pathname && target.search === page.search && target.hash !== '';
}

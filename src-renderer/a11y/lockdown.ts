import { isBlockedKey, isInPageLink, mayHoldSelection } from './lockdown-rules';

function selectionTargetOf(node: EventTarget | null): { tagName: string; type?: string } | null {
  if (node instanceof HTMLInputElement) return { tagName: node.tagName, type: node.type };
  return node instanceof Element ? { tagName: node.tagName } : null;
}

const KIOSK_ENTRY = { kiosk: true };

function isKioskEntry(state: unknown): boolean {
  return typeof state === 'object' && state !== null && (state as { kiosk?: unknown }).kiosk === true;
}

function stop(event: Event): void {
  event.preventDefault();
}

/**
 * The kiosk cannot be left, zoomed or picked apart by a citizen, in either
 * shell: no context menu, no selecting the screen's text, no dragging out or
 * dropping in (a dropped file or link would open in the window), no zooming
 * past the layout (pinch, Ctrl+wheel, Ctrl+plus), no browser shortcuts, no
 * link leaving the page and no history step back out of the app. The
 * Electron shell adds what only the main process can block; larger text is
 * the kiosk's own setting (the header's buttons), laid out for it.
 */
export function installLockdown(win: Window = window): void {
  const doc = win.document;
  doc.addEventListener('contextmenu', stop);
  doc.addEventListener('dragstart', stop);
  // Both must be cancelled for a drop to be refused: dragover says "no drop here", drop stops the navigation.
  doc.addEventListener('dragover', stop);
  doc.addEventListener('drop', stop);
  doc.addEventListener('selectstart', (event) => {
    if (!mayHoldSelection(selectionTargetOf(event.target))) event.preventDefault();
  });
  // Trackpad pinches arrive as Ctrl+wheel; a passive listener could not cancel them.
  win.addEventListener(
    'wheel',
    (event) => {
      if (event.ctrlKey) event.preventDefault();
    },
    { passive: false },
  );
  // Two fingers moving would pinch-zoom where touch-action is not honoured; Safari names it a gesture.
  doc.addEventListener(
    'touchmove',
    (event) => {
      if (event.touches.length > 1) event.preventDefault();
    },
    { passive: false },
  );
  for (const type of ['gesturestart', 'gesturechange', 'gestureend']) doc.addEventListener(type, stop);
  win.addEventListener(
    'keydown',
    (event) => {
      if (isBlockedKey(event)) event.preventDefault();
    },
    { capture: true },
  );
  doc.addEventListener(
    'click',
    (event) => {
      const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
      if (link && !isInPageLink(link.getAttribute('href') ?? '', win.location.href)) event.preventDefault();
    },
    { capture: true },
  );
  win.open = () => null;
  // The app moves between screens in memory, never in the history: one extra
  // entry here means "back" (a key, a mouse button, a swipe) lands on the
  // entry below it and is pushed forward again instead of reaching the page
  // before the app. A reload keeps the entry's state, so it is added once.
  const holdHere = () => win.history.pushState(KIOSK_ENTRY, '', win.location.href);
  if (!isKioskEntry(win.history.state)) holdHere();
  win.addEventListener('popstate', (event) => {
    if (!isKioskEntry(event.state)) holdHere();
  });
}

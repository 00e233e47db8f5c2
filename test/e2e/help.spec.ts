import { mkdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { fillApplicant, next, openKioskAtHome, startIdCardApplication, type KioskAtHome } from './flows';
import { root } from './processes';
import { LANDSCAPE, PORTRAIT, shoot } from './screens';

/**
 * What a citizen who needs more gets on every screen: larger text and high
 * contrast kept until the session ends, help that explains the current step
 * with the office's contacts, a clerk called with a number that stays in
 * sight; and a kiosk that cannot be zoomed, picked apart or left.
 */

let kioskAtHome: KioskAtHome;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  kioskAtHome = await openKioskAtHome(browser, 'help');
  ({ page } = kioskAtHome);
});

test.afterAll(async () => {
  await kioskAtHome?.close();
});

/**
 * Kept in the repository beside the other screenshots (test-results/screens
 * holds every run's). `settle` runs after each turn of the screen, for what
 * must be laid out again first (the on-screen keyboard measures itself).
 */
async function shootForDocs(name: string, settle?: () => Promise<void>): Promise<void> {
  if (settle) {
    for (const [orientation, viewport] of [['landscape', LANDSCAPE], ['portrait', PORTRAIT]] as const) {
      await page.setViewportSize(viewport);
      await settle();
      await page.evaluate(() => document.fonts.ready);
      const dir = join(root, 'test-results', 'screens', orientation);
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: join(dir, `${name}.png`) });
    }
  } else {
    await shoot(page, name);
  }
  for (const orientation of ['portrait', 'landscape']) {
    const dir = join(root, 'docs', 'screenshots', orientation);
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(root, 'test-results', 'screens', orientation, `${name}.png`), join(dir, `${name}.png`));
  }
}

async function rootFontSize(): Promise<number> {
  return page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
}

/** Nothing reaches past the screen's right edge: the layout reflowed instead. */
async function expectNoSidewaysScroll(): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

test('larger text and high contrast hold from screen to screen and end with the session', async () => {
  const normal = await rootFontSize();
  await page.getByTestId('text-large').click();
  await expect(page.getByTestId('text-large')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('text-normal')).toHaveAttribute('aria-pressed', 'false');
  expect(await rootFontSize()).toBeCloseTo(normal * 1.25, 1);
  await page.getByTestId('text-largest').click();
  expect(await rootFontSize()).toBeCloseTo(normal * 1.5, 1);
  await page.getByTestId('high-contrast').click();
  await expect(page.getByTestId('high-contrast')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveClass(/high-contrast/);
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(0, 0, 0)');
  await expect(page.getByRole('button', { name: 'Эң чоң текст' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('button', { name: /Контраст/ })).toHaveAttribute('aria-pressed', 'true');
  await expectNoSidewaysScroll();
  await shootForDocs('60-large-contrast-home');

  await startIdCardApplication(page);
  await next(page);
  await expect(page.getByTestId('error-summary')).toBeVisible();
  await expect(page.locator('html')).toHaveClass(/text-largest/);
  await expectNoSidewaysScroll();
  await shootForDocs('61-large-contrast-form-errors');
  await fillApplicant(page);
  await next(page);
  await expectNoSidewaysScroll();
  await shootForDocs('63-large-contrast-keyboard', async () => {
    await page.getByTestId('field-phone').blur();
    await expect(page.getByTestId('osk')).toHaveCount(0);
    await page.getByTestId('field-phone').click();
    await expect(page.getByTestId('osk')).toBeVisible();
  });
  await page.getByTestId('lang-ru').click();
  await expect(page.locator('html')).toHaveClass(/high-contrast/);
  await page.getByTestId('lang-ky').click();
  await page.getByTestId('field-phone').fill('0555 123 456');
  await next(page);
  await page.getByTestId('field-reason-lost').check();
  await page.getByTestId('field-lostCircumstances').fill('Базарда жоготуп алдым.');
  await next(page);
  await page.getByTestId('consent').check();
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('receipt-qr')).toBeVisible();
  await expectNoSidewaysScroll();
  await shootForDocs('64-large-contrast-receipt');

  // "Done" ends the session: the next person finds normal text and colours.
  await page.getByTestId('done').click();
  await expect(page.getByTestId('home-catalog')).toBeVisible();
  await expect(page.locator('html')).not.toHaveClass(/high-contrast|text-/);
  await expect(page.getByTestId('text-normal')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('high-contrast')).toHaveAttribute('aria-pressed', 'false');
  expect(await rootFontSize()).toBeCloseTo(normal, 1);
});

test('help says what this step needs, gives the contacts, and calls a clerk whose number stays until the session ends', async () => {
  await page.getByTestId('help').click();
  const dialog = page.getByRole('dialog', { name: 'Жардам' });
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('help-step')).toContainText('Керектүү кызматты бөлүмдөн тандаңыз');
  await expect(dialog.getByTestId('operator-contacts')).toBeVisible();
  await expect(dialog.locator('#help-dialog-title')).toBeFocused();
  // Tab stays in the dialog; Escape closes it and focus returns to the button.
  for (let i = 0; i < 4; i += 1) await page.keyboard.press('Tab');
  expect(await dialog.evaluate((box) => box.contains(document.activeElement))).toBe(true);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('help')).toBeFocused();

  await page.getByTestId('category-passports').click();
  await page.getByTestId('service-id-card').click();
  await page.getByTestId('help').click();
  await expect(page.getByTestId('help-step')).toContainText('Кызматтын түрүн тандап');
  await page.getByTestId('help-close').click();
  await page.getByTestId('text-largest').click();
  await page.getByTestId('high-contrast').click();
  await page.getByTestId('help').click();
  await page.getByTestId('call-clerk').click();
  const number = page.getByTestId('clerk-call-number');
  await expect(number).toContainText('Сиздин номериңиз');
  await expect(number).toContainText('Кызматкер жакында келет');
  const called = (await page.locator('.help-call__number').innerText()).trim();
  expect(called).toMatch(/^\d+$/);
  await shootForDocs('62-large-contrast-help-clerk-called');
  await page.getByTestId('help-close').click();
  await expect(page.getByTestId('clerk-call-chip')).toContainText(`№ ${called}`);

  // Russian, on another screen: the step's own words, the same number.
  await page.getByTestId('lang-ru').click();
  await page.getByTestId('back').click();
  await expect(page.getByTestId('clerk-call-chip')).toContainText(`Сотрудник вызван · № ${called}`);
  await page.getByTestId('help').click();
  await expect(page.getByTestId('help-step')).toContainText('Список услуг этого раздела');
  await expect(page.getByTestId('clerk-call-number')).toContainText(called);
  await page.getByTestId('help-close').click();

  // Walked away: the idle timeout ends the session, and the next person finds the kiosk plain.
  await page.clock.fastForward('02:00');
  await expect(page.getByTestId('idle-warning')).toBeVisible();
  await page.clock.fastForward('01:00');
  await expect(page.getByTestId('home-catalog')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ky');
  await expect(page.getByTestId('clerk-call-chip')).toHaveCount(0);
  await expect(page.locator('html')).not.toHaveClass(/high-contrast|text-/);
  await expect(page.getByTestId('high-contrast')).toHaveAttribute('aria-pressed', 'false');
});

/**
 * Controls on screen smaller than 48 × 48 px. A radio button or a checkbox
 * counts by its card (the whole label is the target), so the card is measured.
 */
async function smallTargets(): Promise<string[]> {
  return page.evaluate(() => {
    const controls = document.querySelectorAll<HTMLElement>(
      'button, a[href], select, textarea, input:not([type="radio"]):not([type="checkbox"]):not([type="hidden"]), label:has(> input[type="radio"], > input[type="checkbox"]), label:has(input[type="radio"], input[type="checkbox"])',
    );
    return [...controls]
      .filter((control) => control.getClientRects().length > 0 && !control.closest('[inert], .visually-hidden'))
      .filter((control) => {
        const box = control.getBoundingClientRect();
        return box.width < 48 || box.height < 48;
      })
      .map((control) => {
        const box = control.getBoundingClientRect();
        return `${control.tagName.toLowerCase()}${control.dataset.testid ? `[${control.dataset.testid}]` : ''} ${Math.round(box.width)}×${Math.round(box.height)}`;
      });
  });
}

test('every control is at least 48 px each way, at normal and the largest text', async () => {
  const screens: Array<[string, () => Promise<void>]> = [
    ['home', async () => {}],
    ['service', async () => {
      await page.getByTestId('category-passports').click();
      await page.getByTestId('service-id-card').click();
    }],
    ['form with errors', async () => {
      await page.getByTestId('variant-standard').check();
      await page.getByTestId('start-application').click();
      await next(page);
      await expect(page.getByTestId('error-summary')).toBeVisible();
    }],
    ['help dialog', async () => {
      await page.getByTestId('help').click();
    }],
  ];
  for (const [name, reach] of screens) {
    await reach();
    for (const size of ['normal', 'largest'] as const) {
      if (name !== 'help dialog') await page.getByTestId(`text-${size}`).click();
      expect(await smallTargets(), `${name}, ${size} text`).toEqual([]);
    }
  }
  await page.getByTestId('help-close').click();
  await page.getByTestId('exit').click();
  await page.getByTestId('leave-delete').click();
  await expect(page.getByTestId('home-catalog')).toBeVisible();
});

/**
 * Tabs through the screen from its top: every control on it is reached
 * (radio buttons by their group, as arrow keys move within it), and each
 * shows a focus frame (an outline of 3 px or more, or a card's frame).
 */
async function tabThroughScreen(): Promise<{ unreached: string[]; unframed: string[] }> {
  // The walk starts at the screen's first control, wherever the last tap left the focus;
  // one key there and back makes it keyboard focus, which is what shows a frame.
  await page.locator('header button').first().focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  const reached = new Set<string>();
  const unframed: string[] = [];
  for (let i = 0; i < 80; i += 1) {
    if (i > 0) await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      // How a control reads in a failure message (the same words as below).
      const describe = (node: HTMLElement) => `${node.tagName.toLowerCase()}[${node.dataset.testid || node.id || node.textContent?.trim().slice(0, 30)}]`;
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const framed = (node: Element) => {
        const style = getComputedStyle(node);
        return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 3) || style.boxShadow !== 'none';
      };
      const card = el.closest('.radio-card, .checkbox-card');
      return { name: describe(el), framed: framed(el) || (card !== null && framed(card)) };
    });
    if (!focused || reached.has(focused.name)) break;
    reached.add(focused.name);
    if (!focused.framed) unframed.push(focused.name);
  }
  const controls = await page.evaluate(() => {
    const describe = (node: HTMLElement) => `${node.tagName.toLowerCase()}[${node.dataset.testid || node.id || node.textContent?.trim().slice(0, 30)}]`;
    const all = document.querySelectorAll<HTMLElement>('button:not([disabled]), a[href], input:not([type="radio"]):not([type="hidden"]), select, textarea');
    return [...all].filter((el) => el.getClientRects().length > 0 && !el.closest('[inert]')).map(describe);
  });
  return { unreached: controls.filter((name) => !reached.has(name)), unframed };
}

test('every control is reached with the Tab key and shows where the focus is, in both displays', async () => {
  for (const highContrast of [false, true]) {
    if (highContrast) await page.getByTestId('high-contrast').click();
    expect(await tabThroughScreen(), `home, high contrast ${highContrast}`).toEqual({ unreached: [], unframed: [] });
  }
  await page.getByTestId('category-passports').click();
  await page.getByTestId('service-id-card').click();
  for (const highContrast of [true, false]) {
    if (!highContrast) await page.getByTestId('high-contrast').click();
    expect(await tabThroughScreen(), `service, high contrast ${highContrast}`).toEqual({ unreached: [], unframed: [] });
  }
  await page.getByTestId('exit').click();
  await expect(page.getByTestId('home-catalog')).toBeVisible();
});

test('the kiosk cannot be zoomed, picked apart or left', async () => {
  await expect(page.locator('meta[name="viewport"]')).toHaveAttribute('content', /user-scalable=no/);
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).touchAction)).toBe('pan-x pan-y');
  const refused = await page.evaluate(() => {
    const cancelled = (target: EventTarget, event: Event) => !target.dispatchEvent(event);
    const heading = document.querySelector('h1')!;
    return {
      contextMenu: cancelled(heading, new MouseEvent('contextmenu', { bubbles: true, cancelable: true })),
      ctrlWheel: cancelled(heading, new WheelEvent('wheel', { bubbles: true, cancelable: true, ctrlKey: true, deltaY: -100 })),
      ctrlPlus: cancelled(document.body, new KeyboardEvent('keydown', { bubbles: true, cancelable: true, key: '+', ctrlKey: true })),
      dragOver: cancelled(heading, new DragEvent('dragover', { bubbles: true, cancelable: true })),
      drop: cancelled(heading, new DragEvent('drop', { bubbles: true, cancelable: true })),
      selectHeading: cancelled(heading, new Event('selectstart', { bubbles: true, cancelable: true })),
      typing: cancelled(document.body, new KeyboardEvent('keydown', { bubbles: true, cancelable: true, key: 'a' })),
    };
  });
  expect(refused).toEqual({ contextMenu: true, ctrlWheel: true, ctrlPlus: true, dragOver: true, drop: true, selectHeading: true, typing: false });

  // A tap and drag over the page's text selects nothing; a field's text can still be selected.
  const heading = page.locator('h1');
  await heading.dblclick();
  expect(await page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('');
  await page.getByTestId('search-input').fill('паспорт');
  await page.getByTestId('search-input').selectText();
  expect(await page.getByTestId('search-input').evaluate((input: HTMLInputElement) => input.selectionEnd! - input.selectionStart!)).toBe(7);
  await page.getByTestId('search-input').fill('');

  // A link to elsewhere, should one ever be shown, goes nowhere; "back" stays in the app.
  const start = page.url();
  await page.evaluate(() => {
    const link = document.createElement('a');
    link.href = 'https://example.org/';
    link.textContent = 'elsewhere';
    link.id = 'foreign-link';
    document.querySelector('main')!.append(link);
  });
  await page.locator('#foreign-link').click();
  await page.evaluate(() => document.getElementById('foreign-link')?.remove());
  expect(page.url()).toBe(start);
  await page.getByTestId('category-passports').click();
  await page.goBack();
  await page.goBack();
  expect(page.url()).toBe(start);
  await expect(page.getByTestId('service-id-card')).toBeVisible();
});

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { root } from './processes';

export const PORTRAIT = { width: 1080, height: 1920 };
export const LANDSCAPE = { width: 1920, height: 1080 };
const screensDir = join(root, 'test-results', 'screens');

/**
 * Saves what a person sees, at both kiosk resolutions, as test artifacts in
 * test-results/screens/{portrait,landscape}/. The page returns to portrait.
 */
export async function shoot(page: Page, name: string): Promise<void> {
  for (const [orientation, viewport] of [
    ['landscape', LANDSCAPE],
    ['portrait', PORTRAIT],
  ] as const) {
    mkdirSync(join(screensDir, orientation), { recursive: true });
    await page.setViewportSize(viewport);
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: join(screensDir, orientation, `${name}.png`) });
  }
}

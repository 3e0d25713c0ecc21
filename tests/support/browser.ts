/**
 * The console in headless Chromium (Debian's package, driven by playwright-core) for the console tests:
 * launching it, signing a staff member in, and where screenshots go.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContextOptions, type Page, chromium } from 'playwright-core';
import { ROOT } from './env';
import type { AgencyStaff, Api } from './stack';

/** Screenshots of the main screens (1366×768, an office screen). */
export const SHOTS = join(ROOT, 'test-artifacts', 'screenshots');

/** Headless Chromium (OGI_CHROMIUM, default /usr/bin/chromium); SHOTS is made ready. */
export function launchChromium(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.OGI_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Where the API serves the console. */
export const consoleOrigin = (api: Api) => api.baseUrl.replace(/\/api$/, '');

/** A new page (its own context: 1366×768, zh-CN) on the console, signed in as `role` of `staff`. */
export async function signIn(
  browser: Browser,
  api: Api,
  staff: AgencyStaff,
  role: keyof AgencyStaff['usernames'],
  options: BrowserContextOptions = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    ...options,
  });
  const page = await context.newPage();
  await page.goto(`${consoleOrigin(api)}/`);
  await page.fill('input[name=username]', staff.usernames[role]);
  await page.fill('input[name=password]', staff.password);
  await page.click('button:has-text("登录")');
  await page.waitForSelector('header nav');
  return page;
}

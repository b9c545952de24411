// Real Chromium (Debian's /usr/bin/chromium) driven by playwright-core against the real server on loopback.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { type TestApp, createTestApp } from './test-app';

export const SCREENSHOT_DIR = path.resolve('test-results/screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}

export interface BrowserEnv {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startBrowserEnv(opts: { demo?: boolean } = { demo: true }): Promise<BrowserEnv> {
  const t = await createTestApp(opts);
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchBrowser();
  return {
    t,
    baseUrl: address,
    browser,
    async close() {
      await browser.close();
      await t.close();
    },
  };
}

export async function loginInBrowser(page: Page, baseUrl: string, username: string, password = 'demo-ChiSo-2026') {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel(/Tên đăng nhập/).fill(username);
  await page.getByLabel(/Mật khẩu/).fill(password);
  await page.getByRole('button', { name: /Đăng nhập/ }).click();
  await page.waitForSelector('.app-layout');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

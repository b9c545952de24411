import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserEnv, loginInBrowser, screenshot, startBrowserEnv } from '../helpers/browser';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv({ demo: true });
});
afterAll(() => env?.close());

describe('foundation in Chromium', () => {
  it('logs in, opens the units tree and a merged unit history, in Vietnamese, with no error banner', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await loginInBrowser(page, env.baseUrl, 'cchc');
    await page.getByRole('link', { name: 'Đơn vị' }).click();
    await page.waitForSelector('text=Danh mục đơn vị');
    await page.waitForSelector('text=UBND tỉnh Hoàng Liên (dữ liệu mẫu)');
    const tree = await screenshot(page, 'units-tree');
    expect(statSync(tree).size).toBeGreaterThan(20_000);
    await page.getByRole('link', { name: 'Sở Nội vụ', exact: true }).first().click();
    await page.waitForSelector('text=Lịch sử sáp nhập, chia tách');
    await page.waitForSelector('text=Sở Lao động - Thương binh và Xã hội tỉnh Bắc Hà (cũ)');
    const body = await page.locator('body').innerText();
    expect(body).toContain('Hình thành từ');
    expect(body).toContain('Sở Nội vụ tỉnh Nghĩa Lộ (cũ)');
    expect(await page.locator('.ant-alert-error').count()).toBe(0);
    await screenshot(page, 'unit-history');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fits a phone screen: menu behind a button, no horizontal scroll', async () => {
    const page = await env.browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'vi-VN', isMobile: true, hasTouch: true });
    await loginInBrowser(page, env.baseUrl, 'daumoi.x001');
    await page.waitForSelector('text=Xin chào');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Đơn vị' }).click();
    await page.waitForSelector('text=Phường Tân Phong');
    await page.waitForSelector('.ant-drawer-open', { state: 'detached' }).catch(() => {});
    await page.waitForTimeout(400); // the drawer's closing animation
    await screenshot(page, 'phone-units');
    await page.close();
  });

  it('shows a wrong password as a Vietnamese error', async () => {
    const page = await env.browser.newPage({ locale: 'vi-VN' });
    await page.goto(`${env.baseUrl}/`);
    await page.getByLabel(/Tên đăng nhập/).fill('cchc');
    await page.getByLabel(/Mật khẩu/).fill('khong-dung');
    await page.getByRole('button', { name: /Đăng nhập/ }).click();
    await page.waitForSelector('text=Tên đăng nhập hoặc mật khẩu không đúng');
    await page.close();
  });
});

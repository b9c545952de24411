// The public results page in Chromium: no login, the published cycle's table in Vietnamese, on a desktop
// and on a phone, and nothing of a cycle that is not published.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserEnv, screenshot, startBrowserEnv } from '../helpers/browser';

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv({ demo: true });
});
afterAll(() => env?.close());

describe('public results page in Chromium', () => {
  it('shows the published 2024 cycle with ranks, Vietnamese decimals and bands, without signing in', async () => {
    const pub = (await env.t.anonymous.get('/api/public/results')).json() as { id: number; name: string }[];
    const results = (await env.t.anonymous.get(`/api/public/results/${pub[0].id}`)).json() as {
      groups: { unitGroup: string; units: { unitName: string; percent: number; rank: number }[] }[];
    };
    const first = results.groups.find((g) => g.unitGroup === 'department')!.units[0];
    const page = await env.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${env.baseUrl}/cong-khai/ket-qua`);
    await page.waitForSelector('text=Kết quả Chỉ số cải cách hành chính');
    await page.waitForSelector('text=Sở, ban, ngành');
    const body = await page.locator('body').innerText();
    expect(body).toContain(pub[0].name);
    expect(body).toContain(first.unitName);
    // the first department's percent with a decimal comma, as vi-VN writes it
    expect(body).toContain(`${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(first.percent)} %`);
    expect(first.rank).toBe(1);
    await screenshot(page, 'public-results');
    await page.screenshot({ path: 'test-results/screenshots/public-results-top.png' });
    // a search narrows the table to the matching units
    await page.getByLabel('Tìm đơn vị').fill(first.unitName);
    expect(await page.locator('tbody tr').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('tbody tr').first().innerText()).toContain(first.unitName);
    expect(errors).toEqual([]);
  });

  it('fits a phone: the area columns fold away and nothing scrolls sideways', async () => {
    const page = await env.browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'vi-VN', isMobile: true });
    await page.goto(`${env.baseUrl}/cong-khai/ket-qua`);
    await page.waitForSelector('text=Sở, ban, ngành');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'public-results-phone');
    await page.screenshot({ path: 'test-results/screenshots/public-results-phone-top.png' });
  });
});

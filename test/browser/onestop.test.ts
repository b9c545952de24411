// The one-stop screens in Chromium against the real server and the demo province: the dashboard's KPIs
// in Vietnamese number format and its chart, a unit's late dossiers with their apology status, the
// catalogue's savings sentence, and a dossier import refused with a row-numbered error, then accepted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import path from 'node:path';
import { type BrowserEnv, SCREENSHOT_DIR, loginInBrowser, screenshot, startBrowserEnv } from '../helpers/browser';

let env: BrowserEnv;
let page: Page;
const pageErrors: string[] = [];

// Enough demo dossiers that a year's count needs a thousands separator (the seeder's documented knob).
const DEMO_DOSSIERS = '6000';

beforeAll(async () => {
  const before = process.env.CHISO_DEMO_DOSSIERS;
  process.env.CHISO_DEMO_DOSSIERS = DEMO_DOSSIERS;
  try {
    env = await startBrowserEnv({ demo: true });
  } finally {
    if (before === undefined) delete process.env.CHISO_DEMO_DOSSIERS;
    else process.env.CHISO_DEMO_DOSSIERS = before;
  }
  page = await env.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'vi-VN' });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await loginInBrowser(page, env.baseUrl, 'cchc');
});
afterAll(async () => {
  await page?.close();
  await env?.close();
});

const vi = (n: number) => new Intl.NumberFormat('vi-VN').format(n);
const viPct = (num: number, den: number) =>
  `${new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Math.round((num / den) * 10000) / 100)} %`;

async function kpi(title: string): Promise<string> {
  const card = page.locator('.kpi-card', { has: page.locator('.kpi-title', { hasText: title }) });
  return (await card.locator('.kpi-value').innerText()).trim();
}

async function shot(name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

/** What the eye sees (a drawer covers the viewport, not the whole page). */
async function viewShot(name: string) {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

async function noErrorBanner() {
  expect(await page.locator('.ant-alert-error').count()).toBe(0);
}

describe('one-stop screens in Chromium', () => {
  it('shows the dashboard: Vietnamese KPIs against the target, a trend chart, units ranked by late rate', async () => {
    await page.getByRole('link', { name: 'Dữ liệu một cửa' }).click();
    await page.waitForSelector('.kpi-card');
    await page.locator('.onestop-trend canvas').first().waitFor();
    await page.waitForTimeout(600); // chart animation
    await shot('onestop-dashboard-month');
    await page.getByText('Năm', { exact: true }).click();
    await page.locator('.period-select').click();
    await page.locator('.ant-select-item-option', { hasText: 'Năm 2025' }).click();
    await page.waitForSelector('text=Xếp hạng đơn vị theo tỷ lệ trễ hạn — Năm 2025');

    // The figures the screen must show, from the API's numerators and denominators for 2025.
    const rows = (await (await page.request.get(`${env.baseUrl}/api/onestop/indicators?by=period&granularity=year`)).json()) as {
      period: string;
      counts: Record<string, number>;
    }[];
    const y2025 = rows.find((r) => r.period === '2025')!.counts;
    expect(y2025.received).toBeGreaterThan(1000); // ~6,000 dossiers over 23 months → about 3,100 in 2025
    const received = await kpi('Hồ sơ tiếp nhận');
    expect(received).toMatch(/^\d{1,3}(\.\d{3})+$/); // "3.123": dot as thousands separator
    expect(received).toBe(vi(y2025.received));
    // on-time rate = on_time ÷ resolved × 100, two decimals with a decimal comma: "95,52 %"
    expect(await kpi('Tỷ lệ đúng hạn')).toBe(viPct(y2025.on_time, y2025.resolved));
    expect(await kpi('Tỷ lệ trễ hạn')).toBe(viPct(y2025.late, y2025.resolved));
    expect(await kpi('Tỷ lệ nộp trực tuyến')).toBe(viPct(y2025.online, y2025.received));
    expect(await kpi('Tỷ lệ số hóa hồ sơ')).toBe(viPct(y2025.digitized, y2025.received));
    expect(await kpi('Mức độ hài lòng')).toBe(viPct(y2025.satisfied, y2025.rated));
    for (const v of [await kpi('Tỷ lệ đúng hạn'), await kpi('Tỷ lệ trễ hạn')]) expect(v).toMatch(/^\d{1,3},\d{2} %$/);
    expect(await page.locator('.kpis').innerText()).toContain('Chỉ tiêu: dưới 2 %');

    // ECharts drew the trend on a canvas of real size.
    const canvas = page.locator('.onestop-trend canvas').first();
    await canvas.waitFor();
    const box = await canvas.boundingBox();
    expect(box!.width).toBeGreaterThan(400);
    expect(box!.height).toBeGreaterThan(200);

    // The ranking: the first unit has the highest late rate, in Vietnamese percent format.
    const firstRate = (
      await page.locator('.onestop-ranking tbody tr.ant-table-row').first().locator('td').nth(6).innerText()
    ).trim();
    expect(firstRate).toMatch(/^\d{1,3},\d{2} %$/);
    await noErrorBanner();
    await page.waitForTimeout(600); // chart animation
    await shot('onestop-dashboard');
  });

  it("opens a unit's late and overdue dossiers with their apology-slip status", async () => {
    const button = page
      .locator('.onestop-ranking tbody tr.ant-table-row')
      .first()
      .getByRole('button', { name: /Hồ sơ trễ/ });
    const expected = Number(/\(([\d.]+)\)/.exec((await button.getAttribute('aria-label')) ?? '')![1].replace(/\./g, ''));
    await button.click();
    const drawer = page.locator('.onestop-drawer');
    await drawer.locator('text=Hồ sơ trễ hạn, quá hạn —').waitFor();
    await drawer.locator('.onestop-dossiers tbody tr.ant-table-row').first().waitFor();
    // The drawer lists exactly the late + overdue dossiers the ranking counted for that unit and year.
    expect(await drawer.getByText(`${vi(expected)} hồ sơ`, { exact: true }).count()).toBe(1);
    const text = await drawer.innerText();
    expect(text).toMatch(/Trễ hạn|Quá hạn/);
    expect(text).toMatch(/Đúng quy định|Gửi muộn|Chưa có/);
    expect(text).toContain('Văn bản xin lỗi');
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4}/); // dates as dd/mm/yyyy
    await noErrorBanner();
    await viewShot('onestop-late-dossiers');
    await drawer.locator('.ant-drawer-close').click();
    await drawer.locator('.onestop-dossiers').waitFor({ state: 'detached' });

    // The next unit's drawer, its dossiers slowed down: while they load it shows none, never the first unit's.
    const second = page.locator('.onestop-ranking tbody tr.ant-table-row').nth(1);
    const secondButton = second.getByRole('button', { name: /Hồ sơ trễ/ });
    const secondExpected = Number(/\(([\d.]+)\)/.exec((await secondButton.getAttribute('aria-label')) ?? '')![1].replace(/\./g, ''));
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    await page.route('**/api/onestop/dossiers?*', async (route) => {
      await held;
      await route.continue();
    });
    try {
      await secondButton.click();
      await drawer.locator('.onestop-dossiers').waitFor();
      expect(await drawer.locator('.onestop-dossiers tbody tr.ant-table-row').count()).toBe(0);
      expect(await drawer.getByText(`${vi(expected)} hồ sơ`, { exact: true }).count()).toBe(0);
    } finally {
      release();
    }
    await drawer.getByText(`${vi(secondExpected)} hồ sơ`, { exact: true }).waitFor();
    await page.unroute('**/api/onestop/dossiers?*');
    await drawer.locator('.ant-drawer-close').click();
    await drawer.locator('.onestop-dossiers').waitFor({ state: 'detached' });
  });

  it('shows the catalogue at a glance with the savings sentence, and finds a procedure', async () => {
    await page.getByRole('tab', { name: 'Danh mục TTHC' }).click();
    await page.waitForSelector('.savings-sentence');
    expect(await page.locator('.savings-sentence').innerText()).toMatch(
      /^Rút ngắn thời gian giải quyết \d{1,3}(\.\d{3})* hồ sơ, tiết kiệm ước tính [\d,]+ (tỷ|triệu) đồng$/,
    );
    expect(await kpi('Tổng số thủ tục')).toBe('90'); // the demo catalogue has 90 procedures
    await page.getByPlaceholder('Tìm theo mã, tên hoặc lĩnh vực').fill('mẫu 34');
    // demo procedure i = 33 is "(mẫu 34)"; 33 % 3 = 0 → commune level, code 2.000034
    const rows = page.locator('.onestop-procedures tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('2.000034');
    await noErrorBanner();
    await shot('onestop-procedures');
  });

  it('shows Index 766 per unit with its five groups', async () => {
    await page.getByRole('tab', { name: 'Bộ chỉ số 766' }).click();
    await page.waitForSelector('.index766-scores tbody tr.ant-table-row');
    const head = await page.locator('.index766-scores thead').innerText();
    for (const g of [
      'Công khai, minh bạch',
      'Tiến độ giải quyết',
      'Số hóa hồ sơ',
      'Cung cấp dịch vụ công trực tuyến',
      'Mức độ hài lòng',
    ])
      expect(head).toContain(g);
    await noErrorBanner();
    await shot('onestop-index766');
  });

  it('refuses a dossier file with a row-numbered error, then imports a good one to completion', async () => {
    await page.getByRole('tab', { name: 'Nhập dữ liệu' }).click();
    await page.waitForSelector('.import-dossiers');
    const header =
      'dossier_code,procedure_code,unit_code,channel,received_at,due_at,resolved_at,returned_at,status,paused_days,apology_at,new_due_at,paid_online,digitized,e_result,rating';
    const good1 = 'BT0001,2.000034,HL-X001,online,2025-03-03T09:00,,2025-03-04T10:00,,10,0,,,1,1,1,5';
    const good2 = 'BT0002,2.000034,HL-X001,direct,2025-03-03T10:00,,,,4,0,,,0,1,0,';
    const bad = 'BT0003,2.000034,HL-X001,direct,2025-03-03T10:00,,,,11,0,,,0,1,0,';
    const input = page.locator('.import-dossiers input[type=file]');
    await input.setInputFiles({
      name: 'ho-so-loi.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${header}\n${good1}\n${bad}\n`),
    });
    const errors = page.locator('.import-dossiers .import-errors tbody tr.ant-table-row');
    await errors.first().waitFor();
    expect(await errors.count()).toBe(1);
    const cells = errors.first().locator('td');
    expect((await cells.nth(0).innerText()).trim()).toBe('3'); // header = row 1, good1 = row 2, bad = row 3
    expect((await cells.nth(1).innerText()).trim()).toBe('status');
    expect(await cells.nth(2).innerText()).toMatch(/từ 1 đến 10/);
    expect(await page.locator('.import-dossiers').innerText()).toContain('Tệp bị từ chối, không dòng nào được ghi');
    await shot('onestop-import-error');

    await input.setInputFiles({
      name: 'ho-so.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${header}\n${good1}\n${good2}\n`),
    });
    await page.waitForSelector('.import-dossiers .import-done');
    expect(await page.locator('.import-dossiers .import-done').innerText()).toContain('Đã nhập 2 dòng: 2 mới, 0 cập nhật.');
    expect(await page.locator('.import-dossiers .import-progress').getAttribute('class')).toContain(
      'ant-progress-status-success',
    );
    expect(await page.locator('.import-dossiers .import-status').innerText()).toMatch(
      /ho-so\.csv — Hoàn tất[\s\S]*Đã xử lý 2 dòng/,
    );
    // The recent imports list shows both: the refused file first below the accepted one.
    const recent = page.locator('.recent-imports tbody tr.ant-table-row');
    await expect.poll(async () => (await recent.first().innerText()).includes('ho-so.csv')).toBe(true);
    expect(await recent.nth(1).innerText()).toContain('ho-so-loi.csv');
    expect(await recent.nth(1).innerText()).toContain('Bị từ chối');
    await noErrorBanner();
    await shot('onestop-import-done');
    expect(pageErrors).toEqual([]);
  });

  it("imports the portal's 766 figures and follows a difference down to the dossiers that explain it", async () => {
    // The import tab is open from the previous test.
    const portal = 'unit_code,period,field,value\nHL-X001,2025,total,50\nHL-X001,2025,group:timeliness,10\n';
    await page
      .locator('.import-portal input[type=file]')
      .setInputFiles({ name: 'cong-766.csv', mimeType: 'text/csv', buffer: Buffer.from(portal) });
    await page.waitForSelector('.import-portal >> text=Đã nhập 2 số liệu của Cổng.');

    const ours = (await (await page.request.get(`${env.baseUrl}/api/onestop/index766?period=2025`)).json()) as {
      scores: { unitCode: string; total: number; groups: { code: string; points: number }[] }[];
    };
    const x001 = ours.scores.find((s) => s.unitCode === 'HL-X001')!;
    const fmt2 = (n: number) => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(n);
    const signed = (n: number) => `${n > 0 ? '+' : ''}${fmt2(n)}`;
    // difference = ours − portal, 2 decimals (e.g. 57,47 − 50 = +7,47)
    const totalDiff = Math.round((x001.total - 50) * 100) / 100;

    await page.getByRole('tab', { name: 'Bộ chỉ số 766' }).click();
    await page.locator('.period-select').click();
    await page.locator('.ant-select-item-option', { hasText: 'Năm 2025' }).click();
    const table = page.locator('.index766-reconcile');
    const totalRow = table.locator('tr.ant-table-row', { hasText: 'Phường Tân Phong' }).filter({ hasText: 'Tổng điểm' });
    await totalRow.waitFor();
    const cells = totalRow.locator('td');
    expect((await cells.nth(3).innerText()).trim()).toBe(fmt2(x001.total));
    expect((await cells.nth(4).innerText()).trim()).toBe('50');
    expect((await cells.nth(5).innerText()).trim()).toBe(signed(totalDiff));
    expect(await table.locator('tr.ant-table-row', { hasText: 'Tiến độ giải quyết' }).count()).toBeGreaterThanOrEqual(1);

    await totalRow.locator('.ant-table-row-expand-icon').click();
    const explained = table.locator('.ant-table-expanded-row').first();
    await explained.waitFor();
    expect(await explained.innerText()).toContain('Hồ sơ trễ hạn hoặc quá hạn chưa giải quyết');
    const view = explained.getByRole('button', { name: 'Xem hồ sơ' }).first();
    const explanationRow = explained
      .locator('tr.ant-table-row', { has: page.getByRole('button', { name: 'Xem hồ sơ' }) })
      .first();
    const count = (await explanationRow.locator('td').nth(2).innerText()).trim();
    await view.click();
    const drawer = page.locator('.onestop-drawer');
    await drawer.locator('.onestop-dossiers tbody tr.ant-table-row').first().waitFor();
    expect(await drawer.getByText(`${count} hồ sơ`, { exact: true }).count()).toBe(1);
    await noErrorBanner();
    await viewShot('onestop-reconcile-dossiers');
    await drawer.locator('.ant-drawer-close').click();
    await drawer.locator('.onestop-dossiers').waitFor({ state: 'detached' });
    await shot('onestop-reconcile');
    expect(pageErrors).toEqual([]);
  });

  it('fits a phone screen: KPIs stacked, tables scroll inside their cards, no horizontal page scroll', async () => {
    const phone = await env.browser.newPage({
      viewport: { width: 390, height: 844 },
      locale: 'vi-VN',
      isMobile: true,
      hasTouch: true,
    });
    await loginInBrowser(phone, env.baseUrl, 'cchc');
    for (const sub of ['', '/procedures', '/index766', '/import']) {
      await phone.goto(`${env.baseUrl}/onestop${sub}`);
      await phone.waitForSelector('.onestop .ant-card');
      await phone.waitForTimeout(300);
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `/onestop${sub}`).toBeLessThanOrEqual(0);
    }
    await phone.goto(`${env.baseUrl}/onestop`);
    await phone.waitForSelector('.onestop-trend canvas');
    await phone.waitForTimeout(600);
    await screenshot(phone, 'onestop-phone-dashboard');
    await phone.close();
  });
});

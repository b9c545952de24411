// The whole assessment workflow in Chromium on the demo province: the focal point of Sở Tư pháp fills a leaf
// of the open 2026 cycle and uploads a PDF, the head submits, an appraiser adjusts, the unit explains, the
// council locks; then the results of the demo 2025 cycle show the table and the heat map. The injected clock
// (t.ctx.clock) walks the 2026 timeline, which the demo seeds relative to now: self-assessment until +42 days,
// appraisal until +60, explanation +61..+70, second review until +80.
// Leaves other than 1.1 are declared through the API (as the same focal point) so the head can submit.
import { statSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserEnv, loginInBrowser, screenshot, startBrowserEnv } from '../helpers/browser';
import { minimalPdf } from '../helpers/pdf';
import type { Client } from '../helpers/test-app';


const DAY = 86_400_000;
let env: BrowserEnv;
let cycle2026: number;
let cycle2025: number;
let unitId: number;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

async function pageAs(username: string): Promise<Page> {
  const ctx = await env.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'vi-VN' });
  contexts.push(ctx);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${username}: ${e.message}`));
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  try {
    await loginInBrowser(page, env.baseUrl, username);
  } catch (e) {
    await screenshot(page, `assessment-login-failed-${username}`);
    throw new Error(`${(e as Error).message}\nconsole: ${consoleErrors.join(' | ')}\npage errors: ${pageErrors.join(' | ')}`);
  }
  return page;
}

const leafRow = (page: Page, code: string) => page.locator(`div.leaf-row[data-leaf="${code}"]`);
const clickOk = async (page: Page, name: string) => page.locator('.ant-popover:visible').getByRole('button', { name }).click();
const noErrorBanner = async (page: Page) => expect(await page.locator('.ant-alert-error').count()).toBe(0);
const setClock = (offsetDays: number) => {
  const at = Date.now() + offsetDays * DAY;
  env.t.ctx.clock = () => new Date(at);
};

/** A declaration the rule accepts, for leaves filled through the API. */
function declarationFor(leaf: { rule: { type: string; levels?: { label: string }[]; pointsEach?: number }; maxPoints: number }) {
  switch (leaf.rule.type) {
    case 'binary':
      return { value: 'yes' };
    case 'tiered':
      return { value: leaf.rule.levels![0].label };
    case 'ratio':
      return { value: '90' };
    case 'count':
      return { value: '2' };
    case 'deduction':
      return { value: '0' };
    case 'bonus':
      return { value: '0' };
    default:
      return { points: leaf.maxPoints / 2 };
  }
}

beforeAll(async () => {
  env = await startBrowserEnv({ demo: true });
  const office: Client = await env.t.login('cchc');
  const cycles = (await office.get('/api/cycles')).json() as { id: number; year: number; state: string }[];
  cycle2026 = cycles.find((c) => c.year === 2026 && c.state === 'self_assessment')!.id;
  cycle2025 = cycles.find((c) => c.year === 2025)!.id;
  const focal = await env.t.login('daumoi.stp');
  unitId = ((await focal.get('/api/auth/me')).json() as { grants: { unitId: number }[] }).grants[0].unitId;
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await env?.close();
});

describe('assessment workflow in Chromium', () => {
  it('the focal point fills a leaf with autosave and uploads a PDF; the head submits', async () => {
    const page = await pageAs('daumoi.stp');
    await page.getByRole('link', { name: 'Đánh giá, chấm điểm' }).click();
    await page.waitForSelector('text=Chỉ số CCHC năm 2026 (dữ liệu mẫu)');
    await screenshot(page, 'assessment-cycles-unit');
    const row2026 = page.locator('tr', { hasText: 'Chỉ số CCHC năm 2026' });
    await row2026.getByRole('button', { name: /Hồ sơ của đơn vị/ }).click();
    await page.waitForSelector('text=Tự đánh giá: Sở Tư pháp');
    await page.waitForSelector('div.leaf-row[data-leaf="1.1"]');
    expect(await page.locator('body').textContent()).toContain('tiêu chí đã khai');

    // 1.1 is a yes/no leaf that requires evidence: answer "Có", write a note, attach a PDF
    const leaf = leafRow(page, '1.1');
    await leaf.getByLabel('Giải trình / ghi chú 1.1').fill('Kế hoạch CCHC năm 2026 ban hành ngày 10/01/2026');
    await leaf.locator('.ant-radio-button-wrapper', { hasText: 'Có' }).click();
    await leaf.locator('text=Đã lưu').waitFor();
    await leaf.locator('input[type=file]').setInputFiles({ name: 'ke-hoach-cchc-2026.pdf', mimeType: 'application/pdf', buffer: minimalPdf() });
    await leaf.getByRole('link', { name: 'ke-hoach-cchc-2026.pdf' }).waitFor();
    const saved = (await (await env.t.login('daumoi.stp')).get(`/api/cycles/${cycle2026}/units/${unitId}/assessment`)).json() as {
      leaves: { code: string; self: { value: string; note: string; computedPoints: number } | null; files: { name: string }[] }[];
    };
    const l11 = saved.leaves.find((l) => l.code === '1.1')!;
    expect(l11.self).toMatchObject({ value: 'yes', note: 'Kế hoạch CCHC năm 2026 ban hành ngày 10/01/2026', computedPoints: 1 }); // binary, max 1 → 1
    expect(l11.files.map((f) => f.name)).toEqual(['ke-hoach-cchc-2026.pdf']);
    await noErrorBanner(page);
    const shot = await screenshot(page, 'assessment-self');
    expect(statSync(shot).size).toBeGreaterThan(30_000);

    // "Chưa khai" lists what was undeclared when chosen: a yes/no leaf answered there stays on screen after
    // its autosave (and the refetch that follows), so its note and evidence can still be added
    const focal = await env.t.login('daumoi.stp');
    const all = (await focal.get(`/api/cycles/${cycle2026}/units/${unitId}/assessment`)).json() as {
      leaves: { code: string; areaCode: string; fed: boolean; self: unknown; rule: { type: string }; maxPoints: number }[];
    };
    const next = all.leaves.find((l) => !l.fed && l.self === null && l.rule.type === 'binary')!;
    await page.locator('.ant-segmented-item', { hasText: 'Chưa khai' }).click();
    await expect.poll(() => leafRow(page, '1.1').count()).toBe(0); // declared before the filter was chosen
    if (!(await leafRow(page, next.code).isVisible())) await page.locator('.ant-collapse-header', { hasText: `${next.areaCode}. ` }).first().click();
    await leafRow(page, next.code).locator('.ant-radio-button-wrapper', { hasText: 'Có' }).click();
    await leafRow(page, next.code).locator('text=Đã lưu').waitFor();
    const declared = async () => ((await focal.get(`/api/cycles/${cycle2026}/units/${unitId}/assessment`)).json() as typeof all).leaves.find((l) => l.code === next.code)!.self;
    await expect.poll(declared).toMatchObject({ value: 'yes' });
    await page.waitForTimeout(1500); // the refetch after the save has landed
    expect(await leafRow(page, next.code).isVisible()).toBe(true);
    await page.locator('.ant-segmented-item', { hasText: 'Tất cả' }).click();

    // the rest of the leaves through the API, so that the head can submit
    for (const l of all.leaves.filter((x) => !x.fed && x.code !== '1.1')) {
      const res = await focal.put(`/api/cycles/${cycle2026}/units/${unitId}/leaves/${l.code}/self`, { ...declarationFor(l), explanation: 'Hồ sơ lưu tại văn phòng Sở' });
      expect(res.statusCode, `${l.code}: ${res.body}`).toBe(200);
    }

    const head = await pageAs('thutruong.stp');
    await head.goto(`${env.baseUrl}/assessment/cycles/${cycle2026}/units/${unitId}`);
    await head.waitForSelector('text=Tự đánh giá: Sở Tư pháp');
    await head.getByRole('button', { name: 'Nộp hồ sơ' }).click();
    await clickOk(head, 'Nộp hồ sơ');
    await head.waitForSelector('text=Đã nộp hồ sơ tự đánh giá');
    await head.getByRole('button', { name: /Rút hồ sơ để sửa/ }).waitFor();
    expect(await head.locator('.ant-tag', { hasText: 'Đã nộp' }).count()).toBeGreaterThan(0);
    await noErrorBanner(head);
    await screenshot(head, 'assessment-submitted');
  }, 180_000);

  it('the office opens appraisal; the appraiser adjusts 1.1 side by side', async () => {
    setClock(43); // the self-assessment deadline (+42 days) has passed
    const office = await pageAs('cchc');
    await office.goto(`${env.baseUrl}/assessment/cycles/${cycle2026}`);
    await office.getByRole('button', { name: 'Chuyển sang thẩm định' }).click();
    await clickOk(office, 'Chuyển sang thẩm định');
    await office.waitForSelector('text=Đã chuyển giai đoạn: Thẩm định');

    const appraiser = await pageAs('thamdinh');
    await appraiser.goto(`${env.baseUrl}/assessment/cycles/${cycle2026}/appraisal`);
    await appraiser.waitForSelector('text=Hàng đợi thẩm định');
    await appraiser.getByRole('link', { name: 'Sở Tư pháp' }).click();
    await appraiser.waitForSelector('text=Thẩm định hồ sơ: Sở Tư pháp');
    const leaf = leafRow(appraiser, '1.1');
    await leaf.getByRole('link', { name: 'ke-hoach-cchc-2026.pdf' }).waitFor();
    await leaf.getByLabel('Điểm thẩm định 1.1').fill('0,5');
    await leaf.getByLabel('Nhận xét 1.1').fill('Kế hoạch ban hành chậm so với quy định');
    await leaf.getByRole('button', { name: 'Điều chỉnh' }).click();
    await appraiser.waitForSelector('text=Đã điều chỉnh tiêu chí 1.1');
    await leaf.locator('.ant-tag', { hasText: 'Điều chỉnh: 0,5' }).waitFor();
    await leafRow(appraiser, '1.2').getByRole('button', { name: 'Xác nhận' }).click();
    await appraiser.waitForSelector('text=Đã xác nhận tiêu chí 1.2');
    await noErrorBanner(appraiser);
    await screenshot(appraiser, 'assessment-appraisal');
  }, 120_000);

  it('the appraisal is released; the unit explains the adjusted leaf', async () => {
    const office = await pageAs('cchc');
    await office.goto(`${env.baseUrl}/assessment/cycles/${cycle2026}`);
    await office.getByRole('button', { name: /Công bố kết quả thẩm định/ }).click();
    await clickOk(office, 'Công bố kết quả thẩm định (giải trình)');
    await office.waitForSelector('text=Đã chuyển giai đoạn: Giải trình');

    setClock(62); // inside the explanation window (+61..+70 days)
    const head = await pageAs('thutruong.stp');
    await head.goto(`${env.baseUrl}/assessment/cycles/${cycle2026}/units/${unitId}`);
    await head.waitForSelector('text=Tự đánh giá: Sở Tư pháp');
    const leaf = leafRow(head, '1.1');
    await leaf.locator('text=Kế hoạch ban hành chậm so với quy định').waitFor();
    expect(await head.locator('div.leaf-row').count()).toBe(1); // only the adjusted leaf is shown in the explanation round
    await leaf.getByLabel('Nội dung giải trình 1.1').fill('Kế hoạch ban hành đúng hạn; xin gửi kèm văn bản số 15/KH-STP');
    await leaf.getByRole('button', { name: 'Gửi giải trình' }).click();
    await head.waitForSelector('text=Đã gửi giải trình tiêu chí 1.1');
    await leaf.locator('.ant-tag', { hasText: 'Đã giải trình' }).waitFor();
    await noErrorBanner(head);
    await screenshot(head, 'assessment-explanation');
  }, 120_000);

  it('second review accepts the explanation; the council finalises and locks', async () => {
    setClock(71); // the explanation deadline (+70 days) has passed
    const office = await pageAs('cchc');
    await office.goto(`${env.baseUrl}/assessment/cycles/${cycle2026}`);
    await office.getByRole('button', { name: 'Chuyển sang thẩm định lại' }).click();
    await clickOk(office, 'Chuyển sang thẩm định lại');
    await office.waitForSelector('text=Đã chuyển giai đoạn: Thẩm định lại');

    const appraiser = await pageAs('thamdinh');
    await appraiser.goto(`${env.baseUrl}/assessment/cycles/${cycle2026}/appraisal/${unitId}`);
    await appraiser.waitForSelector('text=Thẩm định lại: Sở Tư pháp');
    const leaf = leafRow(appraiser, '1.1');
    await leaf.locator('text=xin gửi kèm văn bản số 15/KH-STP').waitFor();
    await leaf.getByRole('button', { name: 'Chấp nhận giải trình' }).click();
    await appraiser.waitForSelector('text=Đã ghi điểm cuối cùng tiêu chí 1.1');

    const council = await pageAs('hoidong');
    await council.goto(`${env.baseUrl}/assessment/cycles/${cycle2026}`);
    await council.getByRole('button', { name: 'Hội đồng chốt kết quả và khóa' }).click();
    await clickOk(council, 'Hội đồng chốt kết quả và khóa');
    await council.waitForSelector('text=Kỳ đánh giá đã được chốt và khóa');
    await council.locator('.ant-tag', { hasText: 'Đã chốt kết quả (khóa)' }).first().waitFor();
    await noErrorBanner(council);
    await screenshot(council, 'assessment-locked');

    // the final score of 1.1 is the explanation's: the unit proposed no new value, so the appraised 0.5 stands
    const focal = await env.t.login('daumoi.stp');
    const res = (await focal.get(`/api/cycles/${cycle2026}/units/${unitId}/assessment`)).json() as { cycle: { locked: boolean }; leaves: { code: string; final: { computedPoints: number } | null }[] };
    expect(res.cycle.locked).toBe(true);
    expect(res.leaves.find((l) => l.code === '1.1')!.final!.computedPoints).toBe(0.5);
    // the unit's history drawer shows every stage of 1.1
    const head = await pageAs('thutruong.stp');
    await head.goto(`${env.baseUrl}/assessment/cycles/${cycle2026}/units/${unitId}`);
    await leafRow(head, '1.1').getByRole('button', { name: 'Lịch sử điểm' }).click();
    await head.waitForSelector('text=Lịch sử điểm tiêu chí 1.1');
    const drawer = head.locator('.ant-drawer-body');
    for (const s of ['Tự chấm', 'Thẩm định', 'Giải trình', 'Cuối cùng']) await drawer.locator('.ant-tag', { hasText: s }).first().waitFor();
    await screenshot(head, 'assessment-history');
    // the office also sees the audit trail of the leaf: who changed which stage, before → after
    await office.goto(`${env.baseUrl}/assessment/cycles/${cycle2026}/units/${unitId}`);
    await leafRow(office, '1.1').getByRole('button', { name: 'Lịch sử điểm' }).click();
    const trail = office.locator('.ant-drawer-body');
    await trail.locator('td', { hasText: 'thamdinh' }).first().waitFor(); // the appraiser's adjustment (audit keeps usernames)
    await trail.locator('td', { hasText: 'daumoi.stp' }).first().waitFor(); // the focal point's self-score
    expect(await trail.locator('td', { hasText: 'điểm: 0,5' }).count()).toBeGreaterThan(0);
    await screenshot(office, 'assessment-history-audit');
  }, 120_000);

  it('the results of the demo 2025 cycle show the table in Vietnamese and the heat map', async () => {
    const page = await pageAs('cchc');
    const started = Date.now();
    await page.goto(`${env.baseUrl}/assessment/cycles/${cycle2025}/results`);
    await page.waitForSelector('.results-table .ant-table-row');
    await page.waitForSelector('.results-heatmap canvas');
    const ms = Date.now() - started;
    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).toContain('Kết quả đánh giá 2025');
    expect(body).toContain('Xếp loại');
    expect(body).toMatch(/\d+,\d{2} %/); // percent with a Vietnamese decimal comma
    expect(await page.locator('.results-table .ant-table-row').count()).toBeGreaterThan(1);
    await page.waitForSelector('.results-radar canvas');
    await noErrorBanner(page);
    await page.waitForTimeout(800); // chart animations
    await screenshot(page, 'assessment-results');
    const timing = await page.evaluate(() => {
      const r = performance.getEntriesByType('resource').find((e) => /\/api\/cycles\/\d+\/results$/.test(e.name)) as PerformanceResourceTiming | undefined;
      return r ? { requestStart: Math.round(r.startTime), responseEnd: Math.round(r.responseEnd), now: Math.round(performance.now()) } : null;
    });
    console.log('results page timing (ms since navigation):', JSON.stringify(timing));
    const apiMs = await page.evaluate(async (url) => {
      const s = performance.now();
      await (await fetch(url)).json();
      return performance.now() - s;
    }, `/api/cycles/${cycle2025}/results`);
    console.log(`results page of the 2025 cycle: table and heat map in ${ms} ms (of which GET /results alone takes ${Math.round(apiMs)} ms)`);
    // the communes: 100 units, the heat map scrolls 40 at a time
    await page.locator('.ant-segmented-item', { hasText: 'Xã, phường' }).click();
    await page.waitForSelector('text=DEMO-XA-2025');
    await page.waitForTimeout(800);
    await screenshot(page, 'assessment-results-communes');
  }, 120_000);

  it('after the lock the unit sees its 2026 result, its radar and the change against 2025', async () => {
    const page = await pageAs('thutruong.stp');
    await page.goto(`${env.baseUrl}/assessment/cycles/${cycle2026}/results`);
    await page.waitForSelector('.results-table .ant-table-row');
    await page.waitForSelector('.results-radar canvas');
    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).toContain('Kết quả đánh giá 2026');
    expect(body).toContain('Sở Tư pháp');
    expect(body).toContain('Bảng điểm đơn vị: Sở Tư pháp'); // the radar opens on the unit's own result
    await noErrorBanner(page);
    await page.waitForTimeout(800);
    await screenshot(page, 'assessment-results-unit');
  }, 120_000);

  it('the office creates a new cycle as a draft', async () => {
    const page = await pageAs('cchc');
    await page.getByRole('link', { name: 'Đánh giá, chấm điểm' }).click();
    await page.getByRole('button', { name: 'Tạo kỳ đánh giá' }).click();
    const modal = page.locator('.ant-modal');
    await modal.getByLabel('Năm').fill('2026');
    await modal.getByLabel('Tên kỳ đánh giá').fill('Chỉ số CCHC năm 2026 — đợt bổ sung');
    await modal.getByLabel('Bộ chỉ số cho nhóm "Sở, ban, ngành"').click();
    await page.locator('.ant-select-item-option', { hasText: 'DEMO-SO-2026' }).click();
    await screenshot(page, 'assessment-new-cycle');
    await modal.getByRole('button', { name: 'Tạo' }).click();
    await page.waitForSelector('text=Đã tạo kỳ đánh giá (bản nháp)');
    await page.waitForSelector('h2:has-text("Chỉ số CCHC năm 2026 — đợt bổ sung")');
    await page.locator('.ant-tag', { hasText: 'Bản nháp' }).first().waitFor();
    await page.getByRole('button', { name: 'Mở tự đánh giá' }).waitFor();
    await noErrorBanner(page);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});

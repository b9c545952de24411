// Paper entry by staff in Chromium: the reform office opens a campaign, goes to "Nhập phiếu giấy", types a
// SIPAS paper with the keyboard only (digits, Enter to move, Ctrl+Enter to save), sees the confirmation and an
// empty form; a second paper with the same dossier code is refused with the server's message, then an answer
// outside the scale is refused naming the question; the campaign's live counter shows one paper response.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserEnv, loginInBrowser, screenshot, startBrowserEnv } from '../helpers/browser';

let env: BrowserEnv;
let campaignId: number;
const CODE = 'GIAY-T1';
const DOSSIER = '000.00.12.H12-260115-0001';

beforeAll(async () => {
  env = await startBrowserEnv({ demo: true });
  const office = await env.t.login('cchc');
  const forms = (await office.get('/api/surveys/forms')).json() as { id: number; code: string }[];
  const sipas = forms.find((f) => f.code === 'SIPAS-2025')!;
  const year = new Date().getUTCFullYear();
  const c = await office.post('/api/surveys/campaigns', {
    code: CODE,
    name: 'Phiếu giấy thử',
    formId: sipas.id,
    periodStart: `${year}-01-01`,
    periodEnd: `${year}-12-31`,
    channels: ['paper', 'web'],
    units: [
      { unitCode: 'HL-X001', target: 10 },
      { unitCode: 'HL-X002', target: 10 },
    ],
  });
  expect(c.statusCode, c.body).toBe(201);
  campaignId = c.json().id;
  expect((await office.patch(`/api/surveys/campaigns/${campaignId}/status`, { status: 'open' })).statusCode).toBe(200);
}, 120_000);
afterAll(() => env?.close());

/** Types one answer into the focused field and moves on with Enter, as a clerk does. */
async function typeAndEnter(page: Page, text: string) {
  if (text) await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

const unitSelect = (page: Page) => page.locator('.ant-select', { has: page.getByLabel('Đơn vị được đánh giá') });
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

/**
 * The SIPAS paper in field order after the dossier code: TC1–TC4, TT1–TT4, CC1–CC5, KQ1–KQ3, GY0 (2 = Không,
 * which skips GY2–GY4), GY1, DT_GIOI (2 = Nữ), DT_TUOI (3 = 45–59), DT_DOITUONG (1 = cá nhân), YK (left empty).
 */
const PAPER = ['4', '5', '4', '', '5', '5', '5', '4', '4', '4', '5', '4', '4', '5', '5', '4', '2', '3', '2', '3', '1', ''];

describe('paper entry by staff in Chromium', () => {
  it('two papers: the first is stored and the form clears, the second with the same dossier code is refused; the counter shows 1 paper', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await loginInBrowser(page, env.baseUrl, 'cchc');
    await page.goto(`${env.baseUrl}/surveys/campaigns/${campaignId}`);
    await page.getByRole('link', { name: 'Nhập phiếu giấy' }).click();
    await page.getByRole('heading', { name: 'Nhập phiếu giấy' }).waitFor();
    // choose the unit: Phường Bình Minh (HL-X002)
    await page.getByLabel('Đơn vị được đánh giá').click();
    await page.keyboard.type('Bình Minh');
    await page.locator('.ant-select-item-option', { hasText: 'Phường Bình Minh (HL-X002)' }).click();
    await expect.poll(() => unitSelect(page).textContent()).toBe('Phường Bình Minh (HL-X002)');

    // paper 1, keyboard only: the dossier field first, then Enter from field to field
    await page.locator('#paper-dossier').click();
    await typeAndEnter(page, DOSSIER);
    expect(await focusedId(page)).toBe('paper-TC1');
    for (const a of PAPER.slice(0, 16)) await typeAndEnter(page, a);
    expect(await focusedId(page)).toBe('paper-GY0');
    await typeAndEnter(page, PAPER[16]);
    // "Không" skips GY2–GY4: Enter goes from GY1 straight to DT_GIOI
    expect(await focusedId(page)).toBe('paper-GY1');
    await typeAndEnter(page, PAPER[17]);
    expect(await focusedId(page)).toBe('paper-DT_GIOI');
    expect(await page.locator('#paper-GY2').isDisabled()).toBe(true);
    for (const a of PAPER.slice(18, 21)) await typeAndEnter(page, a);
    expect(await focusedId(page)).toBe('paper-YK');
    await screenshot(page, 'paper-entry-filled');
    await page.keyboard.press('Control+Enter');
    const ok = page.getByTestId('paper-ok');
    await ok.waitFor();

    const stored = await env.t.ctx.db
      .selectFrom('survey_responses as r')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .select(['r.id', 'r.channel', 'r.dossier_code', 'r.answers', 'u.code', 'r.entered_by'])
      .where('r.campaign_id', '=', campaignId)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ channel: 'paper', dossier_code: DOSSIER, code: 'HL-X002' });
    expect(stored[0].entered_by).not.toBeNull();
    // exactly what was typed: digits as likert answers, option numbers as option values, skipped fields absent
    expect(stored[0].answers).toEqual({
      TC1: 4,
      TC2: 5,
      TC3: 4,
      TT1: 5,
      TT2: 5,
      TT3: 5,
      TT4: 4,
      CC1: 4,
      CC2: 4,
      CC3: 5,
      CC4: 4,
      CC5: 4,
      KQ1: 5,
      KQ2: 5,
      KQ3: 4,
      GY0: 'khong',
      GY1: 3,
      DT_GIOI: 'nu',
      DT_TUOI: '45-59',
      DT_DOITUONG: 'canhan',
    });
    expect((await ok.textContent())?.trim()).toBe(
      `Đã lưu phiếu số ${stored[0].id} cho Phường Bình Minh. Mời nhập phiếu tiếp theo.`,
    );
    // the form is empty again, the cursor back on the dossier field, the unit kept
    expect(await page.locator('#paper-dossier').inputValue()).toBe('');
    expect(await page.locator('#paper-TC1').inputValue()).toBe('');
    expect(await page.locator('#paper-DT_GIOI').inputValue()).toBe('');
    expect(await focusedId(page)).toBe('paper-dossier');
    expect(await unitSelect(page).textContent()).toBe('Phường Bình Minh (HL-X002)');
    await screenshot(page, 'paper-entry-stored');

    // paper 2 carries the same dossier code: refused with the server's message, the typing kept on screen
    await typeAndEnter(page, DOSSIER);
    for (const a of ['3', '3', '3', '3', '3', '3', '3', '3', '3', '3', '3', '3', '3', '3', '3', '3', '2'])
      await typeAndEnter(page, a);
    await page.keyboard.press('Control+Enter');
    const refused = page.getByTestId('paper-error');
    await refused.waitFor();
    expect(await refused.textContent()).toBe(
      'Phiếu chưa được lưuHồ sơ này đã được đánh giá trong đợt khảo sát; mỗi hồ sơ chỉ được đánh giá một lần.',
    );
    expect(await page.locator('#paper-dossier').inputValue()).toBe(DOSSIER);
    expect(await page.locator('#paper-TC1').inputValue()).toBe('3');
    expect(await focusedId(page)).toBe('paper-dossier'); // the cursor goes to what must be fixed
    // and a toast, in view wherever the clerk is on the paper
    await page.locator('.ant-message-error', { hasText: 'Phiếu chưa được lưu: Hồ sơ này đã được đánh giá trong đợt khảo sát' }).waitFor();
    await screenshot(page, 'paper-entry-duplicate');

    // the clerk corrects the code but mistypes 6 on TC2: refused naming the question, field marked
    await page.locator('#paper-dossier').fill('000.00.12.H12-260115-0002');
    await page.locator('#paper-TC2').fill('6');
    await page.getByRole('button', { name: /Lưu phiếu/ }).click();
    await page.getByTestId('paper-error').filter({ hasText: 'ngoài thang điểm' }).waitFor();
    expect(await page.getByTestId('paper-error').textContent()).toBe(
      'Phiếu chưa được lưuPhiếu trả lời chưa hợp lệ: câu TC2: câu trả lời "6" ngoài thang điểm 1–5',
    );
    expect(await page.locator('#paper-TC2').getAttribute('class')).toContain('ant-input-status-error');
    expect(await focusedId(page)).toBe('paper-TC2');
    await screenshot(page, 'paper-entry-out-of-scale');
    // still one response stored
    const n = await env.t.ctx.db
      .selectFrom('survey_responses')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('campaign_id', '=', campaignId)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
    // the session list holds the one stored paper
    expect(await page.locator('.ant-card', { hasText: 'Phiếu đã nhập trong phiên làm việc này: 1' }).count()).toBe(1);

    // back to the campaign: the live counter shows channel "Phiếu giấy" = 1 for Phường Bình Minh, 0 for Tân Phong
    await page.getByRole('link', { name: 'Phiếu giấy thử' }).click();
    await page.getByRole('tab', { name: 'Tiến độ' }).waitFor();
    const headers = await page.locator('.ant-table-thead th').allTextContents();
    const paperCol = headers.indexOf('Phiếu giấy');
    expect(paperCol).toBeGreaterThan(0);
    const cell = (unit: string) =>
      page
        .getByRole('row', { name: new RegExp(unit) })
        .locator('td')
        .nth(paperCol);
    await expect.poll(() => cell('Phường Bình Minh').textContent()).toBe('1');
    expect(await cell('Phường Tân Phong').textContent()).toBe('0');
    const total = page.locator('.ant-statistic', { hasText: 'Số phiếu' }).first().locator('.ant-statistic-content');
    expect(await total.textContent()).toBe('1');
    await screenshot(page, 'paper-entry-counter');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a sociological paper: the campaign picked on the page, options typed by their number (1 = A … 4 = D)', async () => {
    const year = new Date().getUTCFullYear();
    const xhh = await env.t.ctx.db.selectFrom('survey_campaigns').select(['id', 'name']).where('code', '=', `XHH-SO-${year}`).executeTakeFirstOrThrow();
    const page = await env.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    await loginInBrowser(page, env.baseUrl, 'cchc');
    await page.goto(`${env.baseUrl}/surveys/paper`);
    await page.getByLabel('Đợt khảo sát').click();
    await page.locator(`.ant-select-item-option[title="${xhh.name} (XHH-SO-${year})"]`).click();
    await page.locator('#paper-XHH\\.1').waitFor();
    expect(new URL(page.url()).searchParams.get('campaign')).toBe(String(xhh.id));
    await page.getByLabel('Đơn vị được đánh giá').click();
    await page.keyboard.type('HL-STP');
    await page.locator('.ant-select-item-option', { hasText: '(HL-STP)' }).click();
    await page.locator('#paper-dossier').click();
    await typeAndEnter(page, ''); // no dossier code on a delegate's paper
    for (const a of ['1', '2', '3', '4', '1', '2']) await typeAndEnter(page, a);
    expect(await focusedId(page)).toBe('paper-GHI_CHU');
    await page.keyboard.type('Cần rút ngắn thời gian giải quyết');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('paper-ok').waitFor();
    const row = await env.t.ctx.db
      .selectFrom('survey_responses as r')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .select(['u.code', 'r.channel', 'r.answers', 'r.dossier_code'])
      .where('r.campaign_id', '=', Number(xhh.id))
      .where('r.channel', '=', 'paper')
      .orderBy('r.id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ code: 'HL-STP', channel: 'paper', dossier_code: null });
    expect(row.answers).toEqual({ 'XHH.1': 'A', 'XHH.2': 'B', 'XHH.3': 'C', 'XHH.4': 'D', 'XHH.5': 'A', 'XHH.6': 'B', GHI_CHU: 'Cần rút ngắn thời gian giải quyết' });
    await screenshot(page, 'paper-entry-sociological');
    await page.close();
  });

  it('a unit-bound focal point sees no paper-entry button and the page refuses', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' });
    await loginInBrowser(page, env.baseUrl, 'daumoi.x001');
    await page.goto(`${env.baseUrl}/surveys/campaigns/${campaignId}`);
    await page.getByRole('tab', { name: 'Tiến độ' }).waitFor();
    expect(await page.getByRole('link', { name: 'Nhập phiếu giấy' }).count()).toBe(0);
    await page.goto(`${env.baseUrl}/surveys/paper?campaign=${campaignId}`);
    await page.getByText('Chỉ cán bộ quản lý khảo sát được nhập phiếu giấy').waitFor();
    await page.close();
  });
});

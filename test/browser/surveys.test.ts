// The survey channels in real Chromium against the real server with the demo data: the kiosk on a tablet
// (one question per screen, large touch targets, thank-you and reset), the web/QR page on a phone with one
// response per dossier code and per receipt token, the offline interviewer app (IndexedDB outbox, sync that
// survives a lost answer and a replay), and the back office's campaign page and results.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type BrowserEnv, loginInBrowser, screenshot, startBrowserEnv } from '../helpers/browser';

const year = new Date().getUTCFullYear();
const CAMPAIGN = `SIPAS-${year}`; // seeded by src/modules/surveys/surveys.seed.ts
let env: BrowserEnv;
let campaignId: number;

async function countResponses(where: { channel?: string; unitCode?: string; clientIdPrefix?: string; dossierCode?: string; token?: string } = {}) {
  let q = env.t.ctx.db
    .selectFrom('survey_responses as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('r.campaign_id', '=', campaignId);
  if (where.channel) q = q.where('r.channel', '=', where.channel as never);
  if (where.unitCode) q = q.where('u.code', '=', where.unitCode);
  if (where.clientIdPrefix) q = q.where('r.client_id', 'like', `${where.clientIdPrefix}%`);
  if (where.dossierCode) q = q.where('r.dossier_code', '=', where.dossierCode);
  if (where.token) q = q.where('r.token', '=', where.token);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** The legend of the question on the kiosk screen (one per screen). */
const legend = async (page: Page) => ((await page.locator('.sv-q-title').first().textContent()) ?? '').trim();

/** Waits until the kiosk shows another question than the one whose legend text was `before`. */
const movedOn = (page: Page, before: string | null) => page.waitForFunction((t) => document.querySelector('.sv-q-title')?.textContent !== t, before ?? '');

beforeAll(async () => {
  env = await startBrowserEnv({ demo: true });
  const c = await env.t.ctx.db.selectFrom('survey_campaigns').select('id').where('code', '=', CAMPAIGN).executeTakeFirstOrThrow();
  campaignId = Number(c.id);
});
afterAll(() => env?.close());

describe('survey channels in Chromium', () => {
  it('kiosk on a tablet: one question per screen, big touch targets, thank-you, reset for the next citizen', async () => {
    const unit = 'HL-X003';
    const before = await countResponses({ channel: 'kiosk', unitCode: unit });
    const context = await env.browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true, isMobile: false, locale: 'vi-VN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${env.baseUrl}/kiosk/${CAMPAIGN}/${unit}`);
    const start = page.getByTestId('kiosk-start');
    await start.waitFor();
    expect((await start.boundingBox())!.height).toBeGreaterThanOrEqual(48);
    await screenshot(page, 'kiosk-start');
    await start.tap();

    // Walk every screen: tap "4 Hài lòng" on each likert row, the first option of a choice; a single likert
    // question moves on by itself, others need "Tiếp theo". GY0 = "Không" hides GY2–GY4 (show-if).
    const seen: string[] = [];
    let screenshotTaken = { likert: false, matrix: false, choice: false };
    for (let guard = 0; guard < 40; guard++) {
      const title = await legend(page);
      const raw = await page.locator('.sv-q-title').first().textContent();
      seen.push(title);
      const likerts = page.locator('.sv-likert');
      const nLikert = await likerts.count();
      const options = page.locator('.sv-options .sv-opt');
      const nOptions = await options.count();
      // every answer button on the screen is a large touch target
      for (const b of await page.locator('.sv-lk, .sv-opt, .sv-actions .sv-btn').all()) {
        const box = await b.boundingBox();
        expect(box, (await b.textContent()) ?? '').not.toBeNull();
        expect(box!.height, `${title}: ${await b.textContent()}`).toBeGreaterThanOrEqual(48);
        expect(box!.width).toBeGreaterThanOrEqual(48);
      }
      const isSubmit = (await page.getByTestId('kiosk-submit').count()) > 0;
      if (nLikert === 1 && !isSubmit && (await page.locator('.sv-row').count()) === 0) {
        if (!screenshotTaken.likert) {
          await screenshot(page, 'kiosk-likert');
          screenshotTaken = { ...screenshotTaken, likert: true };
        }
        await likerts.first().locator('.sv-lk-4').tap();
        await movedOn(page, raw);
        continue;
      }
      if (nLikert > 1) {
        for (let i = 0; i < nLikert; i++) await likerts.nth(i).locator('.sv-lk-4').tap();
        if (!screenshotTaken.matrix) {
          await screenshot(page, 'kiosk-matrix');
          screenshotTaken = { ...screenshotTaken, matrix: true };
        }
      } else if (nOptions > 0) {
        const no = options.filter({ hasText: /^Không$/ });
        await ((await no.count()) ? no : options.first()).tap();
        if (!screenshotTaken.choice) {
          await screenshot(page, 'kiosk-choice');
          screenshotTaken = { ...screenshotTaken, choice: true };
        }
      } else if (nLikert === 1) {
        await likerts.first().locator('.sv-lk-4').tap();
      }
      if (isSubmit) break;
      await page.getByRole('button', { name: 'Tiếp theo' }).tap();
      await movedOn(page, raw);
    }
    // TC1–TC4, TT1–TT4, CC (matrix), KQ1–KQ3, GY0, GY1, DT_GIOI, DT_TUOI, DT_DOITUONG, YK = 4 + 4 + 1 + 3 + 1 + 1 + 3 + 1 = 18 screens
    expect(seen).toHaveLength(18);
    expect(new Set(seen).size).toBe(18);
    expect(seen.some((s) => s.includes('dễ dàng thực hiện góp ý'))).toBe(false); // GY2 hidden after "Không"
    await screenshot(page, 'kiosk-last');
    await page.getByTestId('kiosk-submit').tap();
    const thanks = page.getByTestId('kiosk-thanks');
    await thanks.waitFor();
    expect(await thanks.textContent()).toContain('Cảm ơn Ông/Bà!');
    await screenshot(page, 'kiosk-thanks');
    // exactly one response, tagged kiosk, for this counter's unit
    expect(await countResponses({ channel: 'kiosk', unitCode: unit })).toBe(before + 1);
    const row = await env.t.ctx.db
      .selectFrom('survey_responses')
      .select(['answers', 'device', 'channel'])
      .where('campaign_id', '=', campaignId)
      .where('channel', '=', 'kiosk')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const answers = row.answers as Record<string, unknown>;
    expect(answers.GY0).toBe('khong');
    expect(answers.CC3).toBe(4);
    expect(answers.GY2).toBeUndefined();
    expect(row.device).toMatch(/^[0-9a-f]{16}$/);

    // the thank-you screen goes back to the start by itself (8 s), with no earlier answer left
    await page.getByTestId('kiosk-start').waitFor({ timeout: 15_000 });
    await page.getByTestId('kiosk-start').tap();
    expect(await page.locator('.sv-lk.on, .sv-opt.on').count()).toBe(0);
    expect(await legend(page)).toBe(seen[0]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('kiosk: two quick taps on a likert question move on by one question, not two', async () => {
    const context = await env.browser.newContext({ viewport: { width: 800, height: 1280 }, hasTouch: true, locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(`${env.baseUrl}/kiosk/${CAMPAIGN}/HL-X003`);
    await page.getByTestId('kiosk-start').tap();
    const first = await legend(page);
    // a citizen taps 3, changes their mind and taps 4 within the 250 ms auto-advance
    await page.locator('.sv-lk-3').tap();
    await page.locator('.sv-lk-4').tap();
    await page.waitForFunction((t) => document.querySelector('.sv-q-title')?.textContent?.trim() !== t, first.trim());
    await page.waitForTimeout(600);
    expect(await legend(page)).toContain('Trang thiết bị phục vụ người dân'); // TC2, the second question
    await page.getByRole('button', { name: 'Quay lại' }).tap();
    expect(await legend(page)).toBe(first);
    expect(await page.locator('.sv-lk-4.on').count()).toBe(1); // the changed answer kept
    await screenshot(page, 'kiosk-portrait');
    await context.close();
  });

  it('kiosk left idle with a half-filled form goes back to the start and forgets the answers', async () => {
    const before = await countResponses({ unitCode: 'HL-X003' });
    const context = await env.browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true, locale: 'vi-VN' });
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(`${env.baseUrl}/kiosk/${CAMPAIGN}/HL-X003`);
    await page.getByTestId('kiosk-start').tap();
    const first = await legend(page);
    const raw = await page.locator('.sv-q-title').first().textContent();
    await page.locator('.sv-lk-2').tap();
    await movedOn(page, raw);
    await page.locator('.sv-lk-5').tap(); // TC2 answered, then the citizen walks away
    await page.clock.fastForward(60_000);
    expect(await page.getByTestId('kiosk-start').count()).toBe(0); // one minute: still their form
    await page.clock.fastForward(35_000); // past the 90 s idle limit
    await page.getByTestId('kiosk-start').waitFor();
    await page.getByTestId('kiosk-start').tap();
    expect(await legend(page)).toBe(first);
    expect(await page.locator('.sv-lk.on').count()).toBe(0);
    expect(await countResponses({ unitCode: 'HL-X003' })).toBe(before); // nothing sent
    await context.close();
  });

  it('web/QR on a phone: fills and submits; a second response for the same dossier code or receipt token is refused in Vietnamese', async () => {
    const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'vi-VN' } as const;
    const dossier = `HL-X004-${year}-B-000123`;
    const context = await env.browser.newContext(phone);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // the counter QR of Phường/xã HL-X004 opens the campaign with the unit fixed and channel qr
    await page.goto(`${env.baseUrl}/s/c/${CAMPAIGN}?u=HL-X004&k=qr`);
    await page.locator('.sv-likert').first().waitFor();
    expect(await page.locator('#sv-unit').count()).toBe(0); // the unit comes from the QR
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    for (const b of await page.locator('.sv-lk, .sv-opt').all()) expect((await b.boundingBox())!.height).toBeGreaterThanOrEqual(48);
    await page.locator('#sv-dossier').fill(dossier);
    await fillSipas(page, 5);
    await screenshot(page, 'phone-survey-filled');
    await page.getByRole('button', { name: 'Gửi phiếu' }).tap();
    await page.getByRole('status').filter({ hasText: 'Cảm ơn Ông/Bà!' }).waitFor();
    expect(await countResponses({ dossierCode: dossier })).toBe(1);
    expect(await countResponses({ dossierCode: dossier, channel: 'qr', unitCode: 'HL-X004' })).toBe(1);

    // the same dossier code again, from another phone: refused, nothing stored
    const again = await context.browser()!.newContext(phone);
    const p2 = await again.newPage();
    await p2.goto(`${env.baseUrl}/s/c/${CAMPAIGN}?u=HL-X004&k=qr`);
    await p2.locator('.sv-likert').first().waitFor();
    await p2.locator('#sv-dossier').fill(dossier);
    await fillSipas(p2, 1);
    await p2.getByRole('button', { name: 'Gửi phiếu' }).tap();
    await p2.locator('.sv-error').waitFor();
    expect(await p2.locator('.sv-error').textContent()).toBe('Hồ sơ này đã được đánh giá trong đợt khảo sát; mỗi hồ sơ chỉ được đánh giá một lần.');
    await screenshot(p2, 'phone-survey-dossier-refused');
    expect(await countResponses({ dossierCode: dossier })).toBe(1);
    await again.close();

    // a one-time token printed on a receipt: two phones open it, the first answer counts, the second is refused
    const office = await env.t.login('cchc');
    const issued = await office.post(`/api/surveys/campaigns/${campaignId}/tokens`, { unitCode: 'HL-X005', dossierCodes: [`HL-X005-${year}-C-000777`] });
    expect(issued.statusCode, issued.body).toBe(200);
    const token: string = issued.json()[0].token;
    const x005 = await env.t.ctx.db.selectFrom('units').select('name').where('code', '=', 'HL-X005').executeTakeFirstOrThrow();
    const a = await env.browser.newContext(phone);
    const b = await env.browser.newContext(phone);
    const pa = await a.newPage();
    const pb = await b.newPage();
    for (const p of [pa, pb]) {
      await p.goto(`${env.baseUrl}/s/${token.toLowerCase()}`); // typed in small letters from the receipt
      await p.locator('.sv-likert').first().waitFor();
      expect(await p.locator('#sv-dossier').count()).toBe(0); // the token names the dossier
      expect(await p.locator('.sv-head .sv-sub').textContent()).toBe(x005.name); // the unit named by the token
    }
    await fillSipas(pa, 4);
    await pa.getByRole('button', { name: 'Gửi phiếu' }).tap();
    await pa.getByRole('status').filter({ hasText: 'Cảm ơn Ông/Bà!' }).waitFor();
    await fillSipas(pb, 2);
    await pb.getByRole('button', { name: 'Gửi phiếu' }).tap();
    await pb.locator('.sv-error').waitFor();
    expect(await pb.locator('.sv-error').textContent()).toBe('Mã khảo sát trên phiếu hẹn này đã được sử dụng; mỗi hồ sơ chỉ được đánh giá một lần.');
    // opening the used token later shows the notice instead of the form
    await pb.goto(`${env.baseUrl}/s/${token}`);
    await pb.locator('.sv-error').waitFor();
    expect(await pb.locator('.sv-error').textContent()).toBe('Mã khảo sát trên phiếu hẹn này đã được sử dụng. Mỗi hồ sơ chỉ được đánh giá một lần.');
    expect(await pb.locator('.sv-likert').count()).toBe(0);
    await screenshot(pb, 'phone-survey-token-used');
    expect(await countResponses({ token })).toBe(1);
    expect(await countResponses({ token, channel: 'qr', unitCode: 'HL-X005' })).toBe(1);
    await a.close();
    await b.close();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('offline interviewer: two responses kept on the device while offline, synced once despite a lost answer and a replay', async () => {
    const unit = 'HL-X006';
    const before = await countResponses({ channel: 'interviewer', unitCode: unit, clientIdPrefix: 'iv-' });
    const context = await env.browser.newContext({ viewport: { width: 800, height: 1280 }, hasTouch: true, locale: 'vi-VN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await loginInBrowser(page, env.baseUrl, 'dieutra');
    await page.goto(`${env.baseUrl}/interviewer`);
    await page.locator('#iv-campaign').waitFor();
    await page.locator('#iv-campaign').selectOption(CAMPAIGN);
    await page.locator('#iv-unit').selectOption(unit);
    await page.locator('.sv-likert').first().waitFor();

    await context.setOffline(true);
    await expect.poll(() => page.getByTestId('iv-online').textContent()).toBe('Ngoại tuyến');
    await fillSipas(page, 4);
    await page.getByTestId('iv-save').tap();
    await expect.poll(() => page.getByTestId('iv-outbox').textContent()).toBe('Chờ đồng bộ: 1');
    await fillSipas(page, 2, 'Có'); // "Có" shows GY2–GY4, answered too
    await page.getByTestId('iv-save').tap();
    await expect.poll(() => page.getByTestId('iv-outbox').textContent()).toBe('Chờ đồng bộ: 2');
    await screenshot(page, 'interviewer-offline');
    const saved = await readOutbox(page);
    expect(saved).toHaveLength(2);
    expect(saved.every((x) => x.clientId.startsWith('iv-') && x.unit === unit && x.campaign === CAMPAIGN)).toBe(true);
    expect(await countResponses({ channel: 'interviewer', unitCode: unit, clientIdPrefix: 'iv-' })).toBe(before);

    // back online: the automatic sync reaches the server, which stores both, but its answer is lost on the way
    let lost = 0;
    await page.route('**/api/surveys/interviewer/sync', async (route) => {
      const res = await route.fetch();
      expect(res.status()).toBe(200);
      lost++;
      await route.abort('connectionreset');
    });
    await context.setOffline(false);
    await expect.poll(() => lost, { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: 'Đồng bộ ngay' }).isEnabled()).toBe(true);
    expect(await countResponses({ channel: 'interviewer', unitCode: unit, clientIdPrefix: 'iv-' })).toBe(before + 2);
    expect(await page.getByTestId('iv-outbox').textContent()).toBe('Chờ đồng bộ: 2'); // the device does not know yet: keeps both
    await page.unroute('**/api/surveys/interviewer/sync');

    // the retry sends the same ids: the server answers "duplicate", the device settles, nothing counted twice
    await page.getByRole('button', { name: 'Đồng bộ ngay' }).tap();
    await expect.poll(() => page.getByTestId('iv-outbox').textContent()).toBe('Chờ đồng bộ: 0');
    await page.getByText('Đã đồng bộ 2 phiếu').waitFor();
    expect(await countResponses({ channel: 'interviewer', unitCode: unit, clientIdPrefix: 'iv-' })).toBe(before + 2);
    await screenshot(page, 'interviewer-synced');

    // a replay of the whole batch (the outbox restored, the page reloaded): still exactly two
    await page.evaluate(async (items) => {
      const db = await new Promise<IDBDatabase>((ok, ko) => {
        const r = indexedDB.open('chiso-interviewer');
        r.onsuccess = () => ok(r.result);
        r.onerror = () => ko(r.error);
      });
      await new Promise<void>((ok, ko) => {
        const tx = db.transaction('outbox', 'readwrite');
        for (const it of items) tx.objectStore('outbox').put(it);
        tx.oncomplete = () => ok();
        tx.onerror = () => ko(tx.error);
      });
      db.close();
    }, saved);
    await page.reload();
    await expect.poll(async () => (await readOutbox(page)).length, { timeout: 15_000 }).toBe(0);
    await page.getByRole('button', { name: 'Đồng bộ ngay' }).tap();
    expect(await countResponses({ channel: 'interviewer', unitCode: unit, clientIdPrefix: 'iv-' })).toBe(before + 2);
    const rows = await env.t.ctx.db.selectFrom('survey_responses').select(['client_id', 'answers', 'device', 'entered_by']).where('client_id', 'in', saved.map((x) => x.clientId)).orderBy('id').execute();
    expect(rows.map((r) => r.client_id)).toEqual(expect.arrayContaining(saved.map((x) => x.clientId)));
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => (r.answers as Record<string, unknown>).GY0))).toEqual(new Set(['khong', 'co']));
    expect(rows.every((r) => r.entered_by !== null && r.device !== null)).toBe(true);
    expect(await page.locator('.sv-card', { hasText: 'bị máy chủ từ chối' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('offline interviewer: the installed app opens with no network, keeps a response and sends it when back online', async () => {
    const unit = 'HL-X007';
    const before = await countResponses({ channel: 'interviewer', unitCode: unit, clientIdPrefix: 'iv-' });
    const context = await env.browser.newContext({ viewport: { width: 800, height: 1280 }, hasTouch: true, locale: 'vi-VN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await loginInBrowser(page, env.baseUrl, 'dieutra');
    await page.goto(`${env.baseUrl}/interviewer`);
    await page.locator('#iv-campaign').waitFor();
    expect(await page.locator('link[rel="manifest"]').getAttribute('href')).toBe('/interviewer.webmanifest');
    const manifest = await page.request.get(`${env.baseUrl}/interviewer.webmanifest`);
    expect(manifest.status()).toBe(200);
    expect((await manifest.json()).start_url).toBe('/interviewer');
    // the service worker has kept the page and every script and style it loaded
    await expect
      .poll(() => page.evaluate(async () => (await (await caches.open('chiso-interviewer-v1')).keys()).map((r) => new URL(r.url).pathname)), { timeout: 15_000 })
      .toEqual(expect.arrayContaining(['/interviewer', expect.stringMatching(/^\/assets\/InterviewerPage-.*\.js$/)]));

    await context.setOffline(true);
    await page.reload();
    await page.getByText('Điều tra viên — phiếu khảo sát').waitFor();
    await expect.poll(() => page.getByTestId('iv-online').textContent()).toBe('Ngoại tuyến');
    await page.locator('#iv-campaign').selectOption(CAMPAIGN); // the bundle comes from IndexedDB
    await page.locator('#iv-unit').selectOption(unit);
    await fillSipas(page, 3);
    await page.getByTestId('iv-save').tap();
    await expect.poll(() => page.getByTestId('iv-outbox').textContent()).toBe('Chờ đồng bộ: 1');
    await screenshot(page, 'interviewer-offline-reloaded');
    expect(await countResponses({ channel: 'interviewer', unitCode: unit, clientIdPrefix: 'iv-' })).toBe(before);
    await context.setOffline(false);
    await expect.poll(() => page.getByTestId('iv-outbox').textContent(), { timeout: 15_000 }).toBe('Chờ đồng bộ: 0');
    expect(await countResponses({ channel: 'interviewer', unitCode: unit, clientIdPrefix: 'iv-' })).toBe(before + 1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('back office: surveys list, campaign page with live counters and the QR sheet, results with interval bars', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await loginInBrowser(page, env.baseUrl, 'cchc');
    await page.getByRole('link', { name: 'Khảo sát' }).click();
    await page.getByRole('link', { name: CAMPAIGN, exact: true }).waitFor();
    await screenshot(page, 'surveys-list');
    await page.getByRole('link', { name: CAMPAIGN, exact: true }).click();
    await page.getByRole('tab', { name: 'Tiến độ' }).waitFor();
    const office = await env.t.login('cchc');
    const progress = (await office.get(`/api/surveys/campaigns/${campaignId}/progress`)).json();
    const total = page.locator('.ant-statistic', { hasText: 'Số phiếu' }).first().locator('.ant-statistic-content');
    await expect.poll(() => total.textContent()).toBe(progress.totals.responses.toLocaleString('vi-VN'));
    // the counter is live: a response from the web link shows up without a reload (polled every 10 s)
    const res = await env.t.anonymous.post('/api/public/surveys/responses', {
      campaign: CAMPAIGN,
      channel: 'web',
      unit: 'HL-X007',
      clientId: `live-${Date.now()}`,
      startedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      answers: sipasAnswers(4),
    });
    expect(res.statusCode, res.body).toBe(200);
    await expect.poll(() => total.textContent(), { timeout: 20_000 }).toBe((progress.totals.responses + 1).toLocaleString('vi-VN'));
    await screenshot(page, 'survey-campaign');
    // every counter's kiosk address is on the page, for setting up the tablet
    const x003 = page.getByRole('row', { name: /Phường Hòa Bình/ });
    expect(await x003.getByRole('link', { name: 'Mở kiosk' }).getAttribute('href')).toBe(`/kiosk/${CAMPAIGN}/HL-X003`);
    // the printable QR sheet
    const href = await page.getByRole('link', { name: /In mã QR/ }).getAttribute('href');
    expect(href).toBe(`/api/surveys/campaigns/${campaignId}/qr.pdf`);
    const pdf = await page.request.get(`${env.baseUrl}${href}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    // results: the province's elements and the units' intervals are drawn
    await page.getByRole('tab', { name: 'Kết quả' }).click();
    const provinceTotal = (await office.get(`/api/surveys/campaigns/${campaignId}/results`)).json().province.responses;
    await page.getByText(`Toàn đợt — ${provinceTotal.toLocaleString('vi-VN')} phiếu`).waitFor();
    await page.waitForTimeout(1500); // ECharts' entry animation
    await screenshot(page, 'survey-results');
    // the province's elements, the units' intervals and the monthly trend: three charts drawn
    expect(await page.getByRole('tabpanel', { name: 'Kết quả' }).locator('.echarts-for-react canvas').count()).toBe(3);
    expect(await page.locator('.ant-alert-error').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('form builder: a question moved up keeps its own options, on screen and in the saved version', async () => {
    // Two choice questions, each with its options; the second moved above the first. The options box keeps
    // its text until it loses focus, so a card that did not move with its question would show — and, once
    // clicked in and out of, save — the other question's options.
    const page = await env.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await loginInBrowser(page, env.baseUrl, 'cchc');
    await page.goto(`${env.baseUrl}/surveys/forms/new`);
    const cards = page.getByTestId('builder-question');
    await cards.first().waitFor();
    const code = `PHIEU-SAP-XEP-${Date.now()}`;
    await page.locator('.ant-input-group', { has: page.locator('.ant-input-group-addon', { hasText: /^Mã$/ }) }).locator('input').first().fill(code);
    const makeChoice = async (i: number, text: string, options: string) => {
      const card = cards.nth(i);
      await card.getByRole('combobox', { name: 'Loại câu hỏi' }).click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="Một lựa chọn"]').click();
      // the list fades out: until it has gone, the next card's list would make two of them visible
      await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
      await card.getByPlaceholder('Nội dung câu hỏi').fill(text);
      const box = card.getByPlaceholder('Lựa chọn (mỗi dòng: giá_trị|Nhãn)');
      await box.fill(options);
      await box.blur();
    };
    await makeChoice(0, 'Ông/Bà có cần hướng dẫn thêm không?', '1|Có\n2|Không');
    await page.getByRole('button', { name: 'Thêm câu hỏi' }).click();
    await expect.poll(() => cards.count()).toBe(2);
    await makeChoice(1, 'Ông/Bà nộp hồ sơ bằng cách nào?', '1|Trực tiếp\n2|Trực tuyến\n3|Bưu chính');

    await cards.nth(1).getByRole('button', { name: 'Lên' }).click();
    await expect.poll(() => cards.first().locator('.ant-card-head-title').textContent()).toBe('1. Q2');
    const optionsOf = (i: number) => cards.nth(i).getByPlaceholder('Lựa chọn (mỗi dòng: giá_trị|Nhãn)');
    expect(await optionsOf(0).inputValue()).toBe('1|Trực tiếp\n2|Trực tuyến\n3|Bưu chính');
    expect(await optionsOf(1).inputValue()).toBe('1|Có\n2|Không');
    // the user clicks into each box and out again: what is saved is what each box shows
    for (const i of [0, 1]) {
      await optionsOf(i).focus();
      await optionsOf(i).blur();
    }
    await screenshot(page, 'survey-form-builder');
    await page.getByRole('button', { name: 'Lưu thành phiên bản mới' }).click();
    await page.waitForURL(/\/surveys\/forms\/\d+$/);
    const saved = await env.t.ctx.db.selectFrom('survey_forms').select('definition').where('code', '=', code).executeTakeFirstOrThrow();
    const questions = (saved.definition as { questions: { code: string; type: string; options?: unknown }[] }).questions;
    expect(questions.map((q) => [q.code, q.type, q.options])).toEqual([
      ['Q2', 'choice', [{ value: '1', label: 'Trực tiếp' }, { value: '2', label: 'Trực tuyến' }, { value: '3', label: 'Bưu chính' }]],
      ['Q1', 'choice', [{ value: '1', label: 'Có' }, { value: '2', label: 'Không' }]],
    ]);

    // the saved version opens (it says which one it is) with each question's own options too; deleting the
    // first leaves the other's. Waiting for the tag, not the options: while the next page loads, the builder
    // just left is still on screen with the same options.
    await expect.poll(() => page.getByTestId('builder-version').textContent()).toBe(`Phiếu ${code} — phiên bản 1`);
    expect(await optionsOf(0).inputValue()).toBe('1|Trực tiếp\n2|Trực tuyến\n3|Bưu chính');
    await cards.first().getByRole('button', { name: 'Xóa' }).click();
    await expect.poll(() => cards.count()).toBe(1);
    expect(await optionsOf(0).inputValue()).toBe('1|Có\n2|Không');
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** Every required SIPAS answer the way a respondent gives it: all likert rows at `value`, GY0, nothing else. */
function sipasAnswers(value: number) {
  const codes = ['TC1', 'TC2', 'TC3', 'TT1', 'TT2', 'TT3', 'TT4', 'CC1', 'CC2', 'CC3', 'CC4', 'CC5', 'KQ1', 'KQ2', 'KQ3'];
  return { ...Object.fromEntries(codes.map((c) => [c, value])), GY0: 'khong' };
}

/** Fills the whole SIPAS form on the web/QR page or the interviewer app by tapping. */
async function fillSipas(page: Page, value: number, feedback: 'Có' | 'Không' = 'Không') {
  const gy0 = page.locator('fieldset', { hasText: 'Ông/Bà có góp ý, phản ánh, kiến nghị' });
  await gy0.getByRole('radio', { name: feedback, exact: true }).tap();
  for (const lk of await page.locator('.sv-likert').all()) await lk.locator(`.sv-lk-${value}`).tap();
  await page.locator('fieldset', { hasText: 'Giới tính' }).getByRole('radio', { name: 'Nữ', exact: true }).tap();
}

async function readOutbox(page: Page): Promise<{ clientId: string; unit: string; campaign: string }[]> {
  return page.evaluate(
    () =>
      new Promise((ok, ko) => {
        const r = indexedDB.open('chiso-interviewer');
        r.onerror = () => ko(r.error);
        r.onsuccess = () => {
          const db = r.result;
          const q = db.transaction('outbox').objectStore('outbox').getAll();
          q.onsuccess = () => {
            ok(q.result);
            db.close();
          };
          q.onerror = () => ko(q.error);
        };
      }),
  );
}

// Deterministic one-stop data for the demo province and the benchmark: a procedure catalogue and
// dossiers spread over months, with the mix a one-stop export shows (mostly on time, a few late with or
// without an apology slip, some still open, ratings for a minority). Same seed → same rows.
import type { AppContext } from '../../app-context';
import { DOSSIER_COLUMNS } from '../../formats/dossiers.format';
import type { CsvRecord } from '../../formats/csv';
import { ymText } from './onestop.periods';
import * as repo from './onestop.repository';
import { ensureCalendar, importDossiers, importProcedures } from './onestop.service';

/** mulberry32: tiny, fast, and the same everywhere. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoProcedure {
  code: string;
  processingDays: number;
}

const SECTORS = ['Tư pháp', 'Đất đai', 'Xây dựng', 'Đăng ký kinh doanh', 'Lao động', 'Giáo dục', 'Y tế', 'Giao thông', 'Nông nghiệp', 'Văn hóa'];
const NAMES = ['Cấp giấy phép', 'Đăng ký', 'Cấp đổi', 'Chứng thực', 'Điều chỉnh', 'Gia hạn', 'Cấp lại', 'Xác nhận', 'Thẩm định', 'Công nhận'];

/** procedures.csv text: `count` procedures, province level bound to departments, commune level shared. */
export function demoProceduresCsv(count: number, departmentCodes: readonly string[], seed: number): { csv: string; procedures: DemoProcedure[] } {
  const r = prng(seed);
  const lines = ['code,name,sector,level,processing_days,online_level,fee_vnd,cut_percent,unit_code'];
  const procedures: DemoProcedure[] = [];
  for (let i = 0; i < count; i++) {
    const commune = i % 3 === 0;
    const code = `${commune ? '2' : '1'}.${String(i + 1).padStart(6, '0')}`;
    const sector = SECTORS[i % SECTORS.length];
    const days = [1, 3, 5, 7, 10, 15, 20][Math.floor(r() * 7)];
    const online = r() < 0.55 ? 'full' : r() < 0.75 ? 'partial' : 'none';
    const cut = r() < 0.45 ? [30, 30, 40, 50][Math.floor(r() * 4)] : r() < 0.5 ? 10 : 0;
    const unit = !commune && departmentCodes.length ? departmentCodes[i % departmentCodes.length] : '';
    lines.push(`${code},${NAMES[i % NAMES.length]} ${sector.toLowerCase()} (mẫu ${i + 1}),${sector},${commune ? 'commune' : 'province'},${days},${online},${Math.floor(r() * 10) * 10000},${cut},${unit}`);
    procedures.push({ code, processingDays: days });
  }
  return { csv: `${lines.join('\n')}\n`, procedures };
}

const pad = (n: number) => String(n).padStart(2, '0');
/** Vietnam wall-clock text (no offset = Asia/Ho_Chi_Minh per formats.md) of a UTC-ms "local" value. */
const local = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
};
const DAY = 86_400_000;

export interface DemoDossierOptions {
  n: number;
  seed: number;
  /** Units that receive dossiers, with the procedures each may handle. */
  units: readonly { code: string; procedures: readonly DemoProcedure[] }[];
  fromYm: number;
  toYm: number;
  /** Vietnam date: dossiers received in the last weeks before it are often still open. */
  today: string;
  prefix?: string;
}

/** Rows in DOSSIER_COLUMNS order. */
export function* demoDossierRows(o: DemoDossierOptions): Generator<string[]> {
  const r = prng(o.seed);
  const start = Date.UTC(Math.floor(o.fromYm / 100), (o.fromYm % 100) - 1, 1);
  const end = Math.min(Date.UTC(Math.floor(o.toYm / 100), o.toYm % 100, 1), Date.UTC(+o.today.slice(0, 4), +o.today.slice(5, 7) - 1, +o.today.slice(8, 10)));
  const spanDays = Math.max(1, Math.floor((end - start) / DAY));
  const todayMs = Date.UTC(+o.today.slice(0, 4), +o.today.slice(5, 7) - 1, +o.today.slice(8, 10));
  // Some units are reliably slower: their late share is a few times the others'.
  const slowness = o.units.map(() => (r() < 0.15 ? 4 : 1));
  for (let i = 0; i < o.n; i++) {
    const ui = Math.floor(r() * o.units.length);
    const unit = o.units[ui];
    const p = unit.procedures[Math.floor(r() * unit.procedures.length)];
    let day = start + Math.floor(r() * spanDays) * DAY;
    const dow = new Date(day).getUTCDay();
    if (dow === 0) day += DAY;
    if (dow === 6) day += 2 * DAY;
    const received = day + (7 * 60 + 30 + Math.floor(r() * 570)) * 60_000;
    const channel = r() < 0.48 ? 'online' : r() < 0.93 ? 'direct' : 'postal';
    const x = r();
    let status = x < 0.02 ? 1 : x < 0.035 ? 3 : 10;
    const calendarDays = Math.ceil(p.processingDays * 1.45) + 1;
    const lateP = 0.015 * slowness[ui];
    const late = r() < lateP;
    const ageDays = (todayMs - day) / DAY;
    const open = status === 10 && (ageDays < calendarDays * 1.2 ? r() < 0.6 : r() < 0.004);
    let resolved = '';
    let apologyAt = '';
    let newDue = '';
    if (status === 10 && !open) {
      const spent = late ? calendarDays + 1 + Math.floor(r() * 6) : Math.max(0, Math.floor(r() * (calendarDays - 1)));
      // A same-day resolution comes after the receipt, never before it.
      const resolvedMs = Math.max(day + spent * DAY + (8 * 60 + Math.floor(r() * 480)) * 60_000, received + 20 * 60_000);
      if (resolvedMs >= todayMs + DAY) status = 4;
      else {
        resolved = local(resolvedMs);
        status = r() < 0.8 ? 10 : 9;
      }
    } else if (open) status = r() < 0.85 ? 4 : 5;
    if ((late || (open && ageDays > calendarDays)) && r() < 0.55) {
      apologyAt = local(day + Math.max(0, calendarDays - 3) * DAY + 9 * 3600_000);
      newDue = local(day + (calendarDays + 7) * DAY + 17 * 3600_000);
    }
    const received_ = local(received);
    const digitized = r() < 0.86 ? '1' : '0';
    const eResult = resolved && r() < 0.72 ? '1' : '0';
    const paid = channel === 'online' && r() < 0.6 ? '1' : '0';
    const rated = resolved && r() < 0.4;
    const q = r();
    const rating = rated ? String(q < 0.47 ? 5 : q < 0.82 ? 4 : q < 0.93 ? 3 : q < 0.97 ? 2 : 1) : '';
    yield [
      `${o.prefix ?? 'HS'}${String(i + 1).padStart(8, '0')}`,
      p.code,
      unit.code,
      channel,
      received_,
      '',
      resolved,
      resolved && status === 10 ? resolved : '',
      String(status),
      status === 5 ? '2' : '0',
      apologyAt,
      newDue,
      paid,
      digitized,
      eResult,
      rating,
    ];
  }
}

export async function* asRecords(rows: Iterable<string[]>): AsyncGenerator<CsvRecord> {
  for (const row of rows) {
    const rec: CsvRecord = {};
    for (let i = 0; i < DOSSIER_COLUMNS.length; i++) rec[DOSSIER_COLUMNS[i]] = row[i];
    yield rec;
  }
}

/**
 * The demo seeder: calendar, a catalogue, and dossiers from 2025-01 to the month before today for the
 * province's current departments and communes. Volume: CHISO_DEMO_DOSSIERS (default 20,000; under the
 * test runner 1,500 so every other suite that seeds the demo stays fast; 0 = catalogue only).
 */
export async function seedOnestopDemo(ctx: AppContext): Promise<void> {
  const n = Number(process.env.CHISO_DEMO_DOSSIERS ?? (process.env.VITEST ? 1500 : 20000));
  await ensureCalendar(ctx.db);
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const units = (await repo.allUnits(ctx.db)).filter(
    (u) => (u.group_code === 'department' || u.group_code === 'commune') && (u.valid_to === null || u.valid_to >= today) && (u.valid_from === null || u.valid_from <= today),
  );
  const departments = units.filter((u) => u.group_code === 'department').map((u) => u.code).sort();
  const { csv, procedures } = demoProceduresCsv(90, departments, 20251);
  await importProcedures(ctx, null, Buffer.from(csv), 'demo-procedures.csv');
  if (!(n > 0) || units.length === 0) return;
  const provinceLevel = procedures.filter((p) => p.code.startsWith('1.'));
  const communeLevel = procedures.filter((p) => p.code.startsWith('2.'));
  const perUnit = units.map((u) => ({
    code: u.code,
    procedures: u.group_code === 'commune' ? communeLevel : provinceLevel.filter((_, i) => departments[i % departments.length] === u.code),
  })).filter((u) => u.procedures.length > 0);
  const ym = Number(today.slice(0, 4)) * 100 + Number(today.slice(5, 7));
  const rows = demoDossierRows({ n, seed: 766, units: perUnit, fromYm: 202501, toYm: ym, today });
  await importDossiers(ctx, null, { filename: `demo-dossiers-${ymText(202501)}..${ymText(ym)}.csv`, records: asRecords(rows) });
}

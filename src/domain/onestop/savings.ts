// Estimate of what the province's time cuts saved citizens: working days saved × an assumed value of a
// day (onestop.json `savings.valuePerDayVnd`, an assumption, not a published figure).
import type { Procedure } from './types';

export interface SavingsEstimate {
  /** Dossiers of procedures with a cut. */
  dossiers: number;
  workingDaysSaved: number;
  valueVnd: number;
  /** e.g. "Rút ngắn thời gian giải quyết 52.340 hồ sơ, tiết kiệm ước tính 60 tỷ đồng" */
  sentence: string;
}

/**
 * Days saved per dossier = national legal time − the province's time. `processing_days` is the time the
 * province applies, cut by `cut_percent` from the legal time, so legal = days ÷ (1 − cut/100).
 */
export function daysSavedPerDossier(p: Procedure): number {
  if (p.processingDays === null || p.cutPercent === null || p.cutPercent <= 0 || p.cutPercent >= 100) return 0;
  return p.processingDays / (1 - p.cutPercent / 100) - p.processingDays;
}

/** `resolvedByProcedure`: resolved dossiers counted per procedure code (from the indicator counts). */
export function estimateSavings(
  resolvedByProcedure: ReadonlyMap<string, number>,
  procedures: ReadonlyMap<string, Procedure>,
  valuePerDayVnd: number,
): SavingsEstimate {
  let dossiers = 0;
  let days = 0;
  for (const [code, n] of resolvedByProcedure) {
    const p = procedures.get(code);
    const saved = p ? daysSavedPerDossier(p) : 0;
    if (saved <= 0) continue;
    dossiers += n;
    days += n * saved;
  }
  const valueVnd = Math.round(days * valuePerDayVnd);
  return { dossiers, workingDaysSaved: days, valueVnd, sentence: savingsSentence(dossiers, valueVnd) };
}

export function savingsSentence(dossiers: number, valueVnd: number): string {
  return `Rút ngắn thời gian giải quyết ${new Intl.NumberFormat('vi-VN').format(dossiers)} hồ sơ, tiết kiệm ước tính ${formatVnd(valueVnd)}`;
}

/** Vietnamese money words: "60 tỷ đồng", "1,5 tỷ đồng", "350 triệu đồng", "12.000 đồng". */
export function formatVnd(value: number): string {
  const fmt = (n: number) => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format(n);
  if (Math.abs(value) >= 1e9) return `${fmt(value / 1e9)} tỷ đồng`;
  if (Math.abs(value) >= 1e6) return `${fmt(value / 1e6)} triệu đồng`;
  return `${new Intl.NumberFormat('vi-VN').format(Math.round(value))} đồng`;
}

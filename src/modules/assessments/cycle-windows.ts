// Deadlines: each phase of a cycle accepts writes only in its state and inside its window of the timeline.
import { AppError } from '../../errors';
import type { CycleRow } from './assessments.repository';

export type Phase = 'self' | 'appraisal' | 'explanation' | 'second_review';

const PHASE: Record<Phase, { state: CycleRow['state']; label: string; opens: (c: CycleRow) => Date | null; closes: (c: CycleRow) => Date }> = {
  self: { state: 'self_assessment', label: 'tự đánh giá', opens: (c) => new Date(c.self_opens_at), closes: (c) => new Date(c.self_closes_at) },
  appraisal: { state: 'appraisal', label: 'thẩm định', opens: () => null, closes: (c) => new Date(c.appraisal_closes_at) },
  explanation: {
    state: 'explanation',
    label: 'giải trình',
    opens: (c) => new Date(c.explanation_opens_at),
    closes: (c) => new Date(c.explanation_closes_at),
  },
  second_review: { state: 'second_review', label: 'thẩm định lại', opens: () => null, closes: (c) => new Date(c.second_review_closes_at) },
};

export const STATE_LABELS: Record<CycleRow['state'], string> = {
  draft: 'Bản nháp',
  self_assessment: 'Tự đánh giá',
  appraisal: 'Thẩm định',
  explanation: 'Giải trình',
  second_review: 'Thẩm định lại',
  finalized: 'Đã chốt kết quả (khóa)',
  published: 'Đã công bố',
};

/** Vietnam time, as deadlines are written in decisions: 17:00 ngày 15/01/2026. */
export function formatVnTime(d: Date): string {
  const v = new Date(d.getTime() + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(v.getUTCHours())}:${p(v.getUTCMinutes())} ngày ${p(v.getUTCDate())}/${p(v.getUTCMonth() + 1)}/${v.getUTCFullYear()}`;
}

export function requireNotLocked(cycle: CycleRow): void {
  if (cycle.locked_at !== null) throw new AppError('locked', `Kỳ đánh giá "${cycle.name}" đã chốt và khóa, không thể thay đổi`);
}

/** Throws unless the cycle is in the phase's state and `now` lies inside its window. */
export function requirePhase(cycle: CycleRow, phase: Phase, now: Date): void {
  requireNotLocked(cycle);
  const p = PHASE[phase];
  if (cycle.state !== p.state) {
    throw new AppError('conflict', `Kỳ đánh giá đang ở giai đoạn "${STATE_LABELS[cycle.state]}", không phải giai đoạn ${p.label}`);
  }
  const opens = p.opens(cycle);
  if (opens && now < opens) throw new AppError('conflict', `Giai đoạn ${p.label} mở từ ${formatVnTime(opens)}`);
  const closes = p.closes(cycle);
  if (now > closes) throw new AppError('deadline_passed', `Đã hết hạn ${p.label} (hạn chót ${formatVnTime(closes)})`);
}

/** Why the phase is closed at `now` (requirePhase's message), or null when it is open. */
export function phaseRefusal(cycle: CycleRow, phase: Phase, now: Date): string | null {
  try {
    requirePhase(cycle, phase, now);
    return null;
  } catch (err) {
    if (err instanceof AppError) return err.message;
    throw err;
  }
}

export function phaseOpen(cycle: CycleRow, phase: Phase, now: Date): boolean {
  return phaseRefusal(cycle, phase, now) === null;
}

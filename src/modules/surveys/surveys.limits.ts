// Rate limits of the public submission endpoint, in memory (one process serves the province). These are
// operating limits against floods, not methodology: a counter kiosk sends one response a minute at most,
// while a commune office behind one NAT address may carry a few dozen phones.
import { AppError } from '../../errors';

export interface SubmissionLimits {
  /** submissions per address per window */
  perAddress: number;
  /** submissions per device id (kiosk, phone) per window */
  perDevice: number;
  windowMs: number;
}

const DEFAULT_LIMITS: SubmissionLimits = { perAddress: 120, perDevice: 20, windowMs: 60_000 };
let limits: SubmissionLimits = { ...DEFAULT_LIMITS };

/** Benchmarks and load tests drive the endpoint from one address; they raise the limit explicitly. */
export function setSubmissionLimits(next: Partial<SubmissionLimits> | null): void {
  limits = next === null ? { ...DEFAULT_LIMITS } : { ...limits, ...next };
}

// Fixed windows keyed by "a:<ip>" / "d:<device>": two small maps, swept when a window rolls over.
let windowStart = 0;
let counts = new Map<string, number>();

function hit(key: string, max: number, now: number): boolean {
  if (now - windowStart >= limits.windowMs) {
    windowStart = now;
    counts = new Map();
  }
  const n = (counts.get(key) ?? 0) + 1;
  counts.set(key, n);
  return n <= max;
}

export function checkSubmissionRate(address: string, device: string | undefined, now = Date.now()): void {
  const okAddress = hit(`a:${address}`, limits.perAddress, now);
  const okDevice = device ? hit(`d:${device}`, limits.perDevice, now) : true;
  if (!okAddress || !okDevice) {
    throw new AppError('rate_limited', 'Bạn gửi phiếu quá nhanh. Vui lòng đợi một phút rồi thử lại.');
  }
}

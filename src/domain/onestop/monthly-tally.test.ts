// MonthlyTally by hand: the counts the bulk load adds up while it reads, each as the SQL summary defines it.
import { describe, expect, it } from 'vitest';
import { type MonthlyTallyRow, MonthlyTally, type TalliedDossier } from './monthly-tally';

// day numbers: 20150 = 2025-03-03
const dossier = (p: Partial<TalliedDossier>): TalliedDossier => ({
  unitId: 1,
  channel: 'online',
  received: true,
  receivedYm: 202503,
  resolvedDay: null,
  dueDay: 20157,
  digitized: false,
  eResult: false,
  paidOnline: false,
  apologyOk: false,
  rating: null,
  ...p,
});
const sorted = (rows: MonthlyTallyRow[]) => [...rows].sort((a, b) => a.unitId - b.unitId || a.ym - b.ym || a.channel.localeCompare(b.channel));

describe('MonthlyTally', () => {
  it('counts received, resolved, on time, early, late, late with a compliant apology, flags and ratings', () => {
    const t = new MonthlyTally();
    t.add(dossier({ resolvedDay: 20155, digitized: true, rating: 5 })); // early (and so on time)
    t.add(dossier({ resolvedDay: 20157, paidOnline: true, rating: 4 })); // on time, not early
    t.add(dossier({ resolvedDay: 20159, apologyOk: true, eResult: true })); // late, apology ok, e-result of a resolved one
    t.add(dossier({ resolvedDay: 20160 })); // late
    t.add(dossier({ eResult: true, rating: 1 })); // open: its e-result does not count (resolved only)
    t.add(dossier({ resolvedDay: 20155, dueDay: null })); // resolved, no due date: neither on time nor late
    t.add(dossier({ received: false, digitized: true })); // not received: nowhere
    t.add(dossier({ channel: 'direct', receivedYm: 202504 })); // another month and channel
    //            received resolved on_time early late digitized e_result paid late_apology r1 r2 r3 r4 r5
    expect(sorted(t.result())).toEqual([
      { unitId: 1, ym: 202503, channel: 'online', counts: [6, 5, 2, 1, 2, 1, 1, 1, 1, 1, 0, 0, 1, 1] },
      { unitId: 1, ym: 202504, channel: 'direct', counts: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
    ]);
  });

  it('a unit id, a year or a channel outside the dense ranges counts the same, in its own row', () => {
    const t = new MonthlyTally();
    const odd = [
      dossier({ unitId: 5_000_000, resolvedDay: 20155 }),
      dossier({ receivedYm: 185001, resolvedDay: 20155 }),
      ...['online', 'direct', 'postal', 'kiosk', 'app'].map((channel) => dossier({ channel })),
    ];
    for (const d of odd) t.add(d);
    const one = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const early = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    expect(sorted(t.result())).toEqual([
      { unitId: 1, ym: 185001, channel: 'online', counts: early },
      { unitId: 1, ym: 202503, channel: 'app', counts: one },
      { unitId: 1, ym: 202503, channel: 'direct', counts: one },
      { unitId: 1, ym: 202503, channel: 'kiosk', counts: one },
      { unitId: 1, ym: 202503, channel: 'online', counts: one },
      { unitId: 1, ym: 202503, channel: 'postal', counts: one },
      { unitId: 5_000_000, ym: 202503, channel: 'online', counts: early },
    ]);
  });
});

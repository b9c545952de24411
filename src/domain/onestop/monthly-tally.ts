// The monthly counts of received dossiers per unit × month of receipt × channel, tallied one dossier at
// a time: the bulk import adds them up while it reads the file instead of grouping a million stored rows
// afterwards. Each count is the one the repository's SQL summary (onestop_monthly, MONTHLY_COUNTS) makes,
// with SQL's comparisons: a count that compares with a missing date does not count. Dates are day numbers,
// which order as the dates do.

/** The counted columns of onestop_monthly, in its order. */
export const MONTHLY_TALLY_COLUMNS = [
  'received',
  'resolved',
  'on_time',
  'early',
  'late',
  'digitized',
  'e_result',
  'paid_online',
  'late_apology_ok',
  'rating1',
  'rating2',
  'rating3',
  'rating4',
  'rating5',
] as const;

/** What the tally reads of a dossier (dates as day numbers, days since 1970-01-01). */
export interface TalliedDossier {
  unitId: number;
  channel: string;
  received: boolean;
  /** YYYYMM of the receipt date. */
  receivedYm: number | null;
  resolvedDay: number | null;
  dueDay: number | null;
  digitized: boolean;
  eResult: boolean;
  paidOnline: boolean;
  apologyOk: boolean;
  rating: number | null;
}

export interface MonthlyTallyRow {
  unitId: number;
  ym: number;
  channel: string;
  counts: number[];
}

export class MonthlyTally {
  /** Per unit, keyed by month and channel folded into one small integer (a string key per row cost more than the counting). */
  private readonly units = new Map<number, Map<number, MonthlyTallyRow>>();
  private readonly channels = new Map<string, number>();

  /** Counts one dossier; one that was not received counts nowhere. */
  add(d: TalliedDossier): void {
    if (!d.received || d.receivedYm === null) return;
    let ch = this.channels.get(d.channel);
    if (ch === undefined) {
      ch = this.channels.size;
      this.channels.set(d.channel, ch);
    }
    let months = this.units.get(d.unitId);
    if (months === undefined) {
      months = new Map();
      this.units.set(d.unitId, months);
    }
    const key = d.receivedYm * 64 + ch;
    let row = months.get(key);
    if (row === undefined) {
      row = { unitId: d.unitId, ym: d.receivedYm, channel: d.channel, counts: new Array(MONTHLY_TALLY_COLUMNS.length).fill(0) };
      months.set(key, row);
    }
    const c = row.counts;
    const resolved = d.resolvedDay;
    const due = d.dueDay;
    c[0]++;
    if (resolved !== null) {
      c[1]++;
      if (due !== null) {
        if (resolved <= due) c[2]++;
        if (resolved < due) c[3]++;
        if (resolved > due) {
          c[4]++;
          if (d.apologyOk) c[8]++;
        }
      }
      if (d.eResult) c[6]++;
    }
    if (d.digitized) c[5]++;
    if (d.paidOnline) c[7]++;
    if (d.rating !== null && d.rating >= 1 && d.rating <= 5) c[8 + d.rating]++;
  }

  /** The tallied rows (unit × month × channel), in no particular order. */
  result(): MonthlyTallyRow[] {
    return [...this.units.values()].flatMap((m) => [...m.values()]);
  }
}

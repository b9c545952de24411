// Vietnamese formatting everywhere: 1.234,5 and dd/mm/yyyy.
const num = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
const pct = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const date = new Intl.DateTimeFormat('vi-VN', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Asia/Ho_Chi_Minh' });
const dateTime = new Intl.DateTimeFormat('vi-VN', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Asia/Ho_Chi_Minh',
});
export const viCollator = new Intl.Collator('vi', { numeric: true });

export const fmtNumber = (n: number | null | undefined) => (n === null || n === undefined ? '—' : num.format(n));
export const fmtPercent = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${pct.format(n)} %`);
export function fmtDate(d: string | Date | null | undefined): string {
  if (!d) return '—';
  if (typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d)) {
    const [y, m, day] = d.split('-');
    return `${day}/${m}/${y}`;
  }
  return date.format(new Date(d));
}
export const fmtDateTime = (d: string | Date | null | undefined) => (d ? dateTime.format(new Date(d)) : '—');

/**
 * Calendar dates as ISO strings ("2024-08-29"), the way the database, the API
 * and the JSON output carry them. Users may type 29/08/2024 (en-GB order) or
 * the ISO form; anything else, or a day that does not exist, is refused.
 */
export type IsoDate = string;

export type DateParse = { ok: true; date: IsoDate } | { ok: false; message: string };

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function iso(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function parseDate(raw: string): DateParse {
  const text = raw.trim();
  const shown = JSON.stringify(raw.length > 30 ? `${raw.slice(0, 30)}…` : raw);
  if (text === '') return { ok: false, message: 'expected a date such as 2024-08-29 or 29/08/2024, found nothing' };
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  let y: number, mo: number, d: number;
  if (m) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else {
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
    if (!m) return { ok: false, message: `${shown} is not a date: expected e.g. 2024-08-29 or 29/08/2024` };
    [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  if (y < 2000 || y > 2099)
    return { ok: false, message: `${shown} is outside the years this app handles (2000 to 2099)` };
  if (mo < 1 || mo > 12) return { ok: false, message: `${shown} is not a date: there is no month ${mo}` };
  if (d < 1 || d > daysIn(y, mo))
    return { ok: false, message: `${shown} is not a date: ${MONTHS[mo - 1]} ${y} has ${daysIn(y, mo)} days` };
  return { ok: true, date: iso(y, mo, d) };
}

export function isIsoDate(text: string): boolean {
  const p = parseDate(text);
  return p.ok && p.date === text;
}

/** "29 August 2024", as a board paper writes it. */
export function formatDate(date: IsoDate): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  const t = (x: IsoDate) => {
    const [y, m, d] = x.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((t(b) - t(a)) / 86_400_000);
}

/** Today's date where the user is (the machine's local calendar day). */
export function localIsoDate(now: Date): IsoDate {
  return iso(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

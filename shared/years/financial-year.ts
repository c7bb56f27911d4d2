/**
 * An English public-sector financial year, 1 April to 31 March, labelled as
 * the BCF templates label it in file names and the database: "2019-20".
 * Council papers also write "2019/20" and "2019/2020"; all are accepted.
 */
export type YearLabel = string;

export type YearParse = { ok: true; year: YearLabel } | { ok: false; message: string };

export function parseYear(raw: string): YearParse {
  const m = /^\s*(\d{4})\s*[-/\u2013]\s*(\d{2}|\d{4})\s*$/.exec(raw);
  if (!m) return { ok: false, message: `${JSON.stringify(raw)} is not a financial year; expected e.g. 2019-20` };
  const start = Number(m[1]);
  const expected = start + 1;
  const end = Number(m[2]);
  if (m[2]!.length === 2 ? end !== expected % 100 : end !== expected) {
    return {
      ok: false,
      message: `${JSON.stringify(raw)} is not a financial year: ${start} should be followed by ${String(expected).slice(2)}`,
    };
  }
  if (start < 2000 || start > 2098)
    return { ok: false, message: `${JSON.stringify(raw)} is outside the years this app handles (2000-01 to 2098-99)` };
  return { ok: true, year: yearLabel(start) };
}

export function yearLabel(startYear: number): YearLabel {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/** The financial year a date falls in (today by default, in the user's own time zone): April starts a new one. */
export function yearOf(date: Date = new Date()): YearLabel {
  return yearLabel(date.getMonth() >= 3 ? date.getFullYear() : date.getFullYear() - 1);
}

export function startYearOf(year: YearLabel): number {
  return Number(year.slice(0, 4));
}

/** "2019/20", as the 2019/20 plan prints it in its column headers. */
export function slashLabel(year: YearLabel): string {
  return year.replace('-', '/');
}

export function nextYear(year: YearLabel): YearLabel {
  return yearLabel(startYearOf(year) + 1);
}

export function previousYear(year: YearLabel): YearLabel {
  return yearLabel(startYearOf(year) - 1);
}

export function yearDates(year: YearLabel): { startsOn: string; endsOn: string } {
  const start = startYearOf(year);
  return { startsOn: `${start}-04-01`, endsOn: `${start + 1}-03-31` };
}

/**
 * Excel's rules for a sheet name, in one place. Excel (and exceljs, which
 * throws rather than cleaning) refuses a name that is empty, longer than 31
 * characters, holds any of : \ / ? * [ ], starts or ends with an apostrophe,
 * is "History" in any case (Excel keeps it for its change tracking), or
 * matches another sheet's name ignoring case. A pool, partner or area name
 * can be any of these, so an export cleans a user's name rather than failing
 * on it; a template profile's names must be the official workbook's own, so
 * those are checked and refused instead (see sheetNameProblem).
 */

export const SHEET_NAME_MAX = 31;
const FORBIDDEN = /[:\\/?*[\]]/g;
// Control, format and separator characters: invisible on a tab, and some readers choke on them.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
const RESERVED = ['history'];

/** Why Excel would refuse this name as it stands, or null when it would take it. */
export function sheetNameProblem(name: string): string | null {
  if (name.trim() === '') return 'a sheet name cannot be blank';
  if (name.length > SHEET_NAME_MAX) return `a sheet name has at most ${SHEET_NAME_MAX} characters`;
  if (/[:\\/?*[\]]/.test(name)) return 'a sheet name cannot hold any of : \\ / ? * [ ]';
  if (name.startsWith("'") || name.endsWith("'")) return 'a sheet name cannot start or end with an apostrophe';
  if (RESERVED.includes(name.toLowerCase())) return `"${name}" is a name Excel keeps for itself`;
  if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(name)) return 'a sheet name cannot hold invisible or control characters';
  return null;
}

/** Cuts to at most `max` UTF-16 units without splitting a surrogate pair (half a character is not a character). */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** Trims spaces and apostrophes from both ends: what is left can neither start nor end with either. */
const trimEnds = (text: string) => text.replace(/^[\s']+|[\s']+$/g, '');

/**
 * A name Excel accepts, as close to `wanted` as the rules allow, and not yet
 * in `taken` (lower-cased names already used, which this adds to). `fallback`
 * stands in when nothing of `wanted` survives cleaning; it must itself be safe.
 */
export function safeSheetName(wanted: string, taken: Set<string>, fallback = 'Sheet'): string {
  // An apostrophe inside the name ("Children's Services") must be doubled in every formula that refers to the
  // sheet, and Gnumeric cannot read that; the typographic apostrophe reads the same and needs no doubling.
  const base =
    trimEnds(
      cut(trimEnds(wanted.replace(FORBIDDEN, ' ').replace(INVISIBLE, '').replace(/\s+/g, ' ')), SHEET_NAME_MAX),
    ).replace(/'/g, '\u2019') || fallback;
  const free = (c: string) => !taken.has(c.toLowerCase()) && !RESERVED.includes(c.toLowerCase());
  let candidate = base;
  for (let n = 2; !free(candidate); n++) {
    const suffix = ` (${n})`;
    candidate = `${trimEnds(cut(base, SHEET_NAME_MAX - suffix.length)) || fallback}${suffix}`;
  }
  taken.add(candidate.toLowerCase());
  return candidate;
}

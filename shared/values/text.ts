/**
 * Text a user types or a file holds, before it is stored: the same limits and
 * the same refusal of invisible characters for a form, an import and an API
 * request.
 */

/**
 * Characters that have no business in a cell: control characters (which can
 * rewrite a terminal or hide text), the bidirectional overrides, isolates and
 * marks (RLM, LRM, ALM) used to make text display differently from what it
 * is, characters that take no space at all (zero-width space and joiners,
 * word joiner, a byte order mark inside the text) and the line and paragraph
 * separators: two names that look the same must be the same. U+FFFD is what a
 * decoder leaves where it could not read a character: storing it would lose
 * what the user typed. Tabs and line breaks are fine.
 */
export const UNSAFE_CHARACTER =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb\ufffd]/;
const UNSAFE_EVERYWHERE = new RegExp(UNSAFE_CHARACTER.source, 'g');

/** "U+001B": how a character a user cannot see is named. */
export function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** How an unsafe character is described to a user: "an invisible control character (U+200B)". */
export function unsafeCharacterName(ch: string): string {
  return `${ch === '\ufffd' ? 'a character that could not be read' : 'an invisible control character'} (${codePoint(ch)})`;
}

/** The message for text holding an unsafe character (naming which), or null. */
export function unsafeCharacterProblem(value: string, label?: string): string | null {
  const unsafe = UNSAFE_CHARACTER.exec(value);
  return unsafe
    ? `${label ? `${label} ` : ''}contains ${unsafeCharacterName(unsafe[0])}; retype the text or remove it`
    : null;
}

/** Why text may not be stored as it is (an unsafe character, or too long), or null. Never echoes the text. */
export function textProblem(value: string, max: number, label?: string): string | null {
  return (
    unsafeCharacterProblem(value, label) ??
    (value.length > max
      ? `${label ? `${label} is ` : ''}more than ${max.toLocaleString('en-GB')} characters; shorten it`
      : null)
  );
}

/** Text safe to print in a message or on a terminal: unsafe characters shown as "?". */
export function printable(value: string): string {
  return value.replace(UNSAFE_EVERYWHERE, '?');
}

/** A value quoted in a message: at most `max` characters of it, printable. */
export function quoteText(value: string, max = 40): string {
  return JSON.stringify(printable(value.length > max ? `${value.slice(0, max)}…` : value));
}

/**
 * How two names are compared wherever they are matched — a funding source, a scheme's heading, an
 * area, a partner: case, spaces at the ends and runs of inner spaces ignored ("Carers  Services "
 * and "carers services" are one heading). SQL does the same through the `name_key` function every
 * connection registers (electron/db/connection.ts).
 */
export function nameKey(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * Text a user types or a file holds, before it is stored: the same limits and
 * the same refusal of invisible characters for a form, an import and an API
 * request.
 */

/**
 * Characters that have no business in a cell: control characters (which can
 * rewrite a terminal or hide text) and the bidirectional overrides and
 * isolates used to make text display differently from what it is. Tabs and
 * line breaks are fine.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
export const UNSAFE_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_EVERYWHERE = new RegExp(UNSAFE_CHARACTER.source, 'g');

/** "U+001B": how a character a user cannot see is named. */
export function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The message for text holding an unsafe character (naming which), or null. */
export function unsafeCharacterProblem(value: string, label?: string): string | null {
  const unsafe = UNSAFE_CHARACTER.exec(value);
  return unsafe ? `${label ? `${label} ` : ''}contains an invisible control character (${codePoint(unsafe[0])}); retype the text or remove it` : null;
}

/** Why text may not be stored as it is (an unsafe character, or too long), or null. Never echoes the text. */
export function textProblem(value: string, max: number, label?: string): string | null {
  return unsafeCharacterProblem(value, label) ?? (value.length > max ? `${label ? `${label} is ` : ''}more than ${max.toLocaleString('en-GB')} characters; shorten it` : null);
}

/** Text safe to print in a message or on a terminal: unsafe characters shown as "?". */
export function printable(value: string): string {
  return value.replace(UNSAFE_EVERYWHERE, '?');
}

/** A value quoted in a message: at most `max` characters of it, printable. */
export function quoteText(value: string, max = 40): string {
  return JSON.stringify(printable(value.length > max ? `${value.slice(0, max)}…` : value));
}

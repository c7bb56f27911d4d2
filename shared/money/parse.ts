import { MAX_INPUT_PENCE, type Pence } from './pence';

export type MoneyParse = { ok: true; pence: Pence } | { ok: false; message: string };

const EXAMPLES = 'an amount such as £1,234.56, -£14,270 or (1,234.50)';

// One pattern for everything council papers and Excel print: an optional
// opening bracket, sign and £ in either order, digits grouped in threes (or not
// at all), and up to two decimal places.
const AMOUNT = /^(\()?\s*([-+\u2212])?\s*(£)?\s*([-+\u2212])?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*(\))?$/;

// What most cells hold, "1234.56", "-250" or "£1,234.56": read directly, with the same result the
// strict path below gives them. Anything else (spaces, brackets, a stray character) takes that path.
const PLAIN = /^(-?)£?(\d{1,3}(?:,\d{3}){1,3}|\d{1,12})(?:\.(\d\d?))?$/;

/**
 * Parses what a user pastes or a council paper prints into integer pence.
 * Anything ambiguous is refused with a sentence saying what was expected:
 * a scaled figure (`£2.184k`) could mean several things, `12,34` may be a
 * European decimal, `£1.2.3` is not a number at all.
 */
export function parseMoney(raw: string): MoneyParse {
  const plain = PLAIN.exec(raw);
  if (plain) {
    const [, minus, whole, decimals] = plain;
    const pounds = whole!.length > 3 && whole!.includes(',') ? whole!.replace(/,/g, '') : whole!;
    const pence = Number(pounds) * 100 + (decimals === undefined ? 0 : Number(decimals.padEnd(2, '0')));
    return { ok: true, pence: minus && pence !== 0 ? -pence : pence };
  }
  return strictMoney(raw);
}

function strictMoney(raw: string): MoneyParse {
  const text = raw.replace(/[\u00a0\u202f\u2009]/g, ' ').trim();
  const shown = JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);
  const fail = (why: string): MoneyParse => ({ ok: false, message: `${shown} is not an amount: ${why}` });

  if (text === '') return { ok: false, message: `expected ${EXAMPLES}, found an empty cell` };
  if (/^#(REF!|VALUE!|N\/A|DIV\/0!|NAME\?|NUM!|NULL!|SPILL!|CALC!)$/i.test(text))
    return fail(`it is a spreadsheet error, expected ${EXAMPLES}`);
  if (text.startsWith('=')) return fail(`it is a formula, expected ${EXAMPLES}`);
  if (/\d\s*(k|m|bn|mn|thousand|million)\s*\)?$/i.test(text)) {
    return fail('scaled figures (k, m, bn) are not accepted; write the amount in full pounds, e.g. £2,184,000');
  }
  const stray = strayCharacter(text);
  if (stray) return fail(`${stray} is not a digit, comma, point or £ sign`);
  if ((text.match(/\./g) ?? []).length > 1) return fail('it has more than one decimal point');
  if (/\.\d{3,}\s*\)?$/.test(text)) return fail('it has more than two decimal places; amounts are pounds and pence');
  if (/,/.test(text) && !/^\D*\d{1,3}(,\d{3})+(\.\d+)?\D*$/.test(text)) {
    return fail('commas must separate groups of three digits, as in 1,234,567');
  }

  const m = AMOUNT.exec(text);
  if (!m) return fail(`expected ${EXAMPLES}`);
  const [, open, sign1, , sign2, whole, decimals, close] = m;
  if (Boolean(open) !== Boolean(close)) return fail('its brackets do not match');
  if (sign1 && sign2) return fail('it has two signs');
  const sign = sign1 ?? sign2;
  if (open && sign) return fail('it is both bracketed and signed; use one or the other');

  // Leading zeros are padding (a fixed-width export writes £1 as 0000000000000000000001), not size.
  const digits = whole!.replace(/,/g, '').replace(/^0+(?=\d)/, '');
  if (digits.length > 13) return fail('it is larger than £999,999,999,999.99');
  const pence = Number(digits) * 100 + Number((decimals ?? '').padEnd(2, '0'));
  if (pence > MAX_INPUT_PENCE) return fail('it is larger than £999,999,999,999.99');
  const negative = Boolean(open) || sign === '-' || sign === '\u2212';
  return { ok: true, pence: negative && pence !== 0 ? -pence : pence };
}

/** Blank cells are allowed where a figure is optional; everything else must parse. */
export function parseOptionalMoney(raw: string): MoneyParse | { ok: true; pence: null } {
  return raw.trim() === '' ? { ok: true, pence: null } : parseMoney(raw);
}

/**
 * The first character that can never be part of an amount, named so that a
 * user can find it: "26,75O" has the letter O where a zero belongs.
 */
function strayCharacter(text: string): string | null {
  const chars = [...text];
  const at = chars.findIndex((c) => !/[\d,.£()+\-\u2212 ]/.test(c));
  if (at < 0) return null;
  const c = chars[at]!;
  const where = `(character ${at + 1})`;
  if (/\p{L}/u.test(c)) return `the letter ${c} ${where}`;
  if (c === '\t') return `a tab ${where}`;
  if (/\s/u.test(c))
    return `a space of another kind (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) ${where}`;
  if (/[\p{C}]/u.test(c))
    return `an invisible character (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) ${where}`;
  return `the character "${c}" ${where}`;
}

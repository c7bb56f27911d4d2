import { compare, toNumber, XlError, type Scalar } from './values';
import { Unsupported } from './unsupported';

/**
 * The criteria of COUNTIF, SUMIF, COUNTIFS and SUMIFS, as Excel reads them:
 * "Yes" (equal, any case, with * ? ~ wildcards), "<>No", ">0", "" (blank or
 * empty text), "<>" (anything but a blank cell), a number or a
 * boolean. A number criterion matches numbers only; a text one text only.
 */
export type Match = (cell: Scalar) => boolean;

const OPS = ['<=', '>=', '<>', '<', '>', '='] as const;

function wildcard(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '~' && i + 1 < pattern.length) re += escape(pattern[++i]!);
    else if (ch === '*') re += '[\\s\\S]*';
    else if (ch === '?') re += '[\\s\\S]';
    else re += escape(ch);
  }
  return new RegExp(`^${re}$`, 'i');
}

function escape(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function empty(cell: Scalar): boolean {
  return cell === null || cell === '';
}

export function criterion(crit: Scalar): Match {
  if (crit instanceof XlError) throw new Unsupported('a criterion that is an error');
  // An empty cell as the criterion is read differently by Excel and LibreOffice: left for Excel.
  if (crit === null) throw new Unsupported('a criterion that is an empty cell');
  if (typeof crit === 'number') return (cell) => typeof cell === 'number' && compare(cell, crit) === 0;
  if (typeof crit === 'boolean') return (cell) => cell === crit;
  const op = OPS.find((o) => crit.startsWith(o));
  const rest = op ? crit.slice(op.length) : crit;
  const eq = op === undefined || op === '=';
  if (rest === '') {
    if (eq) return empty;
    // "<>" is "not a blank cell": a formula's empty text counts (as in Excel, LibreOffice and Gnumeric).
    if (op === '<>') return (cell) => cell !== null;
    throw new Unsupported(`the criterion ${JSON.stringify(crit)}`);
  }
  const asNumber = toNumber(rest);
  const upper = rest.toUpperCase();
  let same: Match;
  let order: ((cell: Scalar) => number | null) | null = null;
  if (typeof asNumber === 'number') {
    same = (cell) => typeof cell === 'number' && compare(cell, asNumber) === 0;
    order = (cell) => (typeof cell === 'number' ? compare(cell, asNumber) : null);
  } else if (upper === 'TRUE' || upper === 'FALSE') {
    same = (cell) => cell === (upper === 'TRUE');
  } else {
    const re = /[*?~]/.test(rest) ? wildcard(rest) : null;
    same = (cell) => typeof cell === 'string' && (re ? re.test(cell) : compare(cell, rest) === 0);
    order = (cell) => {
      if (typeof cell !== 'string') return null;
      // Excel orders text by a collation not reproduced here: only plain letters, digits and spaces.
      if (!/^[a-z0-9 ]*$/i.test(cell + rest)) throw new Unsupported('ordering text with punctuation or accents');
      return compare(cell, rest);
    };
  }
  if (eq) return same;
  if (op === '<>') return (cell) => !same(cell);
  if (!order) throw new Unsupported(`the criterion ${JSON.stringify(crit)}`);
  const test = {
    '<': (c: number) => c < 0,
    '>': (c: number) => c > 0,
    '<=': (c: number) => c <= 0,
    '>=': (c: number) => c >= 0,
  }[op as '<' | '>' | '<=' | '>='];
  return (cell) => {
    const c = order(cell);
    return c !== null && test(c);
  };
}

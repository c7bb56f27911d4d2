/**
 * Excel formulas (as stored in a sheet's <f>, without the "=") parsed into a
 * small tree. The grammar is the part of Excel's that NHS England's templates
 * and our own checkers use: numbers, strings, TRUE/FALSE, error literals,
 * cell and range references (A1, $A$1, A:A, 'Sheet ''x'''!A1:B2), defined
 * names, function calls, unary + and -, %, and the binary operators with
 * Excel's precedence. Anything else is refused with a FormulaSyntax error, so
 * that the formula is left for Excel rather than read wrongly.
 */
export type Node =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'error'; value: string }
  | { kind: 'ref'; sheet: string | null; from: Cell; to: Cell | null }
  | { kind: 'name'; name: string }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'unary'; op: '-' | '+' | '%'; arg: Node }
  | { kind: 'binary'; op: string; left: Node; right: Node };

/** A corner of a reference: 1-based; row 0 means a whole column (A:A), col 0 a whole row. */
export interface Cell {
  row: number;
  col: number;
  rowAbs: boolean;
  colAbs: boolean;
}

export class FormulaSyntax extends Error {}

const ERRORS = ['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A'];
// Lowest to highest; ^ binds tighter than unary minus in Excel only on its right, which the loop below keeps.
const PRECEDENCE: Record<string, number> = {
  '=': 1,
  '<>': 1,
  '<': 1,
  '>': 1,
  '<=': 1,
  '>=': 1,
  '&': 2,
  '+': 3,
  '-': 3,
  '*': 4,
  '/': 4,
  '^': 5,
};

type Token =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'err'; v: string }
  | { t: 'word'; v: string; sheet: string | null }
  | { t: 'op'; v: string }
  | { t: '('; v: '(' }
  | { t: ')'; v: ')' }
  | { t: ','; v: ',' };

/**
 * The text quoted from `start` (a string's " or a sheet name's '), each quote
 * inside it doubled, and the index just after its closing quote.
 */
function quoted(text: string, start: number, what: string): [string, number] {
  const quote = text[start]!;
  let value = '';
  let i = start + 1;
  for (;;) {
    if (i >= text.length) throw new FormulaSyntax(`${what} is not closed`);
    if (text[i] === quote) {
      if (text[i + 1] !== quote) return [value, i + 1];
      value += quote;
      i += 2;
    } else value += text[i++];
  }
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t') {
      i++;
    } else if (ch === '"') {
      const [v, end] = quoted(text, i, 'a string');
      i = end;
      out.push({ t: 'str', v });
    } else if (ch === '#') {
      const e = ERRORS.find((x) => text.startsWith(x, i));
      if (!e) throw new FormulaSyntax(`unknown error literal at ${text.slice(i, i + 8)}`);
      out.push({ t: 'err', v: e });
      i += e.length;
    } else if (ch === "'") {
      // A quoted sheet name, its apostrophes doubled; a reference must follow the "!".
      const [name, end] = quoted(text, i, 'a sheet name');
      i = end;
      if (text[i] !== '!') throw new FormulaSyntax('a quoted name is not a sheet reference');
      i++;
      const m = /^[A-Za-z0-9_.$:]+/.exec(text.slice(i));
      if (!m) throw new FormulaSyntax('a sheet name has no reference after it');
      out.push({ t: 'word', v: m[0], sheet: name });
      i += m[0].length;
    } else if (/[0-9.]/.test(ch)) {
      const m = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i))!;
      // "1:3" is a range of whole rows, not a number.
      if (text[i + m[0].length] === ':') {
        const r = /^\$?\d+:\$?\d+/.exec(text.slice(i));
        if (r) {
          out.push({ t: 'word', v: r[0], sheet: null });
          i += r[0].length;
          continue;
        }
      }
      out.push({ t: 'num', v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_$\\]/.test(ch)) {
      const m = /^[A-Za-z0-9_.$\\:]+/.exec(text.slice(i))!;
      const word = m[0];
      i += word.length;
      if (text[i] === '!') {
        // An unquoted sheet name: Sheet1!A1 (not the 3-D or repeated forms Sheet1:Sheet3!A1, Sheet1!A1:Sheet1!B2).
        if (word.includes(':')) throw new FormulaSyntax(`cannot read ${word}!`);
        i++;
        const r = /^[A-Za-z0-9_.$:]+/.exec(text.slice(i));
        if (!r) throw new FormulaSyntax('a sheet name has no reference after it');
        out.push({ t: 'word', v: r[0], sheet: word });
        i += r[0].length;
        continue;
      }
      // A function name such as A1: cannot end in ":"; "SUM(" keeps its dots (_xlfn.XLOOKUP).
      if (word.endsWith(':')) throw new FormulaSyntax(`cannot read ${word}`);
      out.push({ t: 'word', v: word, sheet: null });
    } else if (ch === '(' || ch === ')' || ch === ',') {
      out.push({ t: ch, v: ch } as Token);
      i++;
    } else {
      const two = text.slice(i, i + 2);
      if (two === '<>' || two === '<=' || two === '>=') {
        out.push({ t: 'op', v: two });
        i += 2;
      } else if ('+-*/^&=<>%'.includes(ch)) {
        out.push({ t: 'op', v: ch });
        i++;
      } else {
        // Array constants {1,2}, the union and intersection operators, structured references…
        throw new FormulaSyntax(`the character ${JSON.stringify(ch)}`);
      }
    }
  }
  return out;
}

function letters(s: string): number {
  let n = 0;
  for (const c of s.toUpperCase()) n = n * 26 + c.charCodeAt(0) - 64;
  return n;
}

/** "A1", "$A$1", "A", "$3" → a corner; null when the text is not a reference. */
function corner(text: string, part: 'cell' | 'col' | 'row'): Cell | null {
  const re =
    part === 'cell'
      ? /^(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7})$/
      : part === 'col'
        ? /^(\$?)([A-Za-z]{1,3})$/
        : /^(\$?)(\d{1,7})$/;
  const m = re.exec(text);
  if (!m) return null;
  if (part === 'cell') return { colAbs: !!m[1], col: letters(m[2]!), rowAbs: !!m[3], row: Number(m[4]) };
  if (part === 'col') return { colAbs: !!m[1], col: letters(m[2]!), rowAbs: true, row: 0 };
  return { rowAbs: !!m[1], row: Number(m[2]), colAbs: true, col: 0 };
}

function reference(word: string, sheet: string | null): Node | null {
  const [a, b, extra] = word.split(':');
  if (extra !== undefined) return null;
  if (b === undefined) {
    const c = corner(a!, 'cell');
    return c ? { kind: 'ref', sheet, from: c, to: null } : null;
  }
  for (const part of ['cell', 'col', 'row'] as const) {
    const p = corner(a!, part);
    const q = corner(b, part);
    if (p && q) return { kind: 'ref', sheet, from: p, to: q };
  }
  return null;
}

export function parseFormula(text: string): Node {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const expect = (t: Token['t']) => {
    if (tokens[pos]?.t !== t) throw new FormulaSyntax(`expected ${t}`);
    pos++;
  };

  function primary(): Node {
    const tok = tokens[pos++];
    if (!tok) throw new FormulaSyntax('the formula ends too soon');
    if (tok.t === 'op' && (tok.v === '-' || tok.v === '+')) return { kind: 'unary', op: tok.v, arg: postfix(power()) };
    if (tok.t === 'num') return { kind: 'number', value: tok.v };
    if (tok.t === 'str') return { kind: 'string', value: tok.v };
    if (tok.t === 'err') return { kind: 'error', value: tok.v };
    if (tok.t === '(') {
      const inner = expression(0);
      expect(')');
      return inner;
    }
    if (tok.t === 'word') {
      if (tok.sheet === null && peek()?.t === '(') {
        pos++;
        const args: Node[] = [];
        if (peek()?.t !== ')') {
          for (;;) {
            // An omitted argument (IF(A1,,1)) is a blank.
            if (peek()?.t === ',' || peek()?.t === ')') args.push({ kind: 'string', value: '' });
            else args.push(expression(0));
            if (peek()?.t === ',') {
              pos++;
              continue;
            }
            break;
          }
        }
        expect(')');
        return { kind: 'call', name: tok.v.toUpperCase(), args };
      }
      const upper = tok.v.toUpperCase();
      if (tok.sheet === null && (upper === 'TRUE' || upper === 'FALSE'))
        return { kind: 'boolean', value: upper === 'TRUE' };
      const ref = reference(tok.v, tok.sheet);
      if (ref) return ref;
      if (tok.sheet === null && /^[A-Za-z_\\][\w.]*$/.test(tok.v)) return { kind: 'name', name: tok.v };
      throw new FormulaSyntax(`cannot read ${tok.v}`);
    }
    throw new FormulaSyntax(`unexpected ${tok.v}`);
  }

  function postfix(node: Node): Node {
    let n = node;
    while (peek()?.t === 'op' && peek()!.v === '%') {
      pos++;
      n = { kind: 'unary', op: '%', arg: n };
    }
    return n;
  }

  function power(): Node {
    return postfix(primary());
  }

  function expression(min: number): Node {
    let left = power();
    for (;;) {
      const tok = peek();
      if (tok?.t !== 'op') return left;
      const p = PRECEDENCE[tok.v];
      if (p === undefined || p < min) return left;
      pos++;
      // Left-associative, as Excel is (even for ^: 2^3^2 is 64).
      const right = expression(p + 1);
      left = { kind: 'binary', op: tok.v, left, right };
    }
  }

  const node = expression(0);
  if (pos !== tokens.length) throw new FormulaSyntax(`unexpected ${tokens[pos]!.v}`);
  return node;
}

/** Every function a formula calls, by name as written (upper case), for the allow-list. */
export function functionsIn(node: Node, out = new Set<string>()): Set<string> {
  if (node.kind === 'call') {
    out.add(node.name);
    for (const a of node.args) functionsIn(a, out);
  } else if (node.kind === 'unary') functionsIn(node.arg, out);
  else if (node.kind === 'binary') {
    functionsIn(node.left, out);
    functionsIn(node.right, out);
  }
  return out;
}

import { describe, expect, it } from 'vitest';
import { safeSheetName, sheetNameProblem } from '../../shared/workbooks/sheet-names';
import { profileSchema } from '../../shared/workbooks/profile';
import { rawProfile } from '../helpers/profiles';

/** Each of Excel's rules, checked independently of the helper's own code. */
function excelWouldTake(name: string): boolean {
  return (
    name.length >= 1 &&
    name.length <= 31 &&
    !/[:\\/?*[\]]/.test(name) &&
    !/^'|'$/.test(name) &&
    name.toLowerCase() !== 'history' &&
    !/[\uD800-\uDFFF]/.test(name.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))
  );
}

describe('sheet names Excel accepts', () => {
  it('keeps a name that is already fine', () => {
    expect(safeSheetName('Children', new Set())).toBe('Children');
  });

  it('never ends on an apostrophe, even when the 31st character is one', () => {
    const wanted = `${'A'.repeat(30)}'s pool`;
    const got = safeSheetName(wanted, new Set());
    expect(got).toBe('A'.repeat(30));
    expect(excelWouldTake(got)).toBe(true);
    expect(safeSheetName("'Quoted'", new Set())).toBe('Quoted');
    expect(safeSheetName("''' ''' '''", new Set(), 'Pool')).toBe('Pool');
  });

  it('steps around "History" in any case and around names already taken', () => {
    const taken = new Set<string>(['summary']);
    expect(safeSheetName('History', taken)).toBe('History (2)');
    expect(safeSheetName('history', taken)).toBe('history (3)');
    expect(safeSheetName('SUMMARY', taken)).toBe('SUMMARY (2)');
    expect(safeSheetName('Summary', taken)).toBe('Summary (3)');
  });

  it('replaces forbidden characters, drops invisible ones, and keeps a long name unique within 31', () => {
    expect(safeSheetName('A/B: C*D?[E]\\F', new Set())).toBe('A B C D E F');
    expect(safeSheetName('Zero\u200Bwidth\u2028line\u202Eright', new Set())).toBe('Zerowidthlineright');
    const taken = new Set<string>();
    const long = 'Integrated community equipment service pool';
    const first = safeSheetName(long, taken);
    const second = safeSheetName(long, taken);
    expect(first).toBe('Integrated community equipment'); // 31 cut to 30: a trailing space goes too
    expect(second).toMatch(/ \(2\)$/);
    expect(second.length).toBeLessThanOrEqual(31);
    expect(first.toLowerCase()).not.toBe(second.toLowerCase());
  });

  it('never cuts a character in half', () => {
    const got = safeSheetName(`${'x'.repeat(30)}😀`, new Set());
    expect(got).toBe('x'.repeat(30));
    expect(excelWouldTake(got)).toBe(true);
  });

  it('gives a name Excel takes for every awkward input', () => {
    const pieces = [
      "'",
      'History',
      '[',
      ']',
      ':',
      '/',
      '\\',
      '?',
      '*',
      ' ',
      'a',
      'é',
      '😀',
      '\u200B',
      '\u0000',
      'Summary',
    ];
    const taken = new Set<string>();
    let seed = 19;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const given = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const wanted = Array.from({ length: next() % 40 }, () => pieces[next() % pieces.length]).join('');
      const got = safeSheetName(wanted, taken);
      expect(excelWouldTake(got), JSON.stringify({ wanted, got })).toBe(true);
      expect(sheetNameProblem(got)).toBeNull();
      expect(given.has(got.toLowerCase())).toBe(false);
      given.add(got.toLowerCase());
    }
  });

  it('says in words why a name would be refused', () => {
    expect(sheetNameProblem('History')).toMatch(/keeps for itself/);
    expect(sheetNameProblem("Bob's'")).toMatch(/apostrophe/);
    expect(sheetNameProblem('a'.repeat(32))).toMatch(/31/);
    expect(sheetNameProblem('A/B')).toMatch(/cannot hold/);
    expect(sheetNameProblem('Cover')).toBeNull();
  });
});

describe('a template profile whose sheet names Excel would refuse', () => {
  const withSheets = (cover: string, firstTable: string) => {
    const p = structuredClone(rawProfile('2023-25-planning'));
    p.cover.sheet = cover;
    p.tables[0]!.sheet = firstTable;
    return profileSchema.safeParse(p);
  };

  it('is refused in words, before any workbook is generated', () => {
    expect(withSheets('2. Cover', p0()).success).toBe(true);
    const reserved = withSheets('History', p0());
    expect(reserved.success).toBe(false);
    expect(JSON.stringify(reserved.error?.issues)).toContain(
      '\\"History\\": \\"History\\" is a name Excel keeps for itself',
    );
    expect(JSON.stringify(withSheets("Cover'", p0()).error?.issues)).toContain('apostrophe');
    expect(JSON.stringify(withSheets('2. cover', '2. Cover').error?.issues)).toContain('named twice');
  });
});

function p0(): string {
  return rawProfile('2023-25-planning').tables[0]!.sheet;
}

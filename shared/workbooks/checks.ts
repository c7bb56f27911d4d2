import { Decimal } from '../money';
import type { Check, Condition, Profile, ProfileColumn, ProfileTable } from './profile';
import { keyColumns } from './profile';
import { comparable, isBlankInput, type CellInput, type WorkbookRecord } from './values';

/**
 * NHS England's checker cells, as the app evaluates them and as Excel does.
 * Every checker mirrors one of the app's rules on one field, so a workbook's
 * "Yes"/"No" agrees with the app's checks: the app computes each checker's
 * result (the value cached in the cell) and writes the formula that gives
 * the same result when Excel, LibreOffice or Gnumeric recalculates.
 *
 * Portability: inside SUMPRODUCT the formulas use only comparisons and
 * arithmetic on ranges. A function over a range inside SUMPRODUCT (ABS,
 * ROUND, COUNTIF, SUMIF) relies on Excel's implicit array evaluation, which
 * Gnumeric does not do (#VALUE! or a wrong "No"). So a tolerance is two
 * comparisons rather than ABS or ROUND, membership of a drop-down list is a
 * comparison with each of its values, and the balance per source of funding
 * is one scalar SUMIF pair per source in the list.
 */
export interface CheckerSpec {
  id: string;
  label: string;
  table: string;
  rule: string;
  field?: string;
  /** A required column: its checker sits in the checklist row above the column. */
  column?: string;
  check?: Check;
}

/** Every checker a profile's tables carry: one per required column, then the profile's own checks. */
export function checkersOf(profile: Profile): CheckerSpec[] {
  const out: CheckerSpec[] = [];
  for (const t of profile.tables) {
    for (const c of t.columns) {
      if (!c.required || c.role === 'ignored') continue;
      out.push({
        id: `required.${t.id}.${c.field}`,
        label: `${t.title}: ${c.header}`,
        table: t.id,
        rule: profile.requiredRule,
        field: c.field,
        column: c.field,
      });
    }
  }
  for (const check of profile.checks)
    out.push({
      id: check.id,
      label: check.label,
      table: check.table,
      rule: check.rule,
      ...(check.field ? { field: check.field } : {}),
      check,
    });
  return out;
}

export type Lists = Record<string, readonly string[]>;

const blank = isBlankInput;

function meets(record: WorkbookRecord, c: Condition, lists: Lists): boolean {
  const v = record[c.column] ?? null;
  if (c.notBlank) return !blank(v);
  if (blank(v)) return false;
  const key = comparable(String(v));
  if (c.equals) return c.equals.some((e) => comparable(e) === key);
  return (lists[c.inList!] ?? []).some((e) => comparable(e) === key);
}

const anyOf = (record: WorkbookRecord, when: readonly Condition[], lists: Lists) =>
  when.some((c) => meets(record, c, lists));
const allOf = (record: WorkbookRecord, when: readonly Condition[] | undefined, lists: Lists) =>
  (when ?? []).every((c) => meets(record, c, lists));

/** A figure as an exact decimal: pence for money, the decimal text otherwise. */
function figure(column: ProfileColumn | undefined, v: CellInput): Decimal {
  if (blank(v)) return new Decimal(0);
  // A quantity that is a word ("NA") counts as no amount.
  if (column?.kind === 'quantity' && !/^-?\d+(\.\d+)?$/.test(String(v).trim())) return new Decimal(0);
  return column?.kind === 'money' ? new Decimal(v as number).div(100) : new Decimal(String(v));
}

function present(table: ProfileTable, records: readonly WorkbookRecord[]): WorkbookRecord[] {
  const keys = keyColumns(table).map((c) => c.field);
  return records.filter((r) => keys.some((k) => !blank(r[k] ?? null)));
}

/** Whether a checker reads "Yes" for these tables of records. */
export function evaluateChecker(
  spec: CheckerSpec,
  profile: Profile,
  tables: Record<string, readonly WorkbookRecord[]>,
  lists: Lists,
): boolean {
  const table = profile.tables.find((t) => t.id === spec.table)!;
  const rows = present(table, tables[spec.table] ?? []);
  const col = (f: string, t: ProfileTable = table) => t.columns.find((c) => c.field === f);
  if (spec.column) return rows.every((r) => !blank(r[spec.column!] ?? null));
  const check = spec.check!;
  switch (check.kind) {
    case 'requiredIf':
      return rows.every(
        (r) => !(anyOf(r, check.when, lists) && allOf(r, check.whenAlso, lists)) || !blank(r[check.column] ?? null),
      );
    case 'sumTo':
      return rows.every((r) => {
        if (!anyOf(r, check.when, lists)) return true;
        if (check.columns.some((f) => blank(r[f] ?? null))) return false;
        return check.columns.reduce((s, f) => s.plus(figure(col(f), r[f] ?? null)), new Decimal(0)).equals(check.total);
      });
    case 'notNegative':
      return rows.every((r) => check.columns.every((f) => figure(col(f), r[f] ?? null).greaterThanOrEqualTo(0)));
    case 'identity':
      return rows.every((r) => {
        if (blank(r[check.first] ?? null)) return true;
        return figure(col(check.first), r[check.first] ?? null)
          .plus(figure(col(check.change), r[check.change] ?? null))
          .equals(figure(col(check.result), r[check.result] ?? null));
      });
    case 'balance': {
      const other = profile.tables.find((t) => t.id === check.against.table)!;
      const lines = present(other, tables[other.id] ?? []);
      if (rows.length === 0) return lines.length === 0;
      // As the portable formula reads it: a source outside the list cannot be totalled, so it is not a balance.
      const listName = table.columns.find((c) => c.field === check.source)?.list;
      const sources = listName ? lists[listName] : undefined;
      if (sources) {
        const known = new Set(sources.map(comparable));
        const unknown = (r: WorkbookRecord, f: string) => !blank(r[f] ?? null) && !known.has(comparable(String(r[f])));
        if (rows.some((r) => unknown(r, check.source)) || lines.some((r) => unknown(r, check.against.source)))
          return false;
      }
      const sums = new Map<string, Decimal[]>();
      const add = (source: CellInput, amounts: Decimal[], sign: 1 | -1) => {
        if (blank(source)) return;
        const k = comparable(String(source));
        const s = sums.get(k) ?? amounts.map(() => new Decimal(0));
        amounts.forEach((a, i) => (s[i] = s[i]!.plus(sign === 1 ? a : a.negated())));
        sums.set(k, s);
      };
      for (const r of rows)
        add(
          r[check.source] ?? null,
          check.amounts.map((f) => figure(col(f), r[f] ?? null)),
          1,
        );
      for (const r of lines)
        add(
          r[check.against.source] ?? null,
          check.against.amounts.map((f) => figure(col(f, other), r[f] ?? null)),
          -1,
        );
      return [...sums.values()].every((s) => s.every((d) => d.isZero()));
    }
  }
}

// ---------------------------------------------------------------------------
// Formulas

/** Where a table's rows sit in a workbook: the sheet, the data rows, and each field's column letter. */
export interface TableLayout {
  sheet: string;
  firstRow: number;
  lastRow: number;
  columns: Record<string, string>;
}

export function quoteSheet(sheet: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) && !/^[A-Za-z]{1,3}\d+$/.test(sheet)
    ? sheet
    : `'${sheet.replace(/'/g, "''")}'`;
}

/** An absolute range: '5. Expenditure'!$D$8:$D$107. */
export function columnRange(layout: TableLayout, field: string): string {
  const letter = layout.columns[field];
  if (!letter) throw new Error(`no column for ${field} on ${layout.sheet}`);
  return `${quoteSheet(layout.sheet)}!$${letter}$${layout.firstRow}:$${letter}$${layout.lastRow}`;
}

/** A string literal in a formula. */
export function formulaText(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** A COUNTIF/SUMIF criterion matching exactly this text: wildcards escaped, and "=" so that a leading < > = is not an operator. */
export function exactCriterion(text: string): string {
  return formulaText(`=${text.replace(/[~*?]/g, (ch) => `~${ch}`)}`);
}

/**
 * Any of these comparisons holds. A lone comparison is never compared with 0: Excel ranks TRUE and FALSE
 * above every number (so FALSE>0 is TRUE there) while LibreOffice and Gnumeric take them as 1 and 0;
 * a sum of comparisons is a number in every program.
 */
const anyTerm = (terms: readonly string[]) => (terms.length === 1 ? terms[0]! : `((${terms.join('+')})>0)`);

/** |x| > tolerance, without ABS (see the portability note above). */
const beyond = (x: string, tolerance: string) => `(((${x})>${tolerance})+((${x})<-${tolerance}))`;

function conditionTerm(layout: TableLayout, c: Condition, lists: Lists): string {
  const r = columnRange(layout, c.column);
  if (c.notBlank) return `(${r}<>"")`;
  if (c.inList) {
    const values = lists[c.inList];
    // Without the list's values (a profile's list the data does not carry) only the array form can say it.
    if (!values) return `(COUNTIF(${c.inList},${r})>0)`;
    if (values.length === 0) return '0';
    return anyTerm(values.map((v) => `(${r}=${formulaText(v)})`));
  }
  return anyTerm(c.equals!.map((e) => `(${r}=${formulaText(e)})`));
}

const yesNo = (count: string) => `IF(${count}=0,"Yes","No")`;

/**
 * The formula (without "=") of a checker. `layouts` gives every table's
 * place; `keyField` per table is the column that says a row is a line.
 */
export function checkerFormula(
  spec: CheckerSpec,
  profile: Profile,
  layouts: Record<string, TableLayout>,
  lists: Lists = {},
): string {
  const table = profile.tables.find((t) => t.id === spec.table)!;
  const layout = layouts[spec.table]!;
  const key = (t: ProfileTable, l: TableLayout) => `(${columnRange(l, keyColumns(t)[0]!.field)}<>"")`;
  const k = key(table, layout);
  const r = (f: string) => columnRange(layout, f);
  if (spec.column) return yesNo(`SUMPRODUCT(${k}*(${r(spec.column)}=""))`);
  const check = spec.check!;
  const when = (w: readonly Condition[]) => anyTerm(w.map((c) => conditionTerm(layout, c, lists)));
  switch (check.kind) {
    case 'requiredIf':
      return yesNo(
        `SUMPRODUCT(${k}*${when(check.when)}*${(check.whenAlso ?? []).map((c) => `${conditionTerm(layout, c, lists)}*`).join('')}(${r(check.column)}=""))`,
      );
    case 'sumTo': {
      const blanks = check.columns.map((f) => `(${r(f)}="")`).join('+');
      const sum = check.columns.map((f) => r(f)).join('+');
      return yesNo(
        `SUMPRODUCT(${k}*${when(check.when)}*((${blanks}+${beyond(`${sum}-${check.total}`, '0.000001')})>0))`,
      );
    }
    case 'notNegative':
      return yesNo(check.columns.map((f) => `COUNTIF(${r(f)},"<0")`).join('+'));
    case 'identity':
      // ROUND(x,2)<>0 is |x| >= 0.005; written as comparisons, 0.00499 stands for "below half a penny".
      return yesNo(
        `SUMPRODUCT(${k}*(${r(check.first)}<>"")*${beyond(`${r(check.first)}+${r(check.change)}-${r(check.result)}`, '0.00499')})`,
      );
    case 'balance': {
      const other = profile.tables.find((t) => t.id === check.against.table)!;
      const ol = layouts[other.id]!;
      const inc = r(check.source);
      const exp = columnRange(ol, check.against.source);
      const terms: string[] = [];
      const sources = (() => {
        const list = table.columns.find((c) => c.field === check.source)?.list;
        return list ? lists[list] : undefined;
      })();
      if (sources) {
        // One scalar SUMIF pair per source of funding in the list, and any line whose source is not in it
        // counts against the balance: a formula cannot total by a source it does not know without array evaluation.
        const known = (range: string) => `((0${sources.map((s) => `+(${range}=${formulaText(s)})`).join('')})=0)`;
        check.amounts.forEach((a, i) => {
          const incAmt = r(a);
          const expAmt = columnRange(ol, check.against.amounts[i]!);
          for (const s of sources)
            terms.push(
              beyond(
                `SUMIF(${inc},${exactCriterion(s)},${incAmt})-SUMIF(${exp},${exactCriterion(s)},${expAmt})`,
                '0.00499',
              ),
            );
        });
        terms.push(
          `SUMPRODUCT(${k}*(${inc}<>"")*${known(inc)})`,
          `SUMPRODUCT(${key(other, ol)}*(${exp}<>"")*${known(exp)})`,
        );
        terms.push(`(SUMPRODUCT(${k}*1)=0)*(SUMPRODUCT(${key(other, ol)}*1)>0)`);
        return yesNo(terms.join('+'));
      }
      check.amounts.forEach((a, i) => {
        const incAmt = r(a);
        const expAmt = columnRange(ol, check.against.amounts[i]!);
        terms.push(
          `SUMPRODUCT(${k}*(${inc}<>"")*(ROUND(SUMIF(${inc},${inc},${incAmt})-SUMIF(${exp},${inc},${expAmt}),2)<>0))`,
        );
        terms.push(
          `SUMPRODUCT(${key(other, ol)}*(${exp}<>"")*(ROUND(SUMIF(${exp},${exp},${expAmt})-SUMIF(${inc},${exp},${incAmt}),2)<>0))`,
        );
      });
      // No income at all while there are lines: the app says the balance cannot be checked.
      terms.push(`(SUMPRODUCT(${k}*1)=0)*(SUMPRODUCT(${key(other, ol)}*1)>0)`);
      return yesNo(terms.join('+'));
    }
  }
}

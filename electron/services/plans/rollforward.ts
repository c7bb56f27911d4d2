import { ApiError, type RollForwardOutcome } from '../../../shared/api';
import { applyPercent, Decimal, type Pence } from '../../../shared/money';
import type { LineInput } from '../../../shared/plans/line';
import { startYearOf, type YearLabel } from '../../../shared/years/financial-year';
import { inTransaction, type ServiceContext } from '../context';
import { referenceSet, referenceSets } from '../reference/reference';
import { planAction } from './changesets';
import { insertIncome, listIncome, removeIncome } from './income';
import { countLines, insertLine, listLines, removeLine } from './lines';
import { ensurePlan, findPlan, requirePlan } from './plan-store';
import { successorSource, templateForYear } from '../../../shared/reference/reference-set';

/**
 * Starts next year's plan from this one: every line copied with its Scheme ID,
 * each amount uplifted by its funding source's percentage (rounded once, to
 * the penny, half away from zero). The last year of the old plan is the base.
 * Where the new layout has them, prior-year expenditure is the old amount and
 * the virement the uplift, so the two years reconcile. Scheme updates are
 * left blank for the new year, and every line becomes "Existing". A source
 * of funding the new year no longer lists moves to the one that took it over
 * (its template year's `replacesSources`, or another name of it), and the
 * outcome says which went where.
 */
export function rollForward(
  ctx: ServiceContext,
  args: { from: YearLabel; to: YearLabel; uplifts: { source: string; percent: string }[]; replace?: boolean },
): RollForwardOutcome {
  // Not `write`: the plan action inside records the history, and rolling an empty plan records none.
  return inTransaction(ctx, () => {
    const from = requirePlan(ctx, args.from);
    const last = from.years[from.years.length - 1]!;
    if (startYearOf(args.to) <= startYearOf(last))
      throw new ApiError(
        'invalid_request',
        `Roll forward goes to a later year: the ${from.years.join(' to ')} plan ends in ${last}.`,
        'to',
      );
    const lines = listLines(ctx, from.id);
    const income = listIncome(ctx, from.id);
    if (lines.length === 0) throw new ApiError('refused', `The ${args.from} plan has no lines to roll forward.`);

    const pct = new Map<string, Decimal>();
    for (const u of args.uplifts) {
      const key = u.source.trim().toLowerCase();
      if (
        !lines.some((l) => l.sourceOfFunding.trim().toLowerCase() === key) &&
        !income.some((x) => x.sourceOfFunding.trim().toLowerCase() === key)
      ) {
        throw new ApiError(
          'invalid_request',
          `No line or income in the ${args.from} plan is funded by "${u.source}"; check the name (sources: ${[...new Set(lines.map((l) => l.sourceOfFunding))].join(', ')}).`,
          'uplifts',
        );
      }
      pct.set(key, new Decimal(u.percent));
    }
    const uplift = (source: string, amount: Pence) =>
      amount + applyPercent(amount, pct.get(source.trim().toLowerCase()) ?? 0);

    // The next year's own template year, if it has one; otherwise the plan keeps the old layout and lists, and says so.
    const own = templateForYear(referenceSets(ctx), args.to);
    const to = ensurePlan(ctx, args.to, findPlan(ctx, args.to) ? undefined : (own?.template ?? from.template));
    const existing = countLines(ctx, to.id);
    if (existing > 0 && !args.replace)
      throw new ApiError(
        'conflict',
        `The ${args.to} plan already has ${existing} lines; roll forward again with "replace" to start it afresh.`,
      );
    const columns = new Set<string>(referenceSet(ctx, to.template).columns);
    // An old stream goes to the one the new year lists it under (2025-26: iBCF and LA discharge funding → the LA Better Care Grant).
    const streams = new Map<string, { from: string; to: string; lines: number; income: number }>();
    const moved = (source: string, kind: 'lines' | 'income') => {
      const next = own ? successorSource(own, source) : source;
      if (next === source) return source;
      const key = `${source}\u0000${next}`;
      const s = streams.get(key) ?? { from: source, to: next, lines: 0, income: 0 };
      s[kind] += 1;
      streams.set(key, s);
      return next;
    };
    const base = (l: LineInput) =>
      from.years.length > 1 ? (l.expenditureYear2Pence ?? l.expenditurePence) : l.expenditurePence;

    planAction(ctx, to.id, `Roll forward from ${args.from}`, (c) => {
      for (const l of listLines(c, to.id)) removeLine(c, l.id);
      for (const x of listIncome(c, to.id)) removeIncome(c, x.id);
      for (const l of lines) {
        const { id: _i, position: _p, source: _s, updatedAt: _u, ...input } = l;
        const old = base(l);
        const year1 = uplift(l.sourceOfFunding, old);
        const next: LineInput = {
          ...input,
          sourceOfFunding: moved(l.sourceOfFunding, 'lines'),
          priorYearPence: columns.has('priorYearPence') ? old : null,
          virementPence: columns.has('virementPence') ? year1 - old : null,
          expenditurePence: year1,
          expenditureYear2Pence: to.years.length > 1 ? uplift(l.sourceOfFunding, year1) : null,
          newOrExisting: 'Existing',
          schemeUpdate: '',
        };
        insertLine(c, to.id, next, null);
      }
      for (const x of income) {
        const old = from.years.length > 1 ? (x.amountYear2Pence ?? x.amountPence) : x.amountPence;
        const year1 = uplift(x.sourceOfFunding, old);
        insertIncome(
          c,
          to.id,
          {
            sourceOfFunding: moved(x.sourceOfFunding, 'income'),
            partner: x.partner,
            amountPence: year1,
            amountYear2Pence: to.years.length > 1 ? uplift(x.sourceOfFunding, year1) : null,
          },
          null,
        );
      }
    });
    return {
      from: args.from,
      to: args.to,
      template: to.template,
      ...(own
        ? {}
        : {
            note: `${args.to} has no template year of its own, so the ${args.to} plan follows ${to.template}, as the ${args.from} plan did; bring the ${args.to} workbook, or make a provisional ${args.to} template year, to lay it out as ${args.to}'s.`,
          }),
      lines: lines.length,
      income: income.length,
      streams: [...streams.values()],
      uplifts: args.uplifts.map((u) => ({
        source: u.source,
        percent: u.percent,
        lines: lines.filter((l) => l.sourceOfFunding.trim().toLowerCase() === u.source.trim().toLowerCase()).length,
      })),
    };
  });
}

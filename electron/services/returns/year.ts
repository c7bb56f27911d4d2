import type { YearPicture } from '../../../shared/api';
import { Decimal, roundToPence } from '../../../shared/money';
import { PERIOD_LABELS, PERIODS, quartersElapsed, returnLabel } from '../../../shared/returns/period';
import type { YearLabel } from '../../../shared/years/financial-year';
import type { ServiceContext } from '../context';
import { findReturn } from './store';
import { returnOptions, viewOf } from './view';

/**
 * The picture of the year: quarter by quarter, plan against actual to date
 * and the forecast outturn; by scheme type and by funding source from the
 * latest return.
 */
export function yearPicture(ctx: ServiceContext, year: YearLabel): YearPicture {
  const options = returnOptions(ctx, year);
  const views = PERIODS.map((p) => {
    const r = findReturn(ctx, year, p);
    return r ? viewOf(ctx, r) : null;
  });
  const latest = [...views].reverse().find((v) => v !== null) ?? null;
  const planned = latest?.totals.plannedPence ?? options.sources.reduce((a, s) => a + s.plannedPence, 0);
  return {
    year,
    planLabel: options.planLabel,
    plannedPence: planned,
    quarters: PERIODS.map((p, i) => {
      const v = views[i];
      const base = v?.totals.plannedPence ?? planned;
      return {
        period: p,
        label: PERIOD_LABELS[p],
        state: v?.state ?? null,
        plannedPence: v ? v.totals.plannedPence : null,
        actualPence: v ? v.totals.actualPence : null,
        forecastPence: v ? v.totals.forecastPence : null,
        profilePence: roundToPence(new Decimal(base).times(quartersElapsed(p)).dividedBy(4)),
      };
    }),
    latest: latest ? { period: latest.period, label: returnLabel(latest.year, latest.period) } : null,
    bySchemeType: latest?.totals.bySchemeType ?? [],
    bySourceOfFunding: latest?.totals.bySourceOfFunding ?? [],
  };
}

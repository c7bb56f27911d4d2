import { validatePlan } from '../../shared/plans/rules';
import type { PlanSubject } from '../../shared/plans/subject';
import { shippedReference } from '../helpers/reference';
import { time, type Figure } from './measure';
import { syntheticLines } from './synthetic';

/** Validating a whole plan, as happens on every change: target 10,000 lines in under 50 ms. */
export async function benchValidation(): Promise<Figure[]> {
  const set = shippedReference('2023-25');
  const figures: Figure[] = [];
  for (const size of [100, 1_000, 10_000]) {
    // Object.assign, not a spread: a spread copy of a line gets a hidden class of its own (see lineLiteral).
    const lines = syntheticLines(set, size).map((l, i) =>
      Object.assign(l, { id: i + 1, source: { file: 'bench.tsv', row: i + 2 } }),
    );
    const subject: PlanSubject = {
      years: ['2023-24', '2024-25'],
      template: set,
      lines,
      income: set.lists.sourcesOfFunding.map((s, i) => ({
        id: i + 1,
        sourceOfFunding: s,
        partner: 'Council',
        amountPence: 1_000_000_00,
        amountYear2Pence: 1_050_000_00,
        source: null,
      })),
      printedTotals: [],
      requirements: [
        { year: '2023-24', kind: 'nhs-min-social-care', pence: 5_000_000_00 },
        { year: '2023-24', kind: 'ooh-ringfence', pence: 5_000_000_00 },
      ],
    };
    const findings = validatePlan(subject).findings.length;
    // A new array each time, as each reload of the plan gives: the lines' normalised facts are worked out
    // again, as they are on every change in the app, and not read from the first run's cache.
    const { ms } = await time(() => validatePlan({ ...subject, lines: [...lines] }), size >= 10_000 ? 9 : 15);
    figures.push({
      group: 'plans',
      name: 'validate a plan',
      size,
      ms,
      runs: size >= 10_000 ? 9 : 15,
      note: `${findings} findings`,
      ...(size === 10_000 ? { target: { label: '< 50 ms', met: ms < 50 } } : {}),
    });
  }
  return figures;
}

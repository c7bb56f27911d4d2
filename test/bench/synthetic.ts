import { EMPTY_LINE, LINE_FIELDS, lineLiteral, type LineInput } from '../../shared/plans/line';
import type { ReferenceSet } from '../../shared/reference/reference-set';

/**
 * A plan of any size that looks like a real 2023-25 plan: scheme types with
 * their sub types and units, joint lines, all seven funding sources, two
 * years, and a sprinkling of the faults the rules look for. Each line is one object literal, as
 * the app holds the lines it reads from its database (see lineLiteral).
 */
export function syntheticLines(set: ReferenceSet, count: number): LineInput[] {
  const types = set.lists.schemeTypes;
  const sources = set.lists.sourcesOfFunding;
  const out: LineInput[] = [];
  for (let i = 0; i < count; i++) {
    const type = types[i % types.length]!;
    const joint = i % 5 === 0;
    const spend = 10_000_00 + ((i * 7919) % 500_000) * 100;
    const line: LineInput = {
      ...EMPTY_LINE,
      schemeId: String(1 + Math.floor(i / 3)),
      schemeName: `Scheme ${1 + Math.floor(i / 3)} part ${(i % 3) + 1}`,
      briefDescription: `Line ${i + 1}`,
      schemeType: type.value,
      subType: type.subTypes[i % Math.max(1, type.subTypes.length)] ?? '',
      schemeTypeOther: type.other ? 'Local scheme' : '',
      plannedOutputs: type.outputUnit ? String(100 + (i % 900)) : null,
      outputUnit: type.outputUnit ?? '',
      areaOfSpend: set.lists.areasOfSpend[i % 6]!,
      commissioner: joint ? 'Joint' : i % 2 ? 'ICB' : 'Local Authority',
      jointNhsPercent: joint ? (i % 10 === 0 ? '60' : '50') : null,
      jointLaPercent: joint ? (i % 20 === 0 ? '30' : i % 10 === 0 ? '40' : '50') : null,
      provider: set.lists.providers[i % set.lists.providers.length]!,
      sourceOfFunding: sources[i % sources.length]!,
      expenditurePence: spend,
      expenditureYear2Pence: spend + Math.floor(spend / 20),
      newOrExisting: i % 4 ? 'Existing' : 'New',
    };
    out.push(lineLiteral(line));
  }
  return out;
}

/** The synthetic plan as the rows of a table a user would import: the 2023-25 headings, then the lines. */
export function syntheticPlanRows(set: ReferenceSet, count: number): string[][] {
  const columns = set.columns;
  const header = columns.map((f) =>
    f === 'expenditurePence'
      ? 'Expenditure for 2023-24 (£)'
      : f === 'expenditureYear2Pence'
        ? 'Expenditure for 2024-25 (£)'
        : LINE_FIELDS[f].label,
  );
  const body = syntheticLines(set, count).map((l) => columns.map((f) => LINE_FIELDS[f].format(l[f])));
  return [header, ...body];
}

import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../electron/services/audit/audit';
import type { ConsolidationSummary, ConsolidationView, ExportedFile } from '../../shared/api';
import type { ReviewPackage } from '../../shared/review/model';
import { areaPackage, PLAN_HEADER, THREE_AREAS as AREAS, type Minimum } from '../helpers/consolidation';
import { figuresFingerprint } from '../../shared/review/fingerprint';
import { tempContext, type TestContext } from '../helpers/db';
import { printedPence } from '../helpers/fixtures';
import { call, refusal } from '../helpers/api';

/**
 * Three areas, each its own database built from the published B&NES 2019-20
 * tables (the plan's lines shared out between them so that no two are alike),
 * each sending a review package; an ICB finance lead's own database reads
 * them into a consolidation. Every expected total is summed here from the
 * fixture's rows, not by the app.
 */

const key = (s: string) => s.trim().toLowerCase();
const col = (name: string) => PLAN_HEADER.indexOf(name);

/** Sums of the printed 2019/20 expenditure, by a column's value (case and end spaces ignored). */
function sumsBy(rows: string[][], column: string | null): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) {
    const k = column === null ? 'all' : key(r[col(column)] ?? '') || '(not given)';
    out.set(k, (out.get(k) ?? 0) + printedPence(r[col('2019/20 Expenditure £')]!));
  }
  return out;
}

/** Printed 2019/20 expenditure funded by the CCG Minimum Contribution, in or out of social care (2019-20 has no commissioner column). */
function nhsMinimumSpend(rows: string[][], socialCare: boolean): number {
  let pence = 0;
  for (const r of rows) {
    if (key(r[col('Source of Funding')]!) !== 'ccg minimum contribution') continue;
    const area = key(r[col('Area of Spend')]!);
    const counts = socialCare ? area === 'social care' : area !== 'social care' && area !== 'acute';
    if (counts) pence += printedPence(r[col('2019/20 Expenditure £')]!);
  }
  return pence;
}

const SOCIAL_CARE = 'Minimum NHS contribution to adult social care';
const OUT_OF_HOSPITAL = 'NHS-commissioned out-of-hospital spend (ringfence)';
const [bath, swindon, wiltshire] = AREAS as [(typeof AREAS)[0], (typeof AREAS)[0], (typeof AREAS)[0]];

/**
 * Each area's required minimums, set from its own rows: B&NES exactly meets
 * social care and is £100 short out of hospital; Swindon is a penny short;
 * Wiltshire is a penny over.
 */
const REQUIRED: Record<string, Minimum[]> = {
  [bath.name]: [
    { kind: 'nhs-min-social-care', pence: nhsMinimumSpend(bath.rows, true) },
    { kind: 'ooh-ringfence', pence: nhsMinimumSpend(bath.rows, false) + 100_00 },
  ],
  [swindon.name]: [{ kind: 'nhs-min-social-care', pence: nhsMinimumSpend(swindon.rows, true) + 1 }],
  [wiltshire.name]: [{ kind: 'nhs-min-social-care', pence: nhsMinimumSpend(wiltshire.rows, true) - 1 }],
};

let packages: string[];
let icb: TestContext;
beforeEach(() => {
  packages = [];
  for (const a of AREAS) packages.push(areaPackage(a.name, a.rows, '2019-20', REQUIRED[a.name]));
  icb = tempContext('icb.finance.lead');
});
afterEach(() => icb.close());

async function newConsolidation(year = '2019-20'): Promise<number> {
  return (await call<ConsolidationSummary>(icb, 'consolidation.create', { name: `BSW ${year}`, year })).id;
}

describe('ICB consolidation of three areas', () => {
  it('totals by area, funding source and scheme type equal the fixture rows summed independently', async () => {
    const id = await newConsolidation();
    let view: ConsolidationView | null = null;
    for (const text of packages) view = await call<ConsolidationView>(icb, 'consolidation.importPackage', { id, text });
    view = view!;

    expect(view.areas.map((a) => a.name)).toEqual(AREAS.map((a) => a.name));
    for (const a of AREAS) {
      const shown = view.areas.find((x) => x.name === a.name)!;
      expect(shown.lines).toBe(a.rows.length);
      expect(shown.expenditurePence).toBe(sumsBy(a.rows, null).get('all'));
    }
    const everyRow = AREAS.flatMap((a) => a.rows);
    expect(view.total).toEqual({ lines: everyRow.length, expenditurePence: sumsBy(everyRow, null).get('all') });
    // The published plan's own printed total, twice over (B&NES whole, and split between the other two).
    expect(view.total.expenditurePence).toBe(2 * 71_342_161_00);

    const bySource = sumsBy(everyRow, 'Source of Funding');
    expect(new Map(view.bySource.map((s) => [key(s.heading), s.expenditurePence]))).toEqual(bySource);
    const byType = sumsBy(everyRow, 'Scheme Type');
    expect(new Map(view.bySchemeType.map((s) => [key(s.heading), s.expenditurePence]))).toEqual(byType);

    // Plan against actual by quarter, and partners' exposure: summed here from the packages' own lines.
    const sent = packages.map((t) => JSON.parse(t) as ReviewPackage);
    const q1 = sent.flatMap((p) => p.figures.returns.flatMap((r) => r.lines));
    expect(view.quarters).toEqual([
      {
        period: 'Q1',
        areas: 3,
        plannedPence: q1.reduce((s, l) => s + l.plannedPence, 0),
        actualPence: q1.reduce((s, l) => s + (l.actualPence ?? 0), 0),
      },
    ]);
    const contributions = new Map<string, number>();
    for (const p of sent.flatMap((x) => x.figures.pools))
      for (const c of p.partners) contributions.set(c.name, (contributions.get(c.name) ?? 0) + c.contributionPence);
    expect(new Map(view.exposure.map((e) => [e.partner, e.contributionPence]))).toEqual(contributions);
    for (const e of view.exposure) expect(e.areas).toEqual(AREAS.map((a) => a.name));

    // Each import is one history row; nothing entered an area's own tables.
    expect(listAudit(icb, { entity: 'consolidation_area' }).map((a) => a.action)).toEqual([
      'import',
      'import',
      'import',
    ]);
    for (const table of ['area', 'plan', 'scheme_line', 'pool', 'bcf_return'])
      expect(icb.db.prepare(`SELECT count(*) AS n FROM ${table}`).get(), table).toEqual({ n: 0 });
  });

  it('one heading for a name however each area spaced or cased it', async () => {
    // Swindon typed its funding sources with a doubled inner space, a trailing space and other capitals.
    const sourceCol = col('Source of Funding');
    const respaced = swindon.rows.map((r) =>
      r.map((v, i) => (i === sourceCol ? `${v.replace(' ', '  ').toUpperCase()} ` : v)),
    );
    const id = await newConsolidation();
    let view: ConsolidationView | null = null;
    for (const [a, rows] of [
      [bath, bath.rows],
      [swindon, respaced],
    ] as const)
      view = await call<ConsolidationView>(icb, 'consolidation.importPackage', {
        id,
        text: areaPackage(a.name, rows, '2019-20', REQUIRED[a.name]),
      });
    const spaced = (v: string) => v.trim().toLowerCase().replace(/\s+/g, ' ');
    const expected = new Map<string, number>();
    for (const r of [...bath.rows, ...respaced]) {
      const k = spaced(r[sourceCol] ?? '') || '(not given)';
      expected.set(k, (expected.get(k) ?? 0) + printedPence(r[col('2019/20 Expenditure £')]!));
    }
    expect(new Map(view!.bySource.map((s) => [spaced(s.heading), s.expenditurePence]))).toEqual(expected);
    expect(view!.bySource).toHaveLength(expected.size);
  });

  it("each area's minimums, met or not, as summed here from its rows", async () => {
    const id = await newConsolidation();
    let view: ConsolidationView | null = null;
    for (const text of packages) view = await call<ConsolidationView>(icb, 'consolidation.importPackage', { id, text });
    const bathSocialCare = nhsMinimumSpend(bath.rows, true);
    const bathOutOfHospital = nhsMinimumSpend(bath.rows, false);
    const swindonSocialCare = nhsMinimumSpend(swindon.rows, true);
    const wiltshireSocialCare = nhsMinimumSpend(wiltshire.rows, true);
    expect(bathSocialCare).toBeGreaterThan(0);
    expect(bathOutOfHospital).toBeGreaterThan(0);
    expect(view!.minimums).toEqual([
      { area: bath.name, label: SOCIAL_CARE, requiredPence: bathSocialCare, plannedPence: bathSocialCare, met: true },
      {
        area: bath.name,
        label: OUT_OF_HOSPITAL,
        requiredPence: bathOutOfHospital + 100_00,
        plannedPence: bathOutOfHospital,
        met: false,
      },
      {
        area: swindon.name,
        label: SOCIAL_CARE,
        requiredPence: swindonSocialCare + 1,
        plannedPence: swindonSocialCare,
        met: false,
      },
      {
        area: wiltshire.name,
        label: SOCIAL_CARE,
        requiredPence: wiltshireSocialCare - 1,
        plannedPence: wiltshireSocialCare,
        met: true,
      },
    ]);

    // The xlsx says the same, with how much short.
    const xlsx = await call<ExportedFile>(icb, 'consolidation.exportXlsx', { id });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    wb.getWorksheet('Consolidation')!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows.find((r) => r[0] === swindon.name && r[1] === SOCIAL_CARE)).toEqual([
      swindon.name,
      SOCIAL_CARE,
      (swindonSocialCare + 1) / 100,
      swindonSocialCare / 100,
      'Not met: £0.01 short',
    ]);
  });

  it('a package made before packages carried minimums still imports, and says so', async () => {
    // What an older copy of the app wrote: no minimums, fingerprinted over what it holds.
    const old = JSON.parse(packages[1]!) as ReviewPackage;
    for (const plan of old.figures.plans) delete plan.minimums;
    old.manifest.fingerprint = figuresFingerprint(old.figures);
    const id = await newConsolidation();
    await call(icb, 'consolidation.importPackage', { id, text: JSON.stringify(old) });
    const view = await call<ConsolidationView>(icb, 'consolidation.importPackage', { id, text: packages[2] });
    expect(view.areas.map((a) => a.name)).toEqual([swindon.name, wiltshire.name]);
    expect(view.minimums.map((m) => [m.area, m.label, m.requiredPence, m.plannedPence, m.met])).toEqual([
      [swindon.name, 'Not in this package', null, null, null],
      [
        wiltshire.name,
        SOCIAL_CARE,
        nhsMinimumSpend(wiltshire.rows, true) - 1,
        nhsMinimumSpend(wiltshire.rows, true),
        true,
      ],
    ]);
  });

  it('an area removed leaves the others, and can be read in again', async () => {
    const id = await newConsolidation();
    for (const text of packages) await call(icb, 'consolidation.importPackage', { id, text });
    const before = await call<ConsolidationView>(icb, 'consolidation.get', { id });
    const swindon = before.areas.find((a) => a.name === 'Swindon')!;
    const after = await call<ConsolidationView>(icb, 'consolidation.removeArea', { id, areaId: swindon.id });
    expect(after.total.expenditurePence).toBe(before.total.expenditurePence - swindon.expenditurePence);
    const again = await call<ConsolidationView>(icb, 'consolidation.importPackage', { id, text: packages[1] });
    expect(again.total).toEqual(before.total);
    expect(after.minimums.map((m) => m.area)).not.toContain('Swindon');
    expect(again.minimums).toEqual(before.minimums);
  });
});

describe('ICB consolidation out as files', () => {
  it('writes the same totals to xlsx as the screen shows, and a PDF', async () => {
    const id = await newConsolidation();
    for (const text of packages) await call(icb, 'consolidation.importPackage', { id, text });
    const view = await call<ConsolidationView>(icb, 'consolidation.get', { id });
    const xlsx = await call<ExportedFile>(icb, 'consolidation.exportXlsx', { id });
    expect(xlsx.fileName).toBe('BSW-2019-20-consolidation-2019-20.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    wb.getWorksheet('Consolidation')!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const total = rows.find((r) => r[0] === 'Total')!;
    expect(total.slice(0, 3)).toEqual(['Total', view.total.lines, view.total.expenditurePence / 100]);
    for (const a of view.areas) expect(rows.find((r) => r[0] === a.name)?.[2]).toBe(a.expenditurePence / 100);
    const pdf = await call<ExportedFile>(icb, 'consolidation.exportPdf', { id });
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('ICB consolidation refuses, changing nothing', () => {
  it('a tampered package', async () => {
    const id = await newConsolidation();
    const pkg = JSON.parse(packages[0]!) as ReviewPackage;
    pkg.figures.plans[0]!.lines[0]!.expenditurePence += 1;
    const message = await refusal(icb, 'consolidation.importPackage', { id, text: JSON.stringify(pkg) });
    expect(message).toMatch(/do not match its fingerprint.*Nothing has been changed/);
  });

  it('a second package for an area already in, and the same package twice', async () => {
    const id = await newConsolidation();
    await call(icb, 'consolidation.importPackage', { id, text: packages[1] });
    expect(await refusal(icb, 'consolidation.importPackage', { id, text: packages[1] })).toMatch(
      /This package \(Swindon\) is already in "BSW 2019-20"/,
    );
    const later = areaPackage('swindon ', AREAS[1]!.rows.slice(0, 5));
    expect(await refusal(icb, 'consolidation.importPackage', { id, text: later })).toMatch(
      /swindon is already in "BSW 2019-20".*Remove that area first/,
    );
  });

  it('a package of another year', async () => {
    const id = await newConsolidation('2025-26');
    expect(await refusal(icb, 'consolidation.importPackage', { id, text: packages[0] })).toMatch(
      /holds figures for 2019-20 only, but "BSW 2025-26" consolidates 2025-26/,
    );
  });

  it('a file that is not a package: not JSON, a response, another JSON', async () => {
    const id = await newConsolidation();
    expect(await refusal(icb, 'consolidation.importPackage', { id, text: 'Scheme ID\tName\n1\tx' })).toMatch(
      /not a review package from BCF Returns \(it is not JSON\)/,
    );
    expect(
      await refusal(icb, 'consolidation.importPackage', {
        id,
        text: JSON.stringify({ format: 'bcf-returns/review-response' }),
      }),
    ).toMatch(/a response to a review package, not a package/);
    expect(await refusal(icb, 'consolidation.importPackage', { id, text: '{"rows": []}' })).toMatch(
      /not a review package from BCF Returns/,
    );
  });

  it('a consolidation that does not exist, and a name already used', async () => {
    expect(await refusal(icb, 'consolidation.importPackage', { id: 99, text: packages[0] })).toMatch(
      /no consolidation 99/,
    );
    await newConsolidation();
    expect(await refusal(icb, 'consolidation.create', { name: 'bsw 2019-20', year: '2019-20' })).toMatch(
      /already a consolidation called/,
    );
  });
});

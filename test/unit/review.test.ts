import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, figuresFingerprint, responseFingerprint } from '../../shared/review/fingerprint';
import {
  PACKAGE_FORMAT,
  RESPONSE_FORMAT,
  REVIEW_FORMAT_VERSION,
  type ResponseBody,
  type ReviewFigures,
} from '../../shared/review/model';
import { readPackage, readResponse, reviewTargets } from '../../shared/review/read';
import { sha256Hex } from '../../shared/review/sha256';
import { nodeSha256 } from '../../electron/services/review/hash';

// The Node side fingerprints with Node's crypto: both must give the same digest for every string.
const nodeSha = nodeSha256;

function figures(): ReviewFigures {
  return {
    area: { id: 1, name: 'Bath and North East Somerset' },
    plans: [
      {
        key: 'plan:2019-20',
        year: '2019-20',
        label: '2019-20',
        years: ['2019-20'],
        totals: { lines: 2, expenditurePence: 3_200_150, expenditureYear2Pence: null },
        lines: [
          {
            key: 'plan:2019-20:line:1',
            schemeId: '3',
            schemeName: 'Carers',
            schemeType: '3. Carers services',
            areaOfSpend: 'Social Care',
            sourceOfFunding: 'CCG Minimum Contribution',
            priorYearPence: 100,
            virementPence: 50,
            expenditurePence: 3_200_000,
            expenditureYear2Pence: null,
          },
          {
            key: 'plan:2019-20:line:2',
            schemeId: '14',
            schemeName: 'Résidential – “placements” £',
            schemeType: '',
            areaOfSpend: '',
            sourceOfFunding: '',
            priorYearPence: null,
            virementPence: null,
            expenditurePence: 150,
            expenditureYear2Pence: null,
          },
        ],
      },
    ],
    returns: [],
    pools: [],
  };
}

/** The same value with every object's keys written in reverse order. */
function reversedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversedKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .reverse()
        .map(([k, x]) => [k, reversedKeys(x)]),
    );
  return v;
}

describe('sha256Hex', () => {
  it('agrees with Node on known and random text, including non-ASCII and block edges', () => {
    for (const s of ['', 'abc', '£', '😀', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'x'.repeat(1000)])
      expect(sha256Hex(s)).toBe(nodeSha(s));
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => sha256Hex(s) === nodeSha(s)),
      { numRuns: 50 },
    );
  });
});

describe('the figures fingerprint', () => {
  it('is stable across key order', () => {
    const f = figures();
    expect(canonicalJson(reversedKeys(f))).toBe(canonicalJson(f));
    expect(figuresFingerprint(reversedKeys(f) as ReviewFigures)).toBe(figuresFingerprint(f));
  });

  it('changes when any penny of any money field changes', () => {
    const base = figuresFingerprint(figures());
    const fields = ['priorYearPence', 'virementPence', 'expenditurePence'] as const;
    for (const i of [0, 1])
      for (const k of fields) {
        const f = figures();
        const line = f.plans[0]!.lines[i]!;
        line[k] = (line[k] ?? 0) + 1;
        expect(figuresFingerprint(f), `line ${i} ${k}`).not.toBe(base);
      }
    const t = figures();
    t.plans[0]!.totals.expenditurePence -= 1;
    expect(figuresFingerprint(t)).not.toBe(base);
  });

  it('refuses what canonical JSON cannot hold exactly', () => {
    expect(() => canonicalJson({ a: 0.1 })).toThrow(/whole numbers/);
    expect(() => canonicalJson({ a: NaN })).toThrow();
  });
});

function pkgText(f = figures()) {
  return JSON.stringify({
    format: PACKAGE_FORMAT,
    version: REVIEW_FORMAT_VERSION,
    manifest: {
      packageId: '0b6c6a2e-8d3c-4b7e-9a53-7f0c8b9f2a11',
      area: f.area,
      createdAt: '2026-12-03T09:00:00.000Z',
      createdBy: 'bcf.manager',
      note: '',
      fingerprint: figuresFingerprint(f),
    },
    figures: f,
  });
}

describe('reading a package', () => {
  it('reads one the app wrote, and lists what can be queried', () => {
    const read = readPackage(pkgText());
    expect(read.ok).toBe(true);
    if (read.ok) expect(reviewTargets(read.value.figures).map((t) => t.key)).toContain('plan:2019-20:line:2');
  });

  it('refuses a changed penny, another format, and text that is not JSON', () => {
    const tampered = pkgText().replace('3200000', '3200001');
    expect(readPackage(tampered)).toMatchObject({ ok: false, reason: 'tampered' });
    expect(readPackage('{"format":"something-else"}')).toMatchObject({ ok: false, reason: 'foreign' });
    expect(readPackage('PK\u0003\u0004')).toMatchObject({ ok: false, reason: 'foreign' });
    const extra = JSON.parse(pkgText()) as Record<string, unknown>;
    extra.surprise = 1;
    expect(readPackage(JSON.stringify(extra))).toMatchObject({ ok: false, reason: 'foreign' });
    expect(readPackage(' '.repeat(21 * 1024 * 1024))).toMatchObject({ ok: false, reason: 'too_large' });
  });
});

describe('reading a response', () => {
  const body: ResponseBody = {
    format: RESPONSE_FORMAT,
    version: REVIEW_FORMAT_VERSION,
    responseId: '1b6c6a2e-8d3c-4b7e-9a53-7f0c8b9f2a11',
    packageId: '0b6c6a2e-8d3c-4b7e-9a53-7f0c8b9f2a11',
    area: { id: 1, name: 'Bath and North East Somerset' },
    fingerprint: figuresFingerprint(figures()),
    respondent: { name: 'A Partner', role: 'Head of finance', organisation: 'ICB' },
    decidedOn: '2026-12-03',
    decision: 'agreed',
    queries: [],
  };
  it('reads one with a matching fingerprint and refuses one edited by hand', () => {
    const text = JSON.stringify({ ...body, responseFingerprint: responseFingerprint(body) });
    expect(readResponse(text).ok).toBe(true);
    expect(readResponse(text.replace('A Partner', 'B Partner'))).toMatchObject({ ok: false, reason: 'tampered' });
    expect(readResponse(pkgText())).toMatchObject({ ok: false, reason: 'foreign' });
  });
});

import { formatPence } from '../money';
import { figuresFingerprint, responseFingerprint, type Sha256 } from './fingerprint';
import { sha256Hex } from './sha256';
import { nameKey } from '../values/text';
import {
  MAX_PACKAGE_BYTES,
  MAX_RESPONSE_BYTES,
  PACKAGE_FORMAT,
  packageSchema,
  RESPONSE_FORMAT,
  responseSchema,
  type ReviewFigures,
  type ReviewPackage,
  type ReviewResponse,
  type ReviewTarget,
} from './model';

/**
 * Reading a package or a response strictly: too large, not JSON, another
 * app's or another format's file, or a file whose figures no longer match its
 * fingerprint is refused with a sentence saying what to do. Nothing is
 * guessed and nothing is partly read.
 */

export type Refusal = { ok: false; reason: 'too_large' | 'foreign' | 'tampered' | 'wrong_area'; message: string };
export type Read<T> = { ok: true; value: T } | Refusal;

const refuse = (reason: Refusal['reason'], message: string): Refusal => ({ ok: false, reason, message });

function parseJson(text: string, max: number, what: string): Read<unknown> {
  // A string's length in UTF-16 units is at most its UTF-8 length, so this bounds before parsing.
  if (text.length > max)
    return refuse(
      'too_large',
      `This file is larger than any ${what} (${Math.round(max / 1024)} KB at most); check you picked the right file.`,
    );
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return refuse(
      'foreign',
      `This is not a ${what} from BCF Returns (it is not JSON). Ask the sender for the file the app wrote.`,
    );
  }
}

function formatOf(v: unknown): unknown {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>).format : undefined;
}

export function readPackage(text: string, hash: Sha256 = sha256Hex): Read<ReviewPackage> {
  const json = parseJson(text, MAX_PACKAGE_BYTES, 'review package');
  if (!json.ok) return json;
  const format = formatOf(json.value);
  if (format === RESPONSE_FORMAT)
    return refuse(
      'foreign',
      'This is a response to a review package, not a package. The BCF manager imports responses ("Import a response").',
    );
  if (format !== PACKAGE_FORMAT)
    return refuse(
      'foreign',
      'This is not a review package from BCF Returns. Ask the BCF manager for the package file the app wrote (it ends in .bcf-review.json).',
    );
  const parsed = packageSchema.safeParse(json.value);
  if (!parsed.success)
    return refuse(
      'foreign',
      `This review package is not in a form this version of BCF Returns reads (${parsed.error.issues[0]?.path.join('.') || 'the file'}: ${parsed.error.issues[0]?.message}). Ask the BCF manager to send it again, or update the app.`,
    );
  const pkg = parsed.data;
  if (
    figuresFingerprint(pkg.figures, hash) !== pkg.manifest.fingerprint ||
    !sameArea(pkg.manifest.area, pkg.figures.area)
  )
    return refuse(
      'tampered',
      'The figures in this package do not match its fingerprint: the file has been changed since the app wrote it. Do not rely on it; ask the BCF manager to send the package again.',
    );
  return { ok: true, value: pkg };
}

export function readResponse(text: string, hash: Sha256 = sha256Hex): Read<ReviewResponse> {
  const json = parseJson(text, MAX_RESPONSE_BYTES, 'review response');
  if (!json.ok) return json;
  const format = formatOf(json.value);
  if (format === PACKAGE_FORMAT)
    return refuse(
      'foreign',
      'This is a review package, not a response to one. Send it to the partner; import the file their app writes back.',
    );
  if (format !== RESPONSE_FORMAT)
    return refuse(
      'foreign',
      'This is not a review response from BCF Returns. Ask the partner for the response file their app wrote (it ends in .bcf-response.json).',
    );
  const parsed = responseSchema.safeParse(json.value);
  if (!parsed.success)
    return refuse(
      'foreign',
      `This review response is not in a form this version of BCF Returns reads (${parsed.error.issues[0]?.path.join('.') || 'the file'}: ${parsed.error.issues[0]?.message}). Ask the partner to write it again.`,
    );
  const { responseFingerprint: own, ...body } = parsed.data;
  if (responseFingerprint(body, hash) !== own)
    return refuse(
      'tampered',
      'This response has been changed since the partner’s app wrote it (its fingerprint does not match). Ask the partner to send the response file again, unedited.',
    );
  return { ok: true, value: parsed.data };
}

/** Areas are the same when their names are (as nameKey compares names); ids differ between databases. */
export function sameArea(a: { name: string }, b: { name: string }): boolean {
  return nameKey(a.name) === nameKey(b.name);
}

export function wrongArea(what: 'package' | 'response', theirs: string, ours: string): Refusal {
  return refuse(
    'wrong_area',
    what === 'package'
      ? `This package is for ${theirs}, but this copy of the app holds ${ours}. Open it in the copy for ${theirs} (or in one with no area set up).`
      : `This response is about ${theirs}, but this database is ${ours}. Import it into the database for ${theirs}.`,
  );
}

/** Everything a partner may query, in the order they read it. */
export function reviewTargets(f: ReviewFigures): ReviewTarget[] {
  const out: ReviewTarget[] = [];
  for (const p of f.plans) {
    out.push({ key: p.key, label: `Plan ${p.label}: total ${formatPence(p.totals.expenditurePence)}` });
    for (const l of p.lines)
      out.push({
        key: l.key,
        label: `Plan ${p.label}, scheme ${l.schemeId} ${l.schemeName} (${l.sourceOfFunding || 'no source'}): ${formatPence(l.expenditurePence)}`,
      });
  }
  for (const r of f.returns) {
    out.push({ key: r.key, label: `Return ${r.label}: actual to date ${formatPence(r.totals.actualPence)}` });
    for (const l of r.lines)
      out.push({
        key: l.key,
        label: `Return ${r.label}, scheme ${l.schemeId} ${l.schemeName}: actual ${l.actualPence === null ? 'not given' : formatPence(l.actualPence)}`,
      });
  }
  for (const pool of f.pools) {
    out.push({ key: pool.key, label: `Pool ${pool.name} ${pool.year}: budget ${formatPence(pool.budgetPence)}` });
    for (const c of pool.partners)
      out.push({
        key: c.key,
        label: `Pool ${pool.name}: ${c.name}'s contribution ${formatPence(c.contributionPence)}`,
      });
    for (const s of pool.shares)
      out.push({
        key: s.key,
        label: `Pool ${pool.name}: ${s.partner}'s share of the variance ${formatPence(s.pence)}`,
      });
  }
  return out;
}

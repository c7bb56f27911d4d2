import type { z } from 'zod';
import { formatPence } from '../money';
import { nameKey } from '../values/text';
import { figuresFingerprint, responseFingerprint, type Sha256 } from './fingerprint';
import { sha256Hex } from './sha256';
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

/** What reading one kind of file needs: its size and format, what to say of the other kind and of a stranger. */
interface Kind<T> {
  what: 'review package' | 'review response';
  max: number;
  format: string;
  /** The format of the other kind of file, and what to do with one. */
  other: { format: string; message: string };
  notOurs: string;
  schema: z.ZodType<T>;
  /** What to ask for when a file is in a form this version cannot read. */
  askAgain: string;
}

/** A file of one kind, read strictly: size, JSON, format and schema; its fingerprint is its caller's to check. */
function readKind<T>(text: string, kind: Kind<T>): Read<T> {
  const json = parseJson(text, kind.max, kind.what);
  if (!json.ok) return json;
  const format = formatOf(json.value);
  if (format === kind.other.format) return refuse('foreign', kind.other.message);
  if (format !== kind.format) return refuse('foreign', kind.notOurs);
  const parsed = kind.schema.safeParse(json.value);
  if (!parsed.success)
    return refuse(
      'foreign',
      `This ${kind.what} is not in a form this version of BCF Returns reads (${parsed.error.issues[0]?.path.join('.') || 'the file'}: ${parsed.error.issues[0]?.message}). ${kind.askAgain}`,
    );
  return { ok: true, value: parsed.data };
}

export function readPackage(text: string, hash: Sha256 = sha256Hex): Read<ReviewPackage> {
  const read = readKind(text, {
    what: 'review package',
    max: MAX_PACKAGE_BYTES,
    format: PACKAGE_FORMAT,
    other: {
      format: RESPONSE_FORMAT,
      message:
        'This is a response to a review package, not a package. The BCF manager imports responses ("Import a response").',
    },
    notOurs:
      'This is not a review package from BCF Returns. Ask the BCF manager for the package file the app wrote (it ends in .bcf-review.json).',
    schema: packageSchema,
    askAgain: 'Ask the BCF manager to send it again, or update the app.',
  });
  if (!read.ok) return read;
  const pkg = read.value;
  if (
    figuresFingerprint(pkg.figures, hash) !== pkg.manifest.fingerprint ||
    !sameArea(pkg.manifest.area, pkg.figures.area)
  )
    return refuse(
      'tampered',
      'The figures in this package do not match its fingerprint: the file has been changed since the app wrote it. Do not rely on it; ask the BCF manager to send the package again.',
    );
  return read;
}

export function readResponse(text: string, hash: Sha256 = sha256Hex): Read<ReviewResponse> {
  const read = readKind(text, {
    what: 'review response',
    max: MAX_RESPONSE_BYTES,
    format: RESPONSE_FORMAT,
    other: {
      format: PACKAGE_FORMAT,
      message:
        'This is a review package, not a response to one. Send it to the partner; import the file their app writes back.',
    },
    notOurs:
      'This is not a review response from BCF Returns. Ask the partner for the response file their app wrote (it ends in .bcf-response.json).',
    schema: responseSchema,
    askAgain: 'Ask the partner to write it again.',
  });
  if (!read.ok) return read;
  const { responseFingerprint: own, ...body } = read.value;
  if (responseFingerprint(body, hash) !== own)
    return refuse(
      'tampered',
      'This response has been changed since the partner’s app wrote it (its fingerprint does not match). Ask the partner to send the response file again, unedited.',
    );
  return read;
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

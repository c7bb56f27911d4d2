import type { ListName, ReferenceSet, SchemeTypeRef } from '../reference/reference-set';
import { listValues } from '../reference/reference-set';

/**
 * Look-ups the plan rules share, built once per template year so that
 * 10,000 lines are checked in milliseconds: values are compared trimmed and
 * case-insensitively, and each distinct value from a list is normalised only once.
 */
export interface RuleIndex {
  norm: (value: string) => string;
  schemeType: (value: string) => SchemeTypeRef | undefined;
  isSubTypeOf: (type: SchemeTypeRef, subType: string) => boolean;
  ownerOfSubType: (subType: string) => SchemeTypeRef | undefined;
  inList: (list: ListName, value: string) => boolean;
  listIsEmpty: (list: ListName) => boolean;
}

const cache = new WeakMap<ReferenceSet, RuleIndex>();

export function ruleIndex(set: ReferenceSet): RuleIndex {
  const found = cache.get(set);
  if (found) return found;
  const normalised = new Map<string, string>();
  const norm = (value: string) => {
    let n = normalised.get(value);
    if (n === undefined) {
      n = value.trim().toLowerCase();
      normalised.set(value, n);
    }
    return n;
  };
  const types = new Map(set.lists.schemeTypes.map((t) => [norm(t.value), t]));
  const subTypes = new Map(set.lists.schemeTypes.map((t) => [t, new Set(t.subTypes.map(norm))]));
  const owners = new Map<string, SchemeTypeRef>();
  for (const t of set.lists.schemeTypes) for (const s of t.subTypes) if (!owners.has(norm(s))) owners.set(norm(s), t);
  const lists = new Map<ListName, Set<string>>();
  const list = (name: ListName) => {
    let l = lists.get(name);
    if (!l) {
      l = new Set(listValues(set, name).map(norm));
      lists.set(name, l);
    }
    return l;
  };
  const index: RuleIndex = {
    norm,
    schemeType: (value) => types.get(norm(value)),
    isSubTypeOf: (type, subType) => subTypes.get(type)?.has(norm(subType)) ?? false,
    ownerOfSubType: (subType) => owners.get(norm(subType)),
    inList: (name, value) => list(name).has(norm(value)),
    listIsEmpty: (name) => list(name).size === 0,
  };
  cache.set(set, index);
  return index;
}

/** "62.5" → 625000: a percentage in millionths of one, so that splits are compared exactly in integers. */
export function percentToMillionths(text: string): number {
  const [whole, frac = ''] = text.split('.');
  return Number(whole) * 10_000 + Number(frac.padEnd(4, '0').slice(0, 4));
}

/** Each line's values normalised once, read by every rule. */
export interface LineFacts {
  type: SchemeTypeRef | undefined;
  typeN: string;
  subTypeN: string;
  areaN: string;
  sourceN: string;
  commissionerN: string;
  providerN: string;
  unitN: string;
  idN: string;
  nameN: string;
  descriptionN: string;
}

interface FactSource {
  schemeType: string;
  subType: string;
  areaOfSpend: string;
  sourceOfFunding: string;
  commissioner: string;
  provider: string;
  outputUnit: string;
  schemeId: string;
  schemeName: string;
  briefDescription: string;
}

const factsCache = new WeakMap<readonly FactSource[], LineFacts[]>();

export function lineFacts(set: ReferenceSet, lines: readonly FactSource[]): LineFacts[] {
  const cached = factsCache.get(lines);
  if (cached) return cached;
  const { norm, schemeType } = ruleIndex(set);
  const facts = lines.map((l) => ({
    type: schemeType(l.schemeType),
    typeN: norm(l.schemeType),
    subTypeN: norm(l.subType),
    areaN: norm(l.areaOfSpend),
    sourceN: norm(l.sourceOfFunding),
    commissionerN: norm(l.commissioner),
    providerN: norm(l.provider),
    unitN: norm(l.outputUnit),
    // Free text is nearly all distinct: remembering it would keep every description ever checked for the
    // life of the app (the index lives as long as its template year), for no saving.
    idN: l.schemeId.trim().toLowerCase(),
    nameN: l.schemeName.trim().toLowerCase(),
    descriptionN: l.briefDescription.trim().toLowerCase(),
  }));
  factsCache.set(lines, facts);
  return facts;
}

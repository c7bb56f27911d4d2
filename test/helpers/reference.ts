import fs from 'node:fs';
import path from 'node:path';
import { referenceSetSchema, type ReferenceSet } from '../../shared/reference/reference-set';
import { ROOT } from './fixtures';

/** A shipped reference set, read straight from assets/ as the app ships it. */
export function shippedReference(template: '2019-20' | '2023-25' | '2025-26' | '2026-27'): ReferenceSet {
  return referenceSetSchema.parse(
    JSON.parse(fs.readFileSync(path.join(ROOT, 'assets', 'reference', `${template}.json`), 'utf8')),
  );
}

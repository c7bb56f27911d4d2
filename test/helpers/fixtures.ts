import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEST_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = path.resolve(TEST_DIR, '..');
export const PUBLISHED = path.join(TEST_DIR, 'fixtures', 'published');

export function published(name: string): string {
  return path.join(PUBLISHED, name);
}

/** A TSV file as rows of cells, read the plain way, for checking the importer against. */
export function tsvRows(file: string): string[][] {
  return fs
    .readFileSync(file, 'utf8')
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => l.split('\t'));
}

/** "£1,234" / "-£14,270" to pence, independently of the app's parser (whole pounds only, as printed). */
export function printedPence(cell: string): number {
  const negative = cell.startsWith('-');
  const pounds = Number(cell.replace(/[-£,]/g, ''));
  if (!Number.isInteger(pounds)) throw new Error(`not a printed whole-pound amount: ${cell}`);
  return (negative ? -pounds : pounds) * 100;
}

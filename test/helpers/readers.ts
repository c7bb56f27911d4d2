import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { tempDir } from './db';

/**
 * Independent readers of the files the app writes: LibreOffice (headless, with
 * its own throw-away profile), Debian's openpyxl and poppler's pdftotext.
 */

const RECALC_ALWAYS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/**
 * A throw-away LibreOffice profile. With `recalculate`, it tells LibreOffice to recalculate every
 * formula on load (OOXMLRecalcMode 0) rather than trust the results cached in the file.
 */
export function libreOfficeProfile(recalculate: boolean, profile = tempDir('bcf-lo-')): string {
  if (recalculate) {
    fs.mkdirSync(path.join(profile, 'user'), { recursive: true });
    fs.writeFileSync(path.join(profile, 'user', 'registrymodifications.xcu'), RECALC_ALWAYS);
  }
  return profile;
}

/**
 * Every sheet of each workbook as LibreOffice shows it (CSV "as shown"), as rows of text:
 * { file → { sheet → rows } }. One LibreOffice start reads them all (each start costs seconds). Each
 * file goes in under a numbered name, so two files of the same name, or one whose name begins
 * another's ("plan" and "plan-2"), cannot take each other's sheets.
 */
export function libreOfficeSheets(
  files: readonly string[],
  recalculate = true,
): Record<string, Record<string, string[][]>> {
  const work = tempDir('bcf-lo-work-');
  const out = path.join(work, 'out');
  const inputs = files.map((file, i) => {
    const copy = path.join(work, `book${i}.xlsx`);
    fs.copyFileSync(file, copy);
    return copy;
  });
  const r = spawnSync(
    'soffice',
    [
      '--headless',
      '--norestore',
      // The profile inside the work folder, so that it goes when the folder does.
      `-env:UserInstallation=file://${libreOfficeProfile(recalculate, path.join(work, 'profile'))}`,
      '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1',
      '--outdir',
      out,
      ...inputs,
    ],
    { encoding: 'utf8', timeout: 240_000 },
  );
  if (r.status !== 0 || !fs.existsSync(out)) throw new Error(`soffice failed: ${r.stderr || r.stdout}`);
  const result: Record<string, Record<string, string[][]>> = {};
  files.forEach((file) => (result[file] = {}));
  for (const f of fs.readdirSync(out)) {
    const m = /^book(\d+)-(.*)\.csv$/.exec(f);
    if (!m) continue;
    result[files[Number(m[1])]!]![m[2]!] = Papa.parse<string[]>(fs.readFileSync(path.join(out, f), 'utf8'), {
      skipEmptyLines: false,
    }).data;
  }
  for (const file of files)
    if (Object.keys(result[file]!).length === 0) throw new Error(`LibreOffice could not open ${path.basename(file)}`);
  fs.rmSync(work, { recursive: true, force: true });
  return result;
}

/** "£1,234.56", "-£14.14", "£0.00" as LibreOffice shows them, to pence. */
export function shownPence(text: string): number {
  const m = /^(-?)£([\d,]+)\.(\d{2})$/.exec(text.trim());
  if (!m) throw new Error(`not money as shown: ${JSON.stringify(text)}`);
  return (m[1] ? -1 : 1) * (Number(m[2]!.replace(/,/g, '')) * 100 + Number(m[3]));
}

/** Runs a Python snippet with Debian's openpyxl (the python3 first on PATH lacks it) and returns its JSON output. */
export function openpyxl<T>(script: string, ...args: string[]): T {
  const r = spawnSync('/usr/bin/python3', ['-c', script, ...args], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

export function pdfToText(pdf: string): string {
  const r = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr}`);
  return r.stdout;
}

/**
 * Every sheet of an xlsx as Gnumeric shows it after recalculating every formula (`ssconvert --recalc`):
 * a third reader, with its own formula engine, that evaluates no implicit arrays the way Excel does.
 */
export function gnumericSheets(xlsx: string): Map<string, string[][]> {
  const work = tempDir('bcf-gnumeric-');
  const r = spawnSync('ssconvert', ['--recalc', '-S', xlsx, path.join(work, 'sheet.%s.csv')], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, HOME: work },
  });
  if (r.status !== 0) throw new Error(`ssconvert failed: ${r.stderr || r.stdout}`);
  const sheets = new Map<string, string[][]>();
  for (const f of fs.readdirSync(work)) {
    const m = /^sheet\.(.*)\.csv$/.exec(f);
    if (m)
      sheets.set(
        m[1]!,
        Papa.parse<string[]>(fs.readFileSync(path.join(work, f), 'utf8'), { skipEmptyLines: false }).data,
      );
  }
  fs.rmSync(work, { recursive: true, force: true });
  return sheets;
}

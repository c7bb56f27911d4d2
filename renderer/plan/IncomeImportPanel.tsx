import { useState } from 'react';
import type { IncomeImportPreview } from '../../shared/api';
import { formatPence } from '../../shared/money';
import { call } from '../api/client';
import { PreviewedImport, type PickedFile } from '../imports/PreviewedImport';
import { usePlan } from './store';
import { ReplaceOrAppend } from '../imports/ReplaceOrAppend';

type Mode = 'replace' | 'append';

/**
 * The plan's income from a file, as `bcf import income` reads it: a preview
 * (every line and printed total, or every problem), then all of it or nothing.
 * Income the plan already has is never mixed in silently: the user chooses.
 */
export function IncomeImportPanel({ year, onClose }: { year: string; onClose: () => void }) {
  const persist = usePlan((s) => s.persist);
  const [mode, setMode] = useState<Mode | null>(null);

  const importIncome = async (preview: IncomeImportPreview, picked: PickedFile) => {
    if (preview.existingLines > 0 && !mode) return "Choose whether to replace the plan's income or add to it.";
    return persist(`Imported ${preview.lines.length} income lines from ${preview.file}`, () =>
      call('income.commitImport', {
        year,
        fileName: picked.name,
        contentBase64: picked.base64,
        mode: preview.existingLines > 0 ? mode! : 'refuse',
      }),
    );
  };

  return (
    <PreviewedImport
      id="income-import"
      title={`Import the ${year} plan's income`}
      hint="A TSV, CSV or xlsx file with a header row: Source of Funding, Partner, and an amount column for each plan year (e.g. 2019/20 £). Nothing is written until you confirm."
      read={(picked) => call('income.previewImport', { year, fileName: picked.name, contentBase64: picked.base64 })}
      onPick={() => setMode(null)}
      onClose={onClose}
    >
      {({ preview, picked, busy, commit }) => (
        <>
          <div className="table-scroll" role="region" aria-labelledby="income-import-caption" tabIndex={0}>
            <table>
              <caption id="income-import-caption">
                {preview.lines.length} income lines will be created from {preview.file}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Source of Funding</th>
                  <th scope="col">Partner</th>
                  {preview.years.map((y) => (
                    <th scope="col" className="num" key={y}>
                      {y} £
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.lines.map((l, i) => (
                  <tr key={i}>
                    <th scope="row">{l.sourceOfFunding}</th>
                    <td>{l.partner}</td>
                    <td className="num">{formatPence(l.amountPence)}</td>
                    {preview.years.length > 1 && (
                      <td className="num">{l.amountYear2Pence === null ? '' : formatPence(l.amountYear2Pence)}</td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {preview.totals.map((t) => (
            <p key={t.row}>
              Printed total on row {t.row} ("{t.label}"): {formatPence(t.printedPence)}; the lines add up to{' '}
              {formatPence(t.computedPence)}
              {t.printedPence === t.computedPence
                ? ' (agrees).'
                : ` (differs by ${formatPence(t.printedPence - t.computedPence)}).`}
            </p>
          ))}
          {preview.existingLines > 0 && (
            <ReplaceOrAppend
              name="income-import-mode"
              legend={`The ${year} plan already has ${preview.existingLines} income lines`}
              incoming={`the file's ${preview.lines.length}`}
              mode={mode}
              onChange={setMode}
            />
          )}
          <button type="button" disabled={busy} onClick={() => commit(() => importIncome(preview, picked))}>
            Import {preview.lines.length} income lines
          </button>
        </>
      )}
    </PreviewedImport>
  );
}

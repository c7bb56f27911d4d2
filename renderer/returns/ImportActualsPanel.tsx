import type { ReturnImportPreview, ReturnView } from '../../shared/api';
import { formatPence } from '../../shared/money';
import { returnColumnLabel } from '../../shared/returns/line';
import { call } from '../api/client';
import { PreviewedImport, type PickedFile } from '../imports/PreviewedImport';
import { useReturns } from './store';
import { checksAfter } from '../imports/ReplaceOrAppend';

/**
 * Imports actuals from a finance ledger extract or a filled return: a
 * preview first (which row matched which line, what will change, every
 * problem, what the checks will say), then one all-or-nothing commit.
 */
export function ImportActualsPanel({ view, onClose }: { view: ReturnView; onClose: () => void }) {
  const persist = useReturns((s) => s.persist);
  const which = { year: view.year, period: view.period };
  const importActuals = (preview: ReturnImportPreview, picked: PickedFile) =>
    persist(`Imported ${preview.matches.length} lines from ${preview.file}`, () =>
      call('return.commitImport', { ...which, fileName: picked.name, contentBase64: picked.base64 }),
    );

  return (
    <PreviewedImport
      id="import-actuals"
      title={`Import actuals into the ${view.label} return`}
      hint="A TSV, CSV or xlsx file with a header row naming Scheme ID and Actual Expenditure to date, and any of the return's other columns. Each row is matched to one line by its Scheme ID and the fixed columns it has (Planned Expenditure tells alike lines apart); a row that matches no line, or more than one, stops the import. Nothing is written until you confirm."
      read={(picked) => call('return.previewImport', { ...which, fileName: picked.name, contentBase64: picked.base64 })}
      onClose={onClose}
    >
      {({ preview, picked, busy, commit }) => {
        return (
          <>
            <p>
              <strong>{preview.matches.length} lines</strong> matched in {preview.file}
              {preview.sheet ? `, sheet "${preview.sheet}"` : ''} (header on row {preview.headerRow})
              {preview.untouched > 0
                ? `; ${preview.untouched} lines of the return are not in the file and keep their figures`
                : ''}
              .
            </p>
            {preview.ignored.length > 0 && <p>Columns not read: {preview.ignored.join(' · ')}</p>}
            <div className="table-scroll" role="region" aria-labelledby="import-actuals-caption" tabIndex={0}>
              <table>
                <caption id="import-actuals-caption">What will change</caption>
                <thead>
                  <tr>
                    <th scope="col">Row</th>
                    <th scope="col">Line</th>
                    <th scope="col">Changes</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.matches.map((m) => (
                    <tr key={m.row}>
                      <td>{m.row}</td>
                      <td>
                        {m.schemeId} {m.schemeName} ({formatPence(m.plannedPence, { pence: 'auto' })})
                      </td>
                      <td>
                        {m.changes.length === 0
                          ? 'no change'
                          : m.changes
                              .map(
                                (c) =>
                                  `${returnColumnLabel(c.field, preview.columns)}: ${c.from || '(blank)'} → ${c.to || '(blank)'}`,
                              )
                              .join('; ')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {preview.printedTotals.map((t) => (
              <p key={`${t.row}-${t.field}`}>
                Printed total on row {t.row} ("{t.label}"), {t.field === 'plannedPence' ? 'planned' : 'actual'}:{' '}
                {formatPence(t.printedPence)}; the rows above add up to {formatPence(t.computedPence)}
                {t.printedPence === t.computedPence
                  ? ' (agrees).'
                  : ` (differs by ${formatPence(t.printedPence - t.computedPence)}).`}
              </p>
            ))}
            <p>{checksAfter(preview.findings)}.</p>
            <div className="actions">
              <button type="button" onClick={() => commit(() => importActuals(preview, picked))} disabled={busy}>
                Import {preview.matches.length} lines
              </button>
            </div>
          </>
        );
      }}
    </PreviewedImport>
  );
}

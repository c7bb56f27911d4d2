import { useEffect, useRef, useState } from 'react';
import type { ReturnImportPreview, ReturnView } from '../../shared/api';
import { formatPence } from '../../shared/money';
import { RETURN_SHORT_LABELS } from '../../shared/returns/line';
import { call, errorMessage } from '../api/client';
import { fileToBase64 } from '../plan/files';
import { useReturns } from './store';

/**
 * Imports actuals from a finance ledger extract or a filled return: a
 * preview first (which row matched which line, what will change, every
 * problem, what the checks will say), then one all-or-nothing commit.
 */
export function ImportActualsPanel({ view, onClose }: { view: ReturnView; onClose: () => void }) {
  const persist = useReturns((s) => s.persist);
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [preview, setPreview] = useState<ReturnImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const which = { year: view.year, period: view.period };

  const choose = async (picked: File | undefined) => {
    setPreview(null);
    setError(null);
    if (!picked) return;
    setBusy(true);
    try {
      const base64 = await fileToBase64(picked);
      setFile({ name: picked.name, base64 });
      setPreview(await call('return.previewImport', { ...which, fileName: picked.name, contentBase64: base64 }));
      requestAnimationFrame(() => resultRef.current?.focus());
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const commit = async () => {
    if (!file || !preview) return;
    setBusy(true);
    const ok = await persist(`Imported ${preview.matches.length} lines from ${preview.file}`, () => call('return.commitImport', { ...which, fileName: file.name, contentBase64: file.base64 }));
    setBusy(false);
    if (ok) onClose();
  };
  const errors = preview?.findings.filter((f) => f.severity === 'error').length ?? 0;

  return (
    <section className="panel" aria-labelledby="import-actuals-title">
      <h2 id="import-actuals-title" tabIndex={-1} ref={headingRef}>Import actuals into the {view.label} return</h2>
      <p className="hint" id="import-actuals-hint">A TSV, CSV or xlsx file with a header row naming Scheme ID and Actual Expenditure to date, and any of the return's other columns. Each row is matched to one line by its Scheme ID and the fixed columns it has (Planned Expenditure tells alike lines apart); a row that matches no line, or more than one, stops the import. Nothing is written until you confirm.</p>
      <label htmlFor="import-actuals-file">File to import</label>
      <input id="import-actuals-file" type="file" accept=".tsv,.csv,.txt,.xlsx" aria-describedby="import-actuals-hint" onChange={(e) => void choose(e.target.files?.[0])} disabled={busy} />
      {busy && <p role="status">Reading the file…</p>}
      {error && <p role="alert" className="error-banner">{error}</p>}
      {preview && (
        <div className="import-preview" tabIndex={-1} ref={resultRef} aria-live="polite">
          {preview.problems.length > 0 ? (
            <div className="error-summary" role="alert">
              <h3>{preview.file} cannot be imported: {preview.problems.length} problem{preview.problems.length === 1 ? '' : 's'}. Nothing has been written.</h3>
              <ul>{preview.problems.slice(0, 50).map((p) => <li key={p}>{p}</li>)}</ul>
            </div>
          ) : (
            <>
              <p><strong>{preview.matches.length} lines</strong> matched in {preview.file}{preview.sheet ? `, sheet "${preview.sheet}"` : ''} (header on row {preview.headerRow}){preview.untouched > 0 ? `; ${preview.untouched} lines of the return are not in the file and keep their figures` : ''}.</p>
              {preview.ignored.length > 0 && <p>Columns not read: {preview.ignored.join(' · ')}</p>}
              <div className="table-scroll" role="region" aria-labelledby="import-actuals-caption" tabIndex={0}>
                <table>
                  <caption id="import-actuals-caption">What will change</caption>
                  <thead><tr><th scope="col">Row</th><th scope="col">Line</th><th scope="col">Changes</th></tr></thead>
                  <tbody>
                    {preview.matches.map((m) => (
                      <tr key={m.row}>
                        <td>{m.row}</td>
                        <td>{m.schemeId} {m.schemeName} ({formatPence(m.plannedPence, { pence: 'auto' })})</td>
                        <td>{m.changes.length === 0 ? 'no change' : m.changes.map((c) => `${RETURN_SHORT_LABELS[c.field]}: ${c.from || '(blank)'} → ${c.to || '(blank)'}`).join('; ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {preview.printedTotals.map((t) => (
                <p key={`${t.row}-${t.field}`}>Printed total on row {t.row} ("{t.label}"), {t.field === 'plannedPence' ? 'planned' : 'actual'}: {formatPence(t.printedPence)}; the rows above add up to {formatPence(t.computedPence)}{t.printedPence === t.computedPence ? ' (agrees).' : ` (differs by ${formatPence(t.printedPence - t.computedPence)}).`}</p>
              ))}
              <p>After the import the checks will show {errors} error{errors === 1 ? '' : 's'} and {preview.findings.length - errors} warning{preview.findings.length - errors === 1 ? '' : 's'}.</p>
              <div className="actions">
                <button type="button" onClick={() => void commit()} disabled={busy}>Import {preview.matches.length} lines</button>
              </div>
            </>
          )}
        </div>
      )}
      <div className="actions">
        <button type="button" className="secondary" onClick={onClose}>Close</button>
      </div>
    </section>
  );
}

import { useEffect, useRef, useState } from 'react';
import type { ImportPreview } from '../../shared/api';
import { formatPence } from '../../shared/money';
import { call, errorMessage } from '../api/client';
import { fileToBase64 } from './files';
import { usePlan } from './store';

type Mode = 'replace' | 'append';

/**
 * Import scheme lines from TSV, CSV or xlsx: a preview first (what will be
 * created, every problem, what the checks will say), then one all-or-nothing
 * commit. A year that has lines is never mixed silently: the user chooses.
 */
export function ImportPanel({ year, onClose }: { year: string; onClose: () => void }) {
  const persist = usePlan((s) => s.persist);
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mode, setMode] = useState<Mode | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const choose = async (picked: File | undefined) => {
    setPreview(null);
    setError(null);
    setMode(null);
    if (!picked) return;
    setBusy(true);
    try {
      const base64 = await fileToBase64(picked);
      setFile({ name: picked.name, base64 });
      setPreview(await call('plan.previewImport', { year, fileName: picked.name, contentBase64: base64 }));
      requestAnimationFrame(() => resultRef.current?.focus());
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const commit = async () => {
    if (!file || !preview) return;
    if (preview.existingLines > 0 && !mode) return setError('Choose whether to replace the plan\'s lines or add to them.');
    setBusy(true);
    const ok = await persist(`Imported ${preview.lines} lines from ${preview.file}`, () =>
      call('plan.commitImport', { year, fileName: file.name, contentBase64: file.base64, mode: preview.existingLines > 0 ? mode! : 'refuse' }));
    setBusy(false);
    if (ok) onClose();
  };

  const errors = preview?.findings.filter((f) => f.severity === 'error').length ?? 0;
  return (
    <section className="panel" aria-labelledby="import-title">
      <h2 id="import-title" tabIndex={-1} ref={headingRef}>Import scheme lines into the {year} plan</h2>
      <p className="hint" id="import-hint">A TSV, CSV or xlsx file with a header row naming its columns (Scheme ID, Scheme Name, Source of Funding, the year's expenditure, …). Nothing is written until you confirm.</p>
      <label htmlFor="import-file">File to import</label>
      <input id="import-file" type="file" accept=".tsv,.csv,.txt,.xlsx" aria-describedby="import-hint" onChange={(e) => void choose(e.target.files?.[0])} disabled={busy} />
      {busy && <p role="status">Reading the file…</p>}
      {error && <p role="alert" className="error-banner">{error}</p>}
      {preview && (
        <div className="import-preview" tabIndex={-1} ref={resultRef} aria-live="polite">
          {preview.problems.length > 0 ? (
            <div className="error-summary" role="alert">
              <h3>{preview.file} cannot be imported: {preview.problems.length} problem{preview.problems.length === 1 ? '' : 's'}. Nothing has been written.</h3>
              <ul>{preview.problems.slice(0, 50).map((p) => <li key={p}>{p}</li>)}</ul>
              {preview.problems.length > 50 && <p>…and {preview.problems.length - 50} more.</p>}
            </div>
          ) : (
            <>
              <p><strong>{preview.lines} lines</strong> will be created from {preview.file}{preview.sheet ? `, sheet "${preview.sheet}"` : ''} (header on row {preview.headerRow}; template {preview.template}).</p>
              <p>Columns read: {preview.columns.map((c) => `${c.letter} ${c.header}`).join(' · ')}</p>
              {preview.printedTotals.map((t) => (
                <p key={`${t.row}-${t.field}`}>Printed total on row {t.row} ("{t.label}"), {t.column}: {formatPence(t.printedPence)}; the lines add up to {formatPence(t.computedPence)}{t.printedPence === t.computedPence ? ' (agrees).' : ` (differs by ${formatPence(t.printedPence - t.computedPence)}).`}</p>
              ))}
              <p>After the import the checks will show {errors} error{errors === 1 ? '' : 's'} and {preview.findings.length - errors} warning{preview.findings.length - errors === 1 ? '' : 's'}; you can fix them in the plan.</p>
              {preview.existingLines > 0 && (
                <fieldset>
                  <legend>The {year} plan already has {preview.existingLines} lines</legend>
                  <label className="radio"><input type="radio" name="import-mode" checked={mode === 'replace'} onChange={() => setMode('replace')} /> Replace them with the file's {preview.lines}</label>
                  <label className="radio"><input type="radio" name="import-mode" checked={mode === 'append'} onChange={() => setMode('append')} /> Keep them and add the file's {preview.lines}</label>
                </fieldset>
              )}
              <div className="actions">
                <button type="button" onClick={() => void commit()} disabled={busy}>Import {preview.lines} lines</button>
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

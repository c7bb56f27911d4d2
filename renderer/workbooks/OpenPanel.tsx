import { useEffect, useRef, useState } from 'react';
import type { WorkbookImportOutcome, WorkbookImportPreview } from '../../shared/api';
import { formatPence } from '../../shared/money';
import { call } from '../api/client';
import { useApp } from '../app/store';
import { fileToBase64 } from '../plan/files';
import { usePlan } from '../plan/store';
import { FailureView } from './Feedback';
import { useWorkbooks, type Failure } from './store';

/**
 * "Open workbook…": a filled official template, a generated workbook or a
 * previous year's submission, read back into its plan: a preview first
 * (the profile it matched, what will be created, every problem, what the
 * checks will say), then one all-or-nothing commit that can be undone.
 */
export function OpenPanel({ onClose }: { onClose: () => void }) {
  const { profiles, run } = useWorkbooks();
  const refresh = useApp((s) => s.refresh);
  const [profile, setProfile] = useState('');
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [preview, setPreview] = useState<WorkbookImportPreview | null>(null);
  const [outcome, setOutcome] = useState<WorkbookImportOutcome | null>(null);
  const [mode, setMode] = useState<'replace' | 'append' | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const read = async (picked: File | undefined, profileId = profile) => {
    setPreview(null);
    setOutcome(null);
    setFailure(null);
    setMode(null);
    if (!picked && !file) return;
    setBusy(true);
    const result = await run('Reading the workbook', ['reading the file', 'checking every cell'], async (next) => {
      const chosen = picked ? { name: picked.name, base64: await fileToBase64(picked) } : file!;
      setFile(chosen);
      next();
      return call('workbook.previewImport', { fileName: chosen.name, contentBase64: chosen.base64, ...(profileId ? { profile: profileId } : {}) });
    });
    setBusy(false);
    if ('value' in result) setPreview(result.value);
    else setFailure(result.failure);
    requestAnimationFrame(() => resultRef.current?.focus());
  };

  const commit = async () => {
    if (!file || !preview) return;
    const existing = preview.existingLines + preview.existingIncome > 0;
    if (existing && !mode) return setFailure({ message: 'Choose whether to replace the plan\'s lines and income or to add to them.', details: [] });
    setBusy(true);
    const result = await run('Importing the workbook', ['reading the file', 'writing the plan'], async (next) => {
      next();
      return call('workbook.commitImport', { fileName: file.name, contentBase64: file.base64, mode: existing ? mode! : 'refuse', ...(profile ? { profile } : {}) });
    });
    setBusy(false);
    if ('value' in result) {
      setOutcome(result.value);
      setPreview(null);
      void refresh();
      // The Plan screen keeps the plan it last showed: it must show the imported lines when the user goes back to it.
      void usePlan.getState().reload();
    } else setFailure(result.failure);
    requestAnimationFrame(() => resultRef.current?.focus());
  };

  const errors = preview?.findings.filter((f) => f.severity === 'error').length ?? 0;
  return (
    <section className="panel" aria-labelledby="open-title">
      <h2 id="open-title" tabIndex={-1} ref={headingRef}>Open a workbook</h2>
      <p className="hint" id="open-hint">A filled official template, a workbook the app generated, or last year's submission: its lines, income and cover details are read into the plan for the year the workbook is for. Nothing is written until you confirm.</p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="open-profile">Template profile</label>
          <select id="open-profile" value={profile} onChange={(e) => { setProfile(e.target.value); if (file) void read(undefined, e.target.value); }} disabled={busy}>
            <option value="">The one the workbook matches best</option>
            {profiles.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="open-file">Workbook (.xlsx)</label>
          <input id="open-file" type="file" accept=".xlsx" aria-describedby="open-hint" onChange={(e) => void read(e.target.files?.[0])} disabled={busy} />
        </div>
      </div>
      <div tabIndex={-1} ref={resultRef} aria-live="polite" className="import-preview">
        {failure && <FailureView failure={failure} what={`${file?.name ?? 'The workbook'} cannot be read`} />}
        {preview && (preview.problems.length > 0 ? (
          <FailureView failure={{ message: '', details: preview.problems }} what={`${preview.file} cannot be imported`} />
        ) : (
          <>
            <p><strong>{preview.lines} lines</strong> and <strong>{preview.income} income lines</strong> will go into the {preview.years.join(' to ')} plan, read as the {preview.profileLabel}{preview.sheet ? ` (lines from sheet "${preview.sheet}", header on row ${preview.headerRow})` : ''}.</p>
            {preview.columns.length > 0 && <p>Columns read: {preview.columns.map((c) => `${c.letter} ${c.header}`).join(' · ')}</p>}
            {preview.incomeSample.length > 0 && <p>Income: {preview.incomeSample.map((x) => `${x.sourceOfFunding} ${formatPence(x.amountPence)}`).join('; ')}{preview.income > preview.incomeSample.length ? '; …' : ''}</p>}
            {Object.keys(preview.cover).length > 0 && <p>Cover details: {Object.entries(preview.cover).map(([k, v]) => `${k} “${v}”`).join('; ')}</p>}
            {preview.notes.map((n) => <p key={n} className="hint">{n}</p>)}
            <p>After the import the checks will show {errors} error{errors === 1 ? '' : 's'} and {preview.findings.length - errors} warning{preview.findings.length - errors === 1 ? '' : 's'}.</p>
            {preview.existingLines + preview.existingIncome > 0 && (
              <fieldset>
                <legend>The plan already has {preview.existingLines} lines and {preview.existingIncome} income lines</legend>
                <label className="radio"><input type="radio" name="open-mode" checked={mode === 'replace'} onChange={() => setMode('replace')} /> Replace them with the workbook's</label>
                <label className="radio"><input type="radio" name="open-mode" checked={mode === 'append'} onChange={() => setMode('append')} /> Keep them and add the workbook's</label>
              </fieldset>
            )}
            <div className="actions"><button type="button" onClick={() => void commit()} disabled={busy}>Import {preview.lines} lines</button></div>
          </>
        ))}
        {outcome && (
          <p className="verified" role="status">Imported {outcome.lines} lines and {outcome.income} income lines from {outcome.file} into the {outcome.year} plan{outcome.replaced.lines + outcome.replaced.income > 0 ? ` (replacing ${outcome.replaced.lines} lines and ${outcome.replaced.income} income lines)` : ''}{outcome.cover.length > 0 ? `, with ${outcome.cover.length} cover details` : ''}. Undo on the Plan screen takes it back in one step.</p>
        )}
      </div>
      <div className="actions"><button type="button" className="secondary" onClick={onClose}>Close</button></div>
    </section>
  );
}

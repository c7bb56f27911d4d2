import { useEffect, useRef, useState } from 'react';
import type { WorkbookExport } from '../../shared/api';
import type { Period } from '../../shared/returns/period';
import { call } from '../api/client';
import { downloadBase64, fileToBase64 } from '../files/files';
import { FailureView, FillResult, GenerateResult } from './Feedback';
import { useWorkbooks, type Failure } from './store';

/** What is written out: a plan (by its year), or a quarterly return (by its year and period). */
export type ExportTarget =
  { kind: 'plan'; year: string; label: string } | { kind: 'return'; year: string; period: Period; label: string };

/**
 * "Fill official workbook…" (the copy NHS England sent, filled cell by cell:
 * only its input cells change, and the user's file is never touched: the
 * filled copy is a new download) and "Generate…" (a workbook in NHS
 * England's conventions when there is no official copy), for a plan or a
 * quarterly return.
 */
export function ExportPanel({
  target,
  mode,
  onClose,
}: {
  target: ExportTarget;
  mode: 'fill' | 'generate';
  onClose: () => void;
}) {
  const { profiles, run } = useWorkbooks();
  const { label } = target;
  const what = target.kind === 'plan' ? `the ${label} plan` : `the ${label} return`;
  const [profile, setProfile] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<WorkbookExport | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const kindProfiles = profiles.filter((p) => p.kind === target.kind);

  const go = async () => {
    if (mode === 'fill' && !file)
      return setFailure({ message: 'Choose the workbook NHS England sent you.', details: [] });
    setBusy(true);
    setResult(null);
    setFailure(null);
    const steps =
      mode === 'fill'
        ? [
            'reading your workbook',
            'checking it and filling the input cells',
            'reading the result back',
            'preparing the download',
          ]
        : ['building the workbook', 'preparing the download'];
    const outcome = await run(
      mode === 'fill' ? 'Filling the workbook' : 'Generating the workbook',
      steps,
      async (next) => {
        const into = mode === 'fill' ? { fileName: file!.name, contentBase64: await fileToBase64(file!) } : undefined;
        if (into) next();
        const common = { ...(profile ? { profile } : {}), ...(into ? { into } : {}) };
        const out =
          target.kind === 'plan'
            ? await call('workbook.exportPlan', { year: target.year, ...common })
            : await call('workbook.exportReturn', { year: target.year, period: target.period, ...common });
        next();
        if (mode === 'fill') next();
        downloadBase64(out.fileName, out.contentBase64);
        return out;
      },
    );
    setBusy(false);
    if ('value' in outcome) setResult(outcome.value);
    else setFailure(outcome.failure);
    requestAnimationFrame(() => resultRef.current?.focus());
  };

  const title = mode === 'fill' ? `Fill NHS England's workbook with ${what}` : `Generate a workbook of ${what}`;
  return (
    <section className="panel" aria-labelledby="export-title">
      <h2 id="export-title" tabIndex={-1} ref={headingRef}>
        {title}
      </h2>
      <p className="hint" id="export-hint">
        {mode === 'fill'
          ? 'Pick the copy of the template that NHS England sent. The app checks it against the profile first and, if anything differs, says what and where before writing anything. Only the input cells are written; your file is not changed: the filled copy is downloaded.' +
            (target.kind === 'return' ? " Its pre-populated lines must be the return's, one for one." : '')
          : "For drafting, a board paper, or a year whose template is not out yet: a workbook in NHS England's conventions, with its checklist, drop-downs and protection."}
      </p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="export-profile">Template profile</label>
          <select id="export-profile" value={profile} onChange={(e) => setProfile(e.target.value)}>
            <option value="">
              {target.kind === 'plan' ? "The one for this plan's year" : "The one for this return's year"}
            </option>
            {kindProfiles.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
        {mode === 'fill' && (
          <div className="field">
            <label htmlFor="export-file">NHS England's workbook (.xlsx)</label>
            <input
              id="export-file"
              type="file"
              accept=".xlsx"
              aria-describedby="export-hint"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              disabled={busy}
            />
          </div>
        )}
      </div>
      <div className="actions">
        <button type="button" onClick={() => void go()} disabled={busy}>
          {mode === 'fill' ? 'Fill and download' : 'Generate and download'}
        </button>
        {result && (
          <button
            type="button"
            className="secondary"
            onClick={() => downloadBase64(result.fileName, result.contentBase64)}
          >
            Download “{result.fileName}” again
          </button>
        )}
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
      <div tabIndex={-1} ref={resultRef} aria-live="polite">
        {failure && (
          <FailureView
            failure={failure}
            what={mode === 'fill' ? `${file?.name ?? 'The workbook'} was not filled` : 'The workbook was not generated'}
          />
        )}
        {result?.fill && <FillResult summary={result.fill} />}
        {result?.generate && <GenerateResult summary={result.generate} />}
      </div>
    </section>
  );
}

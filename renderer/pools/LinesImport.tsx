import { useEffect, useRef, useState } from 'react';
import type { LinesImportOutcome, PoolDetail } from '../../shared/api';
import { formatPence } from '../../shared/money';
import { call } from '../api/client';
import { ProblemBanner, TableFileField } from './Field';
import { problemOf, type Problem } from './problem';
import { fileToBase64 } from '../files/files';
import { usePools } from './store';

interface Picked {
  fileName: string;
  content: string;
}

/** "Import budget lines…": a table of lines read whole, previewed (a dry run), then written all at once or not at all. */
export function LinesImport({ detail, onDone }: { detail: PoolDetail; onDone: () => void }) {
  const { act } = usePools();
  const { pool } = detail;
  const [replace, setReplace] = useState(false);
  const [picked, setPicked] = useState<Picked | null>(null);
  const [preview, setPreview] = useState<LinesImportOutcome | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  useEffect(() => fileRef.current?.focus(), []);
  useEffect(() => {
    if (preview) confirmRef.current?.focus();
  }, [preview]);

  const dryRun = async (file: Picked, withReplace: boolean) => {
    setProblem(null);
    setPreview(null);
    try {
      setPreview(
        await call('pool.importLines', {
          id: pool.id,
          fileName: file.fileName,
          contentBase64: file.content,
          dryRun: true,
          ...(withReplace ? { replace: true } : {}),
        }),
      );
    } catch (err) {
      setProblem(problemOf(err));
      requestAnimationFrame(() => document.getElementById('lines-import-problem')?.focus());
    }
  };

  const pick = async (file: File | undefined) => {
    if (!file) return;
    let chosen: { fileName: string; content: string };
    try {
      chosen = { fileName: file.name, content: await fileToBase64(file) };
    } catch (err) {
      // A file too large to read: said where a problem with the file is said.
      setProblem(problemOf(err));
      return;
    }
    setPicked(chosen);
    await dryRun(chosen, replace);
  };

  const commit = async () => {
    if (!picked || !preview) return;
    const ok = await act(`Imported ${preview.lines.length} budget lines from ${picked.fileName}`, () =>
      call('pool.importLines', {
        id: pool.id,
        fileName: picked.fileName,
        contentBase64: picked.content,
        ...(replace ? { replace: true } : {}),
      }),
    );
    if (ok) onDone();
  };

  return (
    <div
      className="panel editor-form"
      role="group"
      aria-labelledby="lines-import-title"
      onKeyDown={(e) => e.key === 'Escape' && onDone()}
    >
      <h3 id="lines-import-title">Import budget lines into {pool.name}</h3>
      <TableFileField
        id="lines-file"
        inputRef={fileRef}
        label="A table of budget lines (TSV or CSV)"
        hint="Columns Line, Name, Partner (a partner's name, its kind of cost such as health, or blank for shared), Budget, Contingency (Yes or No). You will see the lines before anything is saved."
        onFile={(f) => void pick(f)}
      />
      {pool.lines.length > 0 && (
        <div className="field">
          <label className="checkbox" htmlFor="lines-replace">
            <input
              id="lines-replace"
              type="checkbox"
              checked={replace}
              onChange={(e) => {
                setReplace(e.target.checked);
                if (picked) void dryRun(picked, e.target.checked);
              }}
            />
            Replace the {pool.lines.length} existing line{pool.lines.length === 1 ? '' : 's'} (their forecasts and
            outturns go too)
          </label>
        </div>
      )}
      {problem && <ProblemBanner id="lines-import-problem" message={problem.message} details={problem.details} />}
      {preview && picked && (
        <div role="region" aria-labelledby="lines-preview-title">
          <h4 id="lines-preview-title">
            {picked.fileName} holds {preview.lines.length} budget line{preview.lines.length === 1 ? '' : 's'}
            {preview.replaced > 0 ? `, replacing ${preview.replaced}` : ''}
          </h4>
          <ul>
            {preview.lines.map((l) => (
              <li key={l.code}>
                {l.code} {l.name}: {l.partner ?? 'shared'}, {formatPence(l.budgetPence)}
                {l.contingency ? ' (contingency)' : ''}
              </li>
            ))}
          </ul>
          <div className="actions">
            <button type="button" ref={confirmRef} onClick={() => void commit()}>
              Import these {preview.lines.length} lines
            </button>
            <button type="button" className="secondary" onClick={onDone}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {!preview && (
        <div className="actions">
          <button type="button" className="secondary" onClick={onDone}>
            Cancel
          </button>
        </div>
      )}
    </div>
  );
}

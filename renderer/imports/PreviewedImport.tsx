import { useEffect, useRef, useState, type ReactNode } from 'react';
import { errorMessage } from '../api/client';
import { fileToBase64 } from '../files/files';
import { CloseActions } from '../forms/Field';

export interface PickedFile {
  name: string;
  base64: string;
}

/** What the panel shows once a file has been read without problems, and how it commits. */
export interface ReadyPreview<P> {
  preview: P;
  picked: PickedFile;
  busy: boolean;
  /** Runs the commit: true closes the panel, a string is shown as the reason nothing happened. */
  commit: (work: () => Promise<boolean | string>) => void;
}

interface Props<P extends { file: string; problems: string[] }> {
  /** Prefix of the panel's element ids. */
  id: string;
  title: string;
  hint: string;
  read: (picked: PickedFile) => Promise<P>;
  /** Called as a new file is chosen, to forget choices made about the last one. */
  onPick?: () => void;
  onClose: () => void;
  children: (ready: ReadyPreview<P>) => ReactNode;
}

const PROBLEMS_SHOWN = 50;

/**
 * An import the user sees before it happens: pick a file, read it (a dry
 * run), see every problem or what will change, then commit all of it or
 * nothing. The heading takes the focus on opening, the result once read.
 */
export function PreviewedImport<P extends { file: string; problems: string[] }>({
  id,
  title,
  hint,
  read,
  onPick,
  onClose,
  children,
}: Props<P>) {
  const [picked, setPicked] = useState<PickedFile | null>(null);
  const [preview, setPreview] = useState<P | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const choose = async (file: File | undefined) => {
    setPreview(null);
    setError(null);
    onPick?.();
    if (!file) return;
    setBusy(true);
    try {
      const chosen = { name: file.name, base64: await fileToBase64(file) };
      setPicked(chosen);
      setPreview(await read(chosen));
      requestAnimationFrame(() => resultRef.current?.focus());
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const commit = (work: () => Promise<boolean | string>) => {
    setBusy(true);
    work().then(
      (outcome) => {
        setBusy(false);
        if (outcome === true) onClose();
        else if (typeof outcome === 'string') setError(outcome);
      },
      (err: unknown) => {
        setBusy(false);
        setError(errorMessage(err));
      },
    );
  };

  const count = preview?.problems.length ?? 0;
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} tabIndex={-1} ref={headingRef}>
        {title}
      </h2>
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
      <label htmlFor={`${id}-file`}>File to import</label>
      <input
        id={`${id}-file`}
        type="file"
        accept=".tsv,.csv,.txt,.xlsx"
        aria-describedby={`${id}-hint`}
        onChange={(e) => void choose(e.target.files?.[0])}
        disabled={busy}
      />
      {busy && <p role="status">Reading the file…</p>}
      {error && (
        <p role="alert" className="error-banner">
          {error}
        </p>
      )}
      {preview && picked && (
        <div className="import-preview" tabIndex={-1} ref={resultRef} aria-live="polite">
          {count > 0 ? (
            <div className="error-summary" role="alert">
              <h3>
                {preview.file} cannot be imported: {count} problem{count === 1 ? '' : 's'}. Nothing has been written.
              </h3>
              <ul>
                {preview.problems.slice(0, PROBLEMS_SHOWN).map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
              {count > PROBLEMS_SHOWN && <p>…and {count - PROBLEMS_SHOWN} more.</p>}
            </div>
          ) : (
            children({ preview, picked, busy, commit })
          )}
        </div>
      )}
      <CloseActions onClose={onClose} />
    </section>
  );
}

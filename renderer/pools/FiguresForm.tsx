import { useState, type FormEvent } from 'react';
import type { OutturnImportOutcome, PoolDetail } from '../../shared/api';
import { formatPence, parseMoney } from '../../shared/money';
import type { Basis } from '../../shared/pools/model';
import { call, errorMessage } from '../api/client';
import { basisWord, m } from './format';
import { TableFileField } from './Field';
import { fileToBase64 } from '../files/files';
import { usePools } from './store';

/** The outturn or forecast: one amount for a pool without lines, one per line otherwise, or a ledger extract. */
export function FiguresForm({ detail, basis }: { detail: PoolDetail; basis: Basis }) {
  const { act } = usePools();
  const { pool } = detail;
  const word = basisWord(basis);
  const current = (v: number | null) => (v === null ? '' : formatPence(v));
  const initial = () =>
    pool.lines.length === 0
      ? { pool: current(basis === 'outturn' ? pool.outturnPence : pool.forecastPence) }
      : Object.fromEntries(
          pool.lines.map((l) => [String(l.id), current(basis === 'outturn' ? l.outturnPence : l.forecastPence)]),
        );
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [ledger, setLedger] = useState<{ outcome: OutturnImportOutcome; fileName: string; content: string } | null>(
    null,
  );
  const [ledgerError, setLedgerError] = useState<string | null>(null);
  const key = `${pool.id}-${basis}-${JSON.stringify(initial())}`;
  const [seen, setSeen] = useState(key);
  if (seen !== key) {
    setSeen(key);
    setValues(initial());
    setErrors({});
  }

  const parse = (text: string): { ok: true; pence: number | null } | { ok: false; message: string } => {
    if (text.trim() === '') return { ok: true, pence: null };
    const r = parseMoney(text);
    return r.ok ? { ok: true, pence: r.pence } : { ok: false, message: r.message };
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const parsed = Object.fromEntries(
      Object.entries(values).map(([k, v]) => {
        const r = parse(v);
        if (!r.ok) errs[k] = r.message;
        return [k, r.ok ? r.pence : null];
      }),
    );
    setErrors(errs);
    if (Object.keys(errs).length > 0) {
      requestAnimationFrame(() => document.getElementById(`figure-${Object.keys(errs)[0]}`)?.focus());
      return;
    }
    if (pool.lines.length === 0) {
      void act(`Recorded the ${basis} of ${pool.name}`, () =>
        call('pool.setOutturn', { id: pool.id, basis, amountPence: parsed.pool ?? null }),
      );
    } else {
      void act(`Recorded the ${basis} of ${pool.name}'s lines`, () =>
        call('pool.setLineFigures', {
          id: pool.id,
          basis,
          lines: pool.lines.map((l) => ({ lineId: l.id, amountPence: parsed[String(l.id)] ?? null })),
        }),
      );
    }
  };

  const pickLedger = async (file: File | undefined) => {
    if (!file) return;
    setLedgerError(null);
    try {
      const content = await fileToBase64(file);
      setLedger({
        outcome: await call('pool.importOutturn', {
          id: pool.id,
          basis,
          fileName: file.name,
          contentBase64: content,
          dryRun: true,
        }),
        fileName: file.name,
        content,
      });
    } catch (err) {
      setLedger(null);
      setLedgerError(errorMessage(err));
    }
  };

  const input = (k: string, label: string) => (
    <div className={`field ${errors[k] ? 'has-error' : ''}`} key={k}>
      <label htmlFor={`figure-${k}`}>{label}</label>
      {errors[k] && (
        <p className="field-error" id={`figure-${k}-error`}>
          <span className="visually-hidden">Error: </span>
          {errors[k]}
        </p>
      )}
      <input
        id={`figure-${k}`}
        className="money"
        inputMode="decimal"
        autoComplete="off"
        value={values[k] ?? ''}
        aria-invalid={errors[k] ? true : undefined}
        aria-describedby={errors[k] ? `figure-${k}-error` : undefined}
        onChange={(e) => setValues((v) => ({ ...v, [k]: e.target.value }))}
      />
    </div>
  );

  return (
    <section aria-labelledby="figures-title" className="totals-section">
      <h2 id="figures-title">{word}</h2>
      <form onSubmit={submit} noValidate aria-labelledby="figures-title" className="panel">
        {pool.lines.length === 0 ? (
          <>
            <p className="hint">
              This pool has no budget lines, so its {basis} is one amount. Leave it blank to clear it.
            </p>
            {input('pool', `${word} for the whole pool £`)}
          </>
        ) : (
          <>
            <p className="hint">
              Each budget line with the partner whose cost it is. A line left blank is taken at budget (and the
              statement is marked incomplete).
            </p>
            <div className="form-grid">
              {pool.lines.map((l) =>
                input(
                  String(l.id),
                  `${word} for line ${l.code} ${l.name} (${l.partner ?? 'shared'}; budget ${formatPence(l.budgetPence)}) £`,
                ),
              )}
            </div>
          </>
        )}
        <div className="actions">
          <button type="submit">Save the {basis}</button>
        </div>
      </form>
      {pool.lines.length > 0 && (
        <div className="panel">
          <TableFileField
            id="ledger-file"
            label="Or import a ledger extract (TSV or CSV)"
            hint={`A "Line" (or "Cost Centre") column and an "${word}" column; rows for one line are added up. You will see the changes before anything is saved.`}
            onFile={(f) => void pickLedger(f)}
          />
          {ledgerError && (
            <p role="alert" className="error-banner">
              {ledgerError}
            </p>
          )}
          {ledger && (
            <div role="region" aria-labelledby="ledger-preview-title">
              <h3 id="ledger-preview-title">
                {ledger.fileName}: {ledger.outcome.changes.length} lines from the "{ledger.outcome.amountColumn}" column
              </h3>
              <ul>
                {ledger.outcome.changes.map((c) => (
                  <li key={c.code}>
                    {c.code} {c.name}: {m(c.oldPence)} → {formatPence(c.newPence)}
                    {c.rows.length > 1 ? ` (${c.rows.length} rows added up)` : ''}
                  </li>
                ))}
              </ul>
              {ledger.outcome.untouched.length > 0 && (
                <p>Not in the file, left as they are: {ledger.outcome.untouched.join(', ')}.</p>
              )}
              <div className="actions">
                <button
                  type="button"
                  onClick={() =>
                    void act(`Recorded the ${basis} from ${ledger.fileName}`, () =>
                      call('pool.importOutturn', {
                        id: pool.id,
                        basis,
                        fileName: ledger.fileName,
                        contentBase64: ledger.content,
                      }),
                    ).then((ok) => ok && setLedger(null))
                  }
                >
                  Record these figures
                </button>
                <button type="button" className="secondary" onClick={() => setLedger(null)}>
                  Cancel
                </button>
              </div>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

import { linksSaid } from '../../shared/plans/links-said';
import { useEffect, useRef, useState } from 'react';
import type {
  ReturnWorkbookImportOutcome,
  ReturnWorkbookImportPreview,
  WorkbookImportOutcome,
  WorkbookImportPreview,
} from '../../shared/api';
import { formatPence } from '../../shared/money';
import { returnColumnLabel } from '../../shared/returns/line';
import { PERIOD_LABELS, PERIODS, type Period } from '../../shared/returns/period';
import { call } from '../api/client';
import { useApp } from '../app/store';
import { fileToBase64 } from '../files/files';
import { usePlan } from '../plan/store';
import { useReturns } from '../returns/store';
import { FailureView } from './Feedback';
import { useWorkbooks, type Failure } from './store';
import { CloseActions } from '../forms/Field';
import { checksAfter, ReplaceOrAppend } from '../imports/ReplaceOrAppend';

/**
 * "Open workbook…": a filled official template, a generated workbook or a
 * previous year's submission, read back into its plan — or a quarterly
 * return workbook, into its return: a preview first (the profile it
 * matched, what will be created or changed, every problem, what the checks
 * will say), then one all-or-nothing commit.
 */
export function OpenPanel({ onClose }: { onClose: () => void }) {
  const { profiles, run } = useWorkbooks();
  const refresh = useApp((s) => s.refresh);
  const [profile, setProfile] = useState('');
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [period, setPeriod] = useState<Period | ''>('');
  const [preview, setPreview] = useState<WorkbookImportPreview | ReturnWorkbookImportPreview | null>(null);
  const [outcome, setOutcome] = useState<WorkbookImportOutcome | ReturnWorkbookImportOutcome | null>(null);
  const [mode, setMode] = useState<'replace' | 'append' | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const read = async (picked: File | undefined, profileId = profile, periodId = period) => {
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
      return call('workbook.previewImport', {
        fileName: chosen.name,
        contentBase64: chosen.base64,
        ...(profileId ? { profile: profileId } : {}),
        ...(periodId ? { period: periodId } : {}),
      });
    });
    setBusy(false);
    if ('value' in result) setPreview(result.value);
    else setFailure(result.failure);
    requestAnimationFrame(() => resultRef.current?.focus());
  };

  const commit = async () => {
    if (!file || !preview) return;
    const existing = preview.kind === 'plan' && preview.existingLines + preview.existingIncome > 0;
    if (existing && !mode)
      return setFailure({
        message: "Choose whether to replace the plan's lines and income or to add to them.",
        details: [],
      });
    setBusy(true);
    const result = await run('Importing the workbook', ['reading the file', 'writing the plan'], async (next) => {
      next();
      return call('workbook.commitImport', {
        fileName: file.name,
        contentBase64: file.base64,
        mode: existing ? mode! : 'refuse',
        ...(profile ? { profile } : {}),
        ...(preview.kind === 'return' ? { period: preview.period } : {}),
      });
    });
    setBusy(false);
    if ('value' in result) {
      setOutcome(result.value);
      setPreview(null);
      void refresh();
      // The Plan and Returns screens keep what they last showed: they must show the imported figures when the user goes back.
      if (result.value.kind === 'plan') void usePlan.getState().refresh();
      else if (useReturns.getState().year) void useReturns.getState().refresh();
    } else setFailure(result.failure);
    requestAnimationFrame(() => resultRef.current?.focus());
  };

  return (
    <section className="panel" aria-labelledby="open-title">
      <h2 id="open-title" tabIndex={-1} ref={headingRef}>
        Open a workbook
      </h2>
      <p className="hint" id="open-hint">
        A filled official template, a workbook the app generated, or last year's submission: its lines, income and cover
        details are read into the plan for the year the workbook is for. A quarterly return workbook goes into its
        return: its figures, row by row, into the lines they match. Nothing is written until you confirm.
      </p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="open-profile">Template profile</label>
          <select
            id="open-profile"
            value={profile}
            onChange={(e) => {
              setProfile(e.target.value);
              if (file) void read(undefined, e.target.value);
            }}
            disabled={busy}
          >
            <option value="">The one the workbook matches best</option>
            {profiles.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="open-period">Quarter of a return workbook</label>
          <select
            id="open-period"
            value={period}
            onChange={(e) => {
              const p = e.target.value as Period | '';
              setPeriod(p);
              if (file) void read(undefined, profile, p);
            }}
            disabled={busy}
          >
            <option value="">As its cover says</option>
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {PERIOD_LABELS[p]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="open-file">Workbook (.xlsx)</label>
          <input
            id="open-file"
            type="file"
            accept=".xlsx"
            aria-describedby="open-hint"
            onChange={(e) => {
              const picked = e.target.files?.[0];
              // Emptied once read, so that picking the same file again (corrected, or after the return was reopened) reads it again.
              e.target.value = '';
              void read(picked);
            }}
            disabled={busy}
          />
        </div>
      </div>
      <div tabIndex={-1} ref={resultRef} aria-live="polite" className="import-preview">
        {failure && <FailureView failure={failure} what={`${file?.name ?? 'The workbook'} cannot be read`} />}
        {preview?.kind === 'return' && <ReturnPreview preview={preview} busy={busy} onImport={() => void commit()} />}
        {preview?.kind === 'plan' &&
          (preview.problems.length > 0 ? (
            <FailureView
              failure={{ message: '', details: preview.problems }}
              what={`${preview.file} cannot be imported`}
            />
          ) : (
            <>
              <p>
                <strong>{preview.lines} lines</strong> and <strong>{preview.income} income lines</strong> will go into
                the {preview.years.join(' to ')} plan, read as the {preview.profileLabel}
                {preview.sheet ? ` (lines from sheet "${preview.sheet}", header on row ${preview.headerRow})` : ''}.
              </p>
              {preview.columns.length > 0 && (
                <p>Columns read: {preview.columns.map((c) => `${c.letter} ${c.header}`).join(' · ')}</p>
              )}
              {preview.incomeSample.length > 0 && (
                <p>
                  Income:{' '}
                  {preview.incomeSample.map((x) => `${x.sourceOfFunding} ${formatPence(x.amountPence)}`).join('; ')}
                  {preview.income > preview.incomeSample.length ? '; …' : ''}
                </p>
              )}
              {Object.keys(preview.cover).length > 0 && (
                <p>
                  Cover details:{' '}
                  {Object.entries(preview.cover)
                    .map(([k, v]) => `${k} “${v}”`)
                    .join('; ')}
                </p>
              )}
              {preview.notes.map((n) => (
                <p key={n} className="hint">
                  {n}
                </p>
              ))}
              <p>{checksAfter(preview.findings)}.</p>
              {preview.existingLines + preview.existingIncome > 0 && (
                <ReplaceOrAppend
                  name="open-mode"
                  legend={`The plan already has ${preview.existingLines} lines and ${preview.existingIncome} income lines`}
                  incoming="the workbook's"
                  mode={mode}
                  onChange={setMode}
                />
              )}
              <div className="actions">
                <button type="button" onClick={() => void commit()} disabled={busy}>
                  Import {preview.lines} lines
                </button>
              </div>
            </>
          ))}
        {outcome?.kind === 'return' && (
          <p className="verified" role="status">
            Imported {outcome.file} into the {outcome.label} return: {outcome.matched} rows matched its lines,{' '}
            {outcome.changed} value{outcome.changed === 1 ? '' : 's'} changed
            {outcome.cover.length > 0
              ? `, with ${outcome.cover.length} cover detail${outcome.cover.length === 1 ? '' : 's'}`
              : ''}
            {outcome.metrics > 0
              ? `; ${outcome.metrics} metric assessment${outcome.metrics === 1 ? '' : 's'} changed`
              : ''}
            {outcome.income > 0
              ? `; the year-end income of ${outcome.income} funding source${outcome.income === 1 ? '' : 's'} changed`
              : ''}
            . The history keeps each change with the row it came from.
          </p>
        )}
        {outcome?.kind === 'plan' && (
          <p className="verified" role="status">
            Imported {outcome.lines} lines and {outcome.income} income lines from {outcome.file} into the {outcome.year}{' '}
            plan
            {outcome.replaced.lines + outcome.replaced.income > 0
              ? ` (replacing ${outcome.replaced.lines} lines and ${outcome.replaced.income} income lines)`
              : ''}
            {outcome.cover.length > 0 ? `, with ${outcome.cover.length} cover details` : ''}. Undo on the Plan screen
            takes it back in one step.{outcome.links ? ` ${linksSaid(outcome.links)}` : ''}
          </p>
        )}
      </div>
      <CloseActions onClose={onClose} />
    </section>
  );
}

/** What a quarterly workbook will change in its return, row by row, before anything is written. */
function ReturnPreview({
  preview,
  busy,
  onImport,
}: {
  preview: ReturnWorkbookImportPreview;
  busy: boolean;
  onImport: () => void;
}) {
  if (preview.problems.length > 0)
    return (
      <FailureView
        failure={{ message: '', details: preview.problems }}
        what={`${preview.file} cannot be imported into the ${preview.label} return`}
      />
    );
  const { actuals } = preview;
  const changes = actuals.matches.reduce((n, m) => n + m.changes.length, 0);
  return (
    <>
      <p>
        <strong>{actuals.matches.length} rows</strong> match lines of the <strong>{preview.label} return</strong>, read
        as the {preview.profileLabel}
        {preview.sheet ? ` (sheet "${preview.sheet}", header on row ${preview.headerRow})` : ''}: {changes} value
        {changes === 1 ? '' : 's'} will change
        {actuals.untouched > 0
          ? `; ${actuals.untouched} line${actuals.untouched === 1 ? '' : 's'} the workbook does not mention keep their figures`
          : ''}
        .
      </p>
      {actuals.matches.some((m) => m.changes.length > 0) && (
        <table>
          <caption>What the workbook changes</caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Line</th>
              <th scope="col">Changes</th>
            </tr>
          </thead>
          <tbody>
            {actuals.matches
              .filter((m) => m.changes.length > 0)
              .map((m) => (
                <tr key={m.row}>
                  <td>{m.row}</td>
                  <th scope="row">
                    {m.schemeId} {m.schemeName} ({formatPence(m.plannedPence)} planned)
                  </th>
                  <td>
                    {m.changes
                      .map(
                        (c) =>
                          `${returnColumnLabel(c.field, actuals.columns)}: ${c.from || '(blank)'} → ${c.to || '(blank)'}`,
                      )
                      .join('; ')}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
      {preview.cover.length > 0 && <p>Cover details: {preview.cover.map((c) => `${c.label} “${c.to}”`).join('; ')}</p>}
      <BlockChanges
        title="Metrics"
        block={preview.metrics}
        rowWord="metric"
        none="no assessment changes"
        caption="What the workbook changes in the metrics"
        heading="Metric"
        changes={preview.metrics.changes.map((c) => ({ ...c, name: c.metric }))}
      />
      <BlockChanges
        title="Year-end income"
        block={preview.income}
        rowWord="funding source"
        none="no income changes"
        caption="What the workbook changes in the year-end income"
        heading="Source of Funding"
        changes={preview.income.changes.map((c) => ({ ...c, name: c.sourceOfFunding }))}
      />
      {preview.notes.map((n) => (
        <p key={n} className="hint">
          {n}
        </p>
      ))}
      <p>{checksAfter(actuals.findings)}.</p>
      <div className="actions">
        <button type="button" onClick={onImport} disabled={busy}>
          Import into the {preview.label} return
        </button>
      </div>
    </>
  );
}

/**
 * What a workbook changes in one block (metrics, year-end income): the block's sheet and how many
 * rows were read, then each value that changes beside what the return has now.
 */
function BlockChanges({
  title,
  block,
  rowWord,
  none,
  caption,
  heading,
  changes,
}: {
  title: string;
  block: { sheet: string | null; rows: number };
  rowWord: string;
  none: string;
  caption: string;
  heading: string;
  changes: { name: string; field: string; label: string; from: string; to: string }[];
}) {
  return (
    <>
      {block.sheet && (
        <p>
          {title} (sheet "{block.sheet}"): {block.rows} {rowWord}
          {block.rows === 1 ? '' : 's'} read;{' '}
          {changes.length === 0 ? none : `${changes.length} value${changes.length === 1 ? '' : 's'} will change`}.
        </p>
      )}
      {changes.length > 0 && (
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{heading}</th>
              <th scope="col">Field</th>
              <th scope="col">Now</th>
              <th scope="col">From the workbook</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={`${c.name} ${c.field}`}>
                <th scope="row">{c.name}</th>
                <td>{c.label}</td>
                <td>{c.from || '(blank)'}</td>
                <td>{c.to || '(blank)'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

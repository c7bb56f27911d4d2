import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import type { TemplateBrought, TemplateYearView } from '../../shared/api';
import { CONFIDENCE_LABELS, LIST_LABELS, LIST_NAMES, listValues } from '../../shared/reference/reference-set';
import { PERIOD_LABELS, PERIODS, type Period } from '../../shared/returns/period';
import { EXTRA_KIND_LABELS } from '../../shared/templates/fields';
import { parseYear } from '../../shared/years/financial-year';
import { call, errorMessage } from '../api/client';
import { download, fileToBase64 } from '../files/files';
import { Confirm } from '../forms/Confirm';
import { focusSoon } from '../forms/focus';
import { useApp } from '../app/store';
import { Review } from './Review';
import { useTemplates } from './store';
import { useFollowChanges } from '../data/useLoaded';
import { CloseActions } from '../forms/Field';
import { ColumnHeads, ScrollRegion } from '../tables/ColumnHeads';

type Panel =
  | { kind: 'bring' }
  | { kind: 'import' }
  | { kind: 'provisional' }
  | { kind: 'show'; view: TemplateYearView }
  | { kind: 'delete'; id: string }
  | null;

/**
 * Template years: what NHS England's templates look like in each year (the
 * plan layout, lists, the year's own fields, metrics, national conditions,
 * workbooks), how sure we are of each, and the ways to add one: bring the
 * year's workbook (review, correct, save), import a file another area
 * exported, or copy the latest year as a provisional one.
 */
export function TemplatesScreen() {
  const { years, loadError, load, bringFor, clearBring } = useTemplates();
  const refreshApp = useApp((s) => s.refresh);
  const [chosen, setPanel] = useState<Panel>(null);
  // Another screen asked to bring a year's workbook: the bring panel opens with the year filled in.
  const panel: Panel = bringFor && chosen === null ? { kind: 'bring' } : chosen;
  const [message, setMessage] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const detailRef = useRef<HTMLHeadingElement>(null);

  useFollowChanges(load, { now: true });

  const done = async (text: string, id?: string) => {
    setMessage(text);
    setProblem(null);
    await load();
    void refreshApp();
    if (id) await show(id);
    else setPanel(null);
  };
  const show = async (id: string) => {
    setProblem(null);
    try {
      setPanel({ kind: 'show', view: await call('template.get', { id }) });
      requestAnimationFrame(() => detailRef.current?.focus());
    } catch (err) {
      setProblem(errorMessage(err));
    }
  };
  const exportYear = async (id: string) => {
    try {
      const out = await call('template.export', { id });
      download(out.fileName, out.json, 'application/json');
      setMessage(`Exported ${id} as “${out.fileName}”: send it to another area or the ICB to import.`);
    } catch (err) {
      setProblem(errorMessage(err));
    }
  };
  const open = (p: Panel) => {
    setMessage(null);
    setProblem(null);
    setPanel(p);
  };

  return (
    <section aria-labelledby="templates-title">
      <div className="screen-head">
        <h1 id="templates-title" tabIndex={-1}>
          Template years
        </h1>
      </div>
      <p className="hint">
        NHS England changes its BCF workbooks every year. A template year holds what changes: the plan layout, the
        drop-down lists, the year's own fields, metrics and national conditions, and its workbooks. Bring the year's
        official workbook when it arrives; the app never lays a year out by another year's template without saying so.
      </p>
      <div className="toolbar" role="group" aria-label="Template year actions">
        <button type="button" onClick={() => open({ kind: 'bring' })}>
          Bring a workbook…
        </button>
        <button type="button" className="secondary" onClick={() => open({ kind: 'import' })}>
          Import a template year file…
        </button>
        <button type="button" className="secondary" onClick={() => open({ kind: 'provisional' })}>
          Start a provisional year…
        </button>
      </div>
      {message && (
        <p className="notice" role="status">
          {message}
        </p>
      )}
      {(problem || loadError) && (
        <p className="error-banner" role="alert">
          {problem ?? loadError}
        </p>
      )}
      {panel?.kind === 'bring' && (
        <BringPanel
          initialYear={bringFor ?? ''}
          onSaved={(id) => {
            clearBring();
            void done(`Saved the ${id} template year.`, id);
          }}
          onCancel={() => {
            clearBring();
            setPanel(null);
          }}
        />
      )}
      {panel?.kind === 'import' && (
        <ImportPanel
          onDone={(id) => void done(`Imported the ${id} template year.`, id)}
          onCancel={() => setPanel(null)}
        />
      )}
      {panel?.kind === 'provisional' && (
        <ProvisionalPanel
          years={years.map((y) => y.id)}
          onDone={(id) => void done(`${id} starts as a provisional copy: bring its workbook when it arrives.`, id)}
          onCancel={() => setPanel(null)}
        />
      )}
      {panel?.kind === 'delete' && (
        <Confirm
          id="delete-template"
          question={`Delete your ${panel.id} template year?`}
          detail="Its workbooks go with it; a shipped year of the same name comes back. Plans keep their lines."
          confirmLabel={`Delete ${panel.id}`}
          onConfirm={async () => {
            try {
              const out = await call('template.delete', { id: panel.id });
              await done(`Deleted your ${out.id} template year${out.shippedBack ? '; the shipped one is back' : ''}.`);
            } catch (err) {
              setProblem(errorMessage(err));
            }
          }}
          onCancel={() => setPanel(null)}
        />
      )}
      <ScrollRegion labelledBy="templates-caption">
        <table>
          <caption id="templates-caption">Template years ({years.length})</caption>
          <ColumnHeads columns={['Template year', 'How sure', 'From', 'Workbooks', 'Own fields', 'Plans']} actions />
          <tbody>
            {years.map((t) => (
              <tr key={t.id}>
                <th scope="row">
                  {t.id}
                  <br />
                  <span className="hint">{t.label}</span>
                </th>
                <td>
                  <span className={`confidence ${t.confidence}`}>{t.confidence}</span>
                </td>
                <td>
                  {t.origin === 'shipped'
                    ? 'Shipped with the app'
                    : t.broughtFrom
                      ? `Brought from ${t.broughtFrom}`
                      : t.copiedFrom
                        ? `Copied from ${t.copiedFrom}`
                        : 'Yours'}
                  {t.overridesShipped ? ' (in front of the shipped one)' : ''}
                </td>
                <td>
                  {t.profiles
                    .map((p) =>
                      p.kind === 'plan'
                        ? 'Planning'
                        : p.periods
                          ? p.periods.map((x) => PERIOD_LABELS[x]).join(', ')
                          : 'Reporting',
                    )
                    .join(' · ') || '—'}
                </td>
                <td>{t.fields.length}</td>
                <td>{t.plans.join(', ') || '—'}</td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Show ${t.id}`}
                    onClick={() => void show(t.id)}
                  >
                    Show
                  </button>
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Export ${t.id}`}
                    onClick={() => void exportYear(t.id)}
                  >
                    Export
                  </button>
                  {t.origin === 'user' && (
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`Delete ${t.id}`}
                      onClick={() => open({ kind: 'delete', id: t.id })}
                    >
                      Delete…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {panel?.kind === 'show' && <Detail view={panel.view} headingRef={detailRef} onClose={() => setPanel(null)} />}
    </section>
  );
}

function Detail({
  view,
  headingRef,
  onClose,
}: {
  view: TemplateYearView;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onClose: () => void;
}) {
  const y = view.templateYear;
  return (
    <section className="panel" aria-labelledby="template-detail-title">
      <h2 id="template-detail-title" tabIndex={-1} ref={headingRef}>
        {y.template}: {y.label}
      </h2>
      <p>
        <strong>{CONFIDENCE_LABELS[y.confidence]}.</strong> {y.provenance}
      </p>
      <p>
        Covers {y.years.join(' and ')}. Plan columns: {y.columns.length}; required: {y.required.length}.
        {view.plans.length
          ? ` Followed by the ${view.plans.join(', ')} plan${view.plans.length === 1 ? '' : 's'}.`
          : ''}
      </p>
      {y.fields.length > 0 && (
        <table>
          <caption>The year's own fields</caption>
          <ColumnHeads columns={['Field', 'Holds', 'On', 'Required', 'Drop-down']} />
          <tbody>
            {y.fields.map((f) => (
              <tr key={f.key}>
                <th scope="row">{f.label}</th>
                <td>{EXTRA_KIND_LABELS[f.kind]}</td>
                <td>{f.on === 'plan' ? 'Plan lines' : 'Return lines'}</td>
                <td>{f.required ? 'Yes' : ''}</td>
                <td>{f.list ? (y.customLists[f.list] ?? []).join(' | ') : f.kind === 'yesNo' ? 'Yes | No' : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ul>
        {LIST_NAMES.map((l) => (
          <li key={l}>
            {LIST_LABELS[l]} ({listValues(y, l).length}): {listValues(y, l).slice(0, 6).join(' | ')}
            {listValues(y, l).length > 6 ? ' | …' : ''}
          </li>
        ))}
      </ul>
      {y.metrics.length > 0 && <p>Metrics: {y.metrics.map((m) => m.name).join(' · ')}</p>}
      {y.nationalConditions.length > 0 && (
        <>
          <h3>National conditions</h3>
          <ol>
            {y.nationalConditions.map((c) => (
              <li key={c.key}>{c.text}</li>
            ))}
          </ol>
        </>
      )}
      <p>
        Workbooks:{' '}
        {view.profiles.map((p) => `${p.label}${p.origin === 'shipped' ? ' (shipped)' : ''}`).join(' · ') || 'none yet'}
      </p>
      <CloseActions onClose={onClose} />
    </section>
  );
}

function BringPanel({
  initialYear,
  onSaved,
  onCancel,
}: {
  initialYear: string;
  onSaved: (id: string) => void;
  onCancel: () => void;
}) {
  const [year, setYear] = useState(initialYear);
  const [period, setPeriod] = useState<'' | Period>('');
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [brought, setBrought] = useState<TemplateBrought | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    focusSoon('bring-file');
  }, []);

  const read = async (e: FormEvent) => {
    e.preventDefault();
    const y = parseYear(year);
    if (!file) return setProblem('Choose the workbook NHS England sent (.xlsx).');
    if (!y.ok) return setProblem(`The year: ${y.message}`);
    setProblem(null);
    setBusy(true);
    try {
      const contentBase64 = await fileToBase64(file);
      setBrought(
        await call('template.bring', {
          fileName: file.name,
          contentBase64,
          year: y.year,
          ...(period ? { period } : {}),
        }),
      );
      focusSoon('review-title');
    } catch (err) {
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (brought) return <Review brought={brought} onSaved={onSaved} onCancel={() => setBrought(null)} />;
  return (
    <form className="panel" onSubmit={(e) => void read(e)} noValidate aria-labelledby="bring-title">
      <h2 id="bring-title">Bring a template year from NHS England's workbook</h2>
      <p className="hint" id="bring-hint">
        The app reads the workbook's sheets, finds each table by its headers, takes each column for a field it knows or
        a new field of the year, and finds the drop-down lists, the cover, the national conditions and the metrics. You
        review all of it before anything is saved.
      </p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="bring-file">Workbook (.xlsx)</label>
          <input
            id="bring-file"
            type="file"
            accept=".xlsx"
            aria-describedby="bring-hint"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <div className="field">
          <label htmlFor="bring-year">For the year</label>
          <input
            id="bring-year"
            value={year}
            placeholder="e.g. 2026-27"
            size={9}
            onChange={(e) => setYear(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="bring-period">Reporting period</label>
          <select id="bring-period" value={period} onChange={(e) => setPeriod(e.target.value as '' | Period)}>
            <option value="">As the workbook says (or a planning workbook)</option>
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {PERIOD_LABELS[p]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Reading…' : 'Read the workbook'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ImportPanel({ onDone, onCancel }: { onDone: (id: string) => void; onCancel: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [replace, setReplace] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    focusSoon('import-template-file');
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return setProblem('Choose the template year file (.json) another area or the ICB exported.');
    try {
      const saved = await call('template.import', {
        fileName: file.name,
        contentBase64: await fileToBase64(file),
        replace,
      });
      onDone(saved.id);
    } catch (err) {
      const details = (err as { details?: string[] }).details ?? [];
      setProblem([errorMessage(err), ...details.slice(1, 6)].join(' · '));
    }
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="import-template-title">
      <h2 id="import-template-title">Import a template year file</h2>
      <div className="field">
        <label htmlFor="import-template-file">Template year file (.json)</label>
        <input
          id="import-template-file"
          type="file"
          accept=".json,application/json"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} /> Put it in place of my
        own template year of the same name
      </label>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <div className="actions">
        <button type="submit">Import</button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ProvisionalPanel({
  years,
  onDone,
  onCancel,
}: {
  years: string[];
  onDone: (id: string) => void;
  onCancel: () => void;
}) {
  const [year, setYear] = useState('');
  const [from, setFrom] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    focusSoon('provisional-year');
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const y = parseYear(year);
    if (!y.ok) return setProblem(y.message);
    try {
      const saved = await call('template.provisional', { year: y.year, ...(from ? { from } : {}) });
      onDone(saved.id);
    } catch (err) {
      setProblem(errorMessage(err));
    }
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="provisional-title">
      <h2 id="provisional-title">Start a provisional template year</h2>
      <p className="hint">
        A copy of an earlier year under the new year's name, marked provisional everywhere it is used until NHS
        England's workbook is brought.
      </p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="provisional-year">Year</label>
          <input
            id="provisional-year"
            value={year}
            placeholder="e.g. 2027-28"
            size={9}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? 'provisional-problem' : undefined}
            onChange={(e) => setYear(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="provisional-from">Copy of</label>
          <select id="provisional-from" value={from} onChange={(e) => setFrom(e.target.value)}>
            <option value="">The latest year before it</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </div>
      {problem && (
        <p className="field-error" id="provisional-problem" role="alert">
          {problem}
        </p>
      )}
      <div className="actions">
        <button type="submit">Start it</button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

import { useEffect, useState, type FormEvent } from 'react';
import { parseYear } from '../../shared/years/financial-year';
import type { PlanLine } from '../../shared/plans/line';
import { call, errorMessage } from '../api/client';
import { LineForm } from './LineForm';
import { LinesTable } from './LinesTable';
import { SaveStatus } from './SaveStatus';
import { usePlan } from './store';
import { Totals } from './Totals';

type Editing = { mode: 'add' } | { mode: 'edit'; line: PlanLine } | null;

/** The Plan screen: pick a year, see its lines and totals, add, edit and delete lines. */
export function PlanView({ years }: { years: string[] }) {
  const { year, view, loadError, save, open, createLine, updateLine, deleteLine } = usePlan();
  const [editing, setEditing] = useState<Editing>(null);
  const [newYear, setNewYear] = useState('');
  const [yearError, setYearError] = useState<string | null>(null);

  useEffect(() => {
    if (year === null) void open(years[years.length - 1] ?? `${new Date().getFullYear()}-${String((new Date().getFullYear() + 1) % 100).padStart(2, '0')}`);
  }, [year, years, open]);

  const yearsShown = year && !years.includes(year) ? [...years, year].sort() : years;

  const startYear = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseYear(newYear);
    if (!parsed.ok) return setYearError(parsed.message);
    setYearError(null);
    setNewYear('');
    void open(parsed.year);
  };

  const closeForm = () => {
    const returnTo = editing?.mode === 'edit' ? `[data-edit="${editing.line.id}"]` : '#add-line';
    setEditing(null);
    requestAnimationFrame(() => document.querySelector<HTMLElement>(returnTo)?.focus());
  };

  const exportCsv = async () => {
    try {
      const { fileName, csv } = await call('plan.exportCsv', { year: year! });
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      const a = Object.assign(document.createElement('a'), { href: url, download: fileName });
      a.click();
      URL.revokeObjectURL(url);
    } catch (err) {
      setYearError(errorMessage(err));
    }
  };

  return (
    <section aria-labelledby="plan-title">
      <div className="screen-head">
        <h1 id="plan-title" tabIndex={-1}>Plan {year ?? ''}</h1>
        <div className="year-tools">
          <label htmlFor="plan-year">Plan year</label>
          <select id="plan-year" value={year ?? ''} onChange={(e) => void open(e.target.value)}>
            {yearsShown.map((y) => <option key={y} value={y}>{y}</option>)}
          </select>
          <form onSubmit={startYear} noValidate className="inline-form">
            <label htmlFor="new-year">Another year</label>
            <input id="new-year" value={newYear} onChange={(e) => setNewYear(e.target.value)} placeholder="e.g. 2020-21" size={9}
              aria-invalid={yearError ? true : undefined} aria-describedby={yearError ? 'year-error' : undefined} />
            <button type="submit" className="secondary">Open year</button>
          </form>
        </div>
      </div>
      {yearError && <p className="field-error" id="year-error" role="alert">{yearError}</p>}
      <SaveStatus save={save} />
      {loadError && <p role="alert" className="error-banner">{loadError}</p>}
      <div className="toolbar">
        <button type="button" id="add-line" onClick={() => setEditing({ mode: 'add' })} disabled={editing !== null}>Add a line</button>
        <button type="button" className="secondary" onClick={() => void exportCsv()} disabled={!view || view.lines.length === 0}>Export CSV</button>
      </div>
      {editing && (
        <LineForm
          key={editing.mode === 'edit' ? editing.line.id : 'new'}
          title={editing.mode === 'edit' ? `Edit line ${editing.line.schemeId}: ${editing.line.schemeName}` : `Add a line to the ${year} plan`}
          line={editing.mode === 'edit' ? editing.line : null}
          onSave={(input) => (editing.mode === 'edit' ? updateLine(editing.line.id, input) : createLine(input))}
          onCancel={closeForm}
        />
      )}
      {view && view.year === year && (
        view.lines.length === 0
          ? <p>The {year} plan has no scheme lines yet. Add one, or import a file with <code>bcf import plan FILE --year {year}</code>.</p>
          : <>
              <LinesTable lines={view.lines} onEdit={(line) => setEditing({ mode: 'edit', line })} onDelete={(line) => deleteLine(line.id).then((ok) => { document.getElementById('add-line')?.focus(); return ok; })} />
              <Totals totals={view.totals} />
            </>
      )}
    </section>
  );
}

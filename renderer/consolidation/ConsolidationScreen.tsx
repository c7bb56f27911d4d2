import { lazy, Suspense, useState, type FormEvent } from 'react';
import { call, errorMessage } from '../api/client';
import { useAction } from '../data/useAction';
import { useLoaded } from '../data/useLoaded';
import { downloadBase64 } from '../files/files';
import { Confirm } from '../forms/Confirm';
import { Field } from '../forms/Field';
import { parseYear } from '../../shared/years/financial-year';
import { focusSoon } from '../forms/focus';
import { ConsolidationTables } from './Tables';

// The chart library is loaded only when a consolidation is shown.
const AreaChart = lazy(() => import('./AreaChart').then((m) => ({ default: m.AreaChart })));

/**
 * ICB consolidation: start one for a year, read areas' review packages into
 * it (each verified; a refused one changes nothing), and read the totals.
 * Works in a copy of the app with no area set up: nothing enters an area.
 */
export function ConsolidationScreen() {
  const [chosen, setChosen] = useState<number | null>(null);
  const [name, setName] = useState('');
  const [year, setYear] = useState('');
  const action = useAction();
  const setError = action.setError;
  const [fieldErrors, setFieldErrors] = useState<{ name?: string | undefined; year?: string | undefined }>({});
  const [status, setStatus] = useState<string | null>(null);
  const [removing, setRemoving] = useState<number | null>(null);
  // The list, then the one shown: the one chosen while it exists, else the first. Each is read once
  // and again when the data changed under the window; a reply for a consolidation left is dropped.
  const listed = useLoaded(() => call('consolidation.list', {}), []);
  const list = listed.data ?? [];
  const shown = chosen !== null && list.some((c) => c.id === chosen) ? chosen : (list[0]?.id ?? null);
  const opened = useLoaded(() => (shown === null ? null : call('consolidation.get', { id: shown })), [shown]);
  const view = opened.data?.id === shown ? opened.data : null;
  const error = action.error ?? listed.error ?? opened.error;
  const reload = () => {
    listed.reload();
    opened.reload();
  };

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    // Checked here first so each mistake shows beside its own field, in the words bcf uses.
    const parsed = parseYear(year);
    const problems = {
      name: name.trim() === '' ? 'Give the consolidation a name, e.g. BSW 2025-26.' : undefined,
      year: parsed.ok ? undefined : parsed.message,
    };
    setFieldErrors(problems);
    if (problems.name || !parsed.ok) return;
    try {
      const made = await call('consolidation.create', { name: name.trim(), year: parsed.year });
      setStatus(`Started "${made.name}" for ${made.year}. Add the areas' review packages.`);
      setName('');
      setChosen(made.id);
      listed.reload(); // the new one is shown once the list has it
    } catch (err) {
      const field = (err as { field?: string }).field;
      if (field === 'name' || field === 'year') setFieldErrors({ [field]: errorMessage(err) });
      else setError(errorMessage(err));
    }
  };

  const add = async (files: FileList | null) => {
    if (!files || shown === null) return;
    setError(null);
    const done: string[] = [];
    for (const file of [...files]) {
      try {
        await call('consolidation.importPackage', { id: shown, text: await file.text() });
        done.push(file.name);
      } catch (err) {
        setError(`${file.name}: ${errorMessage(err)}`);
        break;
      }
    }
    if (done.length > 0) setStatus(`Added ${done.join(', ')}.`);
    reload();
  };

  const remove = async (areaId: number) => {
    if (shown === null) return;
    const before = view?.areas.find((a) => a.id === areaId)?.name ?? 'the area';
    if (!(await action.run(() => call('consolidation.removeArea', { id: shown, areaId })))) return;
    setStatus(`Removed ${before}.`);
    setRemoving(null);
    focusSoon('consolidation-view-title');
    reload();
  };
  const toRemove = view?.areas.find((a) => a.id === removing) ?? null;

  const exportFile = async (kind: 'xlsx' | 'pdf') => {
    if (shown === null) return;
    await action.run(async () => {
      const file = await call(kind === 'xlsx' ? 'consolidation.exportXlsx' : 'consolidation.exportPdf', { id: shown });
      downloadBase64(file.fileName, file.base64, kind === 'pdf' ? 'application/pdf' : undefined);
      setStatus(`Written as ${file.fileName}.`);
    });
  };

  return (
    <section aria-labelledby="consolidation-title">
      <h1 id="consolidation-title" tabIndex={-1}>
        ICB consolidation
      </h1>
      <p>
        Read several areas' review packages into one consolidation and see their totals together. The packages' figures
        stay here, apart from any area's own plan, returns and pools.
      </p>
      {error && (
        <p role="alert" className="error-banner">
          {error}
        </p>
      )}
      <p role="status">{status}</p>
      <div className="consolidation-pair">
        <form className="panel" onSubmit={(e) => void create(e)} noValidate aria-labelledby="new-consolidation">
          <h2 id="new-consolidation">Start a consolidation</h2>
          <Field id="consolidation-name" label="Name" value={name} onChange={setName} error={fieldErrors.name} />
          <Field
            id="consolidation-year"
            label="Year (e.g. 2025-26)"
            value={year}
            onChange={setYear}
            error={fieldErrors.year}
          />
          <button type="submit">Start</button>
        </form>
        {list.length > 0 && (
          <div className="panel">
            <label htmlFor="consolidation-choice">Consolidation</label>
            <select
              id="consolidation-choice"
              value={shown ?? ''}
              onChange={(e) => {
                setStatus(null);
                setChosen(Number(e.target.value));
              }}
            >
              {list.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.year}, {c.areas} areas)
                </option>
              ))}
            </select>
            <label htmlFor="consolidation-files">Add review packages (files ending .bcf-review.json)</label>
            <input
              id="consolidation-files"
              type="file"
              multiple
              accept=".json,application/json"
              onChange={(e) => {
                void add(e.target.files);
                e.target.value = '';
              }}
            />
          </div>
        )}
      </div>
      {view && (
        <section aria-labelledby="consolidation-view-title">
          <h2 id="consolidation-view-title" tabIndex={-1}>
            {view.name}: {view.year}
          </h2>
          {view.areas.length === 0 ? (
            <p>No area yet: add the areas' review packages above.</p>
          ) : (
            <>
              <p>
                <button type="button" className="secondary" onClick={() => void exportFile('xlsx')}>
                  Export as xlsx
                </button>{' '}
                <button type="button" className="secondary" onClick={() => void exportFile('pdf')}>
                  Export as PDF
                </button>
              </p>
              {toRemove && (
                <Confirm
                  id="remove-area"
                  question={`Remove ${toRemove.name} from "${view.name}"?`}
                  detail="Its figures leave this consolidation; the package file is not changed. Add it again, or a newer package, at any time."
                  confirmLabel={`Yes, remove ${toRemove.name}`}
                  onConfirm={() => remove(toRemove.id)}
                  onCancel={() => setRemoving(null)}
                />
              )}
              <Suspense fallback={<p>Loading the chart…</p>}>
                <AreaChart view={view} onRemove={setRemoving} />
              </Suspense>
              <ConsolidationTables view={view} />
            </>
          )}
        </section>
      )}
    </section>
  );
}

import { useEffect, useState, type FormEvent } from 'react';
import type { ConsolidationSummary, ConsolidationView } from '../../shared/api';
import { call, errorMessage } from '../api/client';
import { useApp } from '../app/store';
import { downloadBase64 } from '../files/files';
import { Confirm } from '../forms/Confirm';
import { Field } from '../forms/Field';
import { parseYear } from '../../shared/years/financial-year';
import { focusSoon } from '../forms/focus';
import { AreaChart } from './AreaChart';
import { ConsolidationTables } from './Tables';

/**
 * ICB consolidation: start one for a year, read areas' review packages into
 * it (each verified; a refused one changes nothing), and read the totals.
 * Works in a copy of the app with no area set up: nothing enters an area.
 */
export function ConsolidationScreen() {
  const [list, setList] = useState<ConsolidationSummary[]>([]);
  const [chosen, setChosen] = useState<number | null>(null);
  const [view, setView] = useState<ConsolidationView | null>(null);
  const [name, setName] = useState('');
  const [year, setYear] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<{ name?: string | undefined; year?: string | undefined }>({});
  const [status, setStatus] = useState<string | null>(null);
  const [removing, setRemoving] = useState<number | null>(null);
  const [version, setVersion] = useState(0);
  // Data changed under the window (another window, the command line, a restore): read again.
  const changed = useApp((s) => s.changed);
  const reload = () => setVersion((v) => v + 1);

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const all = await call('consolidation.list', {});
        if (!live) return;
        setList(all);
        const id = chosen !== null && all.some((c) => c.id === chosen) ? chosen : (all[0]?.id ?? null);
        setChosen(id);
        const v = id === null ? null : await call('consolidation.get', { id });
        if (live) setView(v);
      } catch (err) {
        if (live) setError(errorMessage(err));
      }
    })();
    return () => {
      live = false;
    };
  }, [chosen, version, changed]);

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
      reload();
    } catch (err) {
      const field = (err as { field?: string }).field;
      if (field === 'name' || field === 'year') setFieldErrors({ [field]: errorMessage(err) });
      else setError(errorMessage(err));
    }
  };

  const add = async (files: FileList | null) => {
    if (!files || chosen === null) return;
    setError(null);
    const done: string[] = [];
    for (const file of [...files]) {
      try {
        const v = await call('consolidation.importPackage', { id: chosen, text: await file.text() });
        done.push(file.name);
        setView(v);
      } catch (err) {
        setError(`${file.name}: ${errorMessage(err)}`);
        break;
      }
    }
    if (done.length > 0) setStatus(`Added ${done.join(', ')}.`);
    reload();
  };

  const remove = async (areaId: number) => {
    if (chosen === null) return;
    setError(null);
    try {
      const before = view?.areas.find((a) => a.id === areaId)?.name ?? 'the area';
      setView(await call('consolidation.removeArea', { id: chosen, areaId }));
      setStatus(`Removed ${before}.`);
      setRemoving(null);
      focusSoon('consolidation-view-title');
      reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const toRemove = view?.areas.find((a) => a.id === removing) ?? null;

  const exportFile = async (kind: 'xlsx' | 'pdf') => {
    if (chosen === null) return;
    setError(null);
    try {
      const file = await call(kind === 'xlsx' ? 'consolidation.exportXlsx' : 'consolidation.exportPdf', { id: chosen });
      downloadBase64(file.fileName, file.base64, kind === 'pdf' ? 'application/pdf' : undefined);
      setStatus(`Written as ${file.fileName}.`);
    } catch (err) {
      setError(errorMessage(err));
    }
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
              value={chosen ?? ''}
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
              <AreaChart view={view} onRemove={setRemoving} />
              <ConsolidationTables view={view} />
            </>
          )}
        </section>
      )}
    </section>
  );
}

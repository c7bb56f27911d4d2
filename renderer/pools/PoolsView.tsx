import { useEffect, useRef, useState } from 'react';
import type { PoolImportOutcome, PoolSummary } from '../../shared/api';
import { formatPence } from '../../shared/money';
import { nextYear } from '../../shared/years/financial-year';
import { call, errorMessage } from '../api/client';
import { Consolidation } from './Consolidation';
import { NewPoolForm } from './NewPoolForm';
import { m } from './format';
import { NoticeLine } from './NoticeLine';
import { StatementView } from './StatementView';
import { TableFileField } from './Field';
import { fileToBase64 } from '../files/files';
import { useFollowChanges } from '../data/useLoaded';
import { AnotherYearError, AnotherYearForm, useAnotherYear } from '../forms/AnotherYear';
import { usePools } from './store';

/** The Pooled budgets screen: every pool of a year with budget, forecast, variance and each partner's exposure. */
export function PoolsView({ planYears }: { planYears: string[] }) {
  const { year, list, consolidated, loadError, detail, notice, open, openPool, act, download, refresh } = usePools();
  useFollowChanges(refresh, { now: true });
  const [creating, setCreating] = useState(false);
  const another = useAnotherYear((y) => {
    setCreating(false);
    void open(y);
  });

  useEffect(() => {
    if (year === null) void open(planYears.includes('2019-20') ? '2019-20' : (planYears.at(-1) ?? '2019-20'));
  }, [year, planYears, open]);

  if (detail) return <StatementView />;

  const years = [...new Set([...(list?.years ?? []), ...planYears, ...(year ? [year] : [])])].sort();
  const closeNew = () => {
    setCreating(false);
    requestAnimationFrame(() => document.getElementById('new-pool')?.focus());
  };

  return (
    <section aria-labelledby="pools-title">
      <div className="screen-head">
        <h1 id="pools-title" tabIndex={-1}>
          Pooled budgets {year ?? ''}
        </h1>
        <div className="year-tools">
          <label htmlFor="pools-year">Year</label>
          <select
            id="pools-year"
            value={year ?? ''}
            onChange={(e) => {
              setCreating(false);
              void open(e.target.value);
            }}
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
          <AnotherYearForm entry={another} id="pools-new-year" errorId="pools-year-error" label="Open another year" />
        </div>
      </div>
      <AnotherYearError entry={another} errorId="pools-year-error" />
      <NoticeLine notice={notice} />
      {loadError && (
        <p role="alert" className="error-banner">
          {loadError}
        </p>
      )}
      <p className="hint">
        Section 75 (and s10) pooled budgets: each partner's contributions, the agreed risk share, and the statement both
        finance teams sign. A variance is outturn − budget: negative is an underspend, and then so are the shares.
      </p>

      {list && year && (
        <div className="toolbar">
          <button type="button" id="new-pool" aria-expanded={creating} onClick={() => setCreating(true)}>
            New pool…
          </button>
        </div>
      )}
      {creating && year && <NewPoolForm year={year} onCancel={closeNew} />}
      {list &&
        year &&
        (list.pools.length === 0 ? (
          <EmptyYear year={year} />
        ) : (
          <>
            <div className="toolbar">
              <button type="button" className="secondary" onClick={() => void download('xlsx')}>
                Download the {year} statement (xlsx)
              </button>
              <button type="button" className="secondary" onClick={() => void download('pdf')}>
                Download the {year} statement (PDF)
              </button>
              <button
                type="button"
                className="secondary"
                onClick={() =>
                  void act(`Copied the ${year} pools to ${nextYear(year)}`, () => call('pool.copyForward', { year }))
                }
              >
                Copy these pools to {nextYear(year)}
              </button>
            </div>
            <PoolsTable pools={list.pools} onOpen={(id) => void openPool(id)} />
            {consolidated && <Consolidation data={consolidated} year={year} />}
          </>
        ))}
    </section>
  );
}

function Exposure({ pool }: { pool: PoolSummary }) {
  if (pool.basis === null) return <span className="muted">no forecast or outturn yet</span>;
  if (pool.problem) return <span className="field-error">{pool.problem}</span>;
  return (
    <ul className="plain-list">
      {pool.exposure.map((x) => (
        <li key={x.partner}>
          {x.partner}: <span className="num">{formatPence(x.pence)}</span>
        </li>
      ))}
    </ul>
  );
}

function PoolsTable({ pools, onOpen }: { pools: PoolSummary[]; onOpen: (id: number) => void }) {
  return (
    <div className="table-scroll" role="region" aria-labelledby="pools-caption" tabIndex={0}>
      <table>
        <caption id="pools-caption">Pools ({pools.length})</caption>
        <thead>
          <tr>
            <th scope="col">Pool</th>
            <th scope="col">Partners and ratio</th>
            <th scope="col" className="num">
              Budget
            </th>
            <th scope="col" className="num">
              Forecast
            </th>
            <th scope="col" className="num">
              Outturn
            </th>
            <th scope="col" className="num">
              Variance
            </th>
            <th scope="col">Each partner's exposure</th>
            <th scope="col">
              <span className="visually-hidden">Statement</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {pools.map((p) => (
            <tr key={p.id}>
              <th scope="row">
                {p.name}
                <div className="hint">{p.legalBasis}</div>
              </th>
              <td>
                {p.partners.map((x) => x.name).join(':')}{' '}
                {p.partners.every((x) => x.ratio !== null)
                  ? p.partners.map((x) => x.ratio).join(':')
                  : '(no agreed ratio)'}
              </td>
              <td className="num">{m(p.budget)}</td>
              <td className="num">{m(p.forecast)}</td>
              <td className="num">{m(p.outturn)}</td>
              <td className="num">
                {p.variance === null ? (
                  '—'
                ) : (
                  <>
                    {formatPence(p.variance)}
                    <div className="hint">on the {p.basis}</div>
                  </>
                )}
              </td>
              <td>
                <Exposure pool={p} />
              </td>
              <td>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => onOpen(p.id)}
                  aria-label={`Open the statement for ${p.name}`}
                >
                  Statement
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A year without pools: load the published 2019/20 table, or import one, previewed before anything is written. */
function EmptyYear({ year }: { year: string }) {
  const { act } = usePools();
  const [preview, setPreview] = useState<{ outcome: PoolImportOutcome; fileName: string; content: string } | null>(
    null,
  );
  const [error, setError] = useState<string | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (preview) confirmRef.current?.focus();
  }, [preview]);

  const pick = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    try {
      const content = await fileToBase64(file);
      const outcome = await call('pool.import', { year, fileName: file.name, contentBase64: content, dryRun: true });
      setPreview({ outcome, fileName: file.name, content });
    } catch (err) {
      setPreview(null);
      setError(errorMessage(err));
    }
  };

  return (
    <div className="panel">
      <h2>No pools in {year} yet</h2>
      {year === '2019-20' && (
        <p>
          <button
            type="button"
            onClick={() => void act('Loaded the four published 2019/20 pools', () => call('pool.loadPublished', {}))}
          >
            Load the published 2019/20 pooled budgets
          </button>
        </p>
      )}
      <TableFileField
        id="pools-file"
        label="Import a pooled-budgets table (TSV or CSV)"
        hint="Columns as published: Pooled Budget, CCG Contribution, Council SC Contribution, Contributions and other grant funding, Total Value, Risk Share CCG:LA: Education. You will see what it holds before anything is saved."
        onFile={(f) => void pick(f)}
      />
      {error && (
        <p role="alert" className="error-banner">
          {error}
        </p>
      )}
      {preview && (
        <div className="panel" role="region" aria-labelledby="pools-preview-title">
          <h3 id="pools-preview-title">
            {preview.fileName} holds {preview.outcome.pools.length} pools
          </h3>
          <ul>
            {preview.outcome.pools.map((p) => {
              const t = preview.outcome.totals.find((x) => x.label === p.name);
              return (
                <li key={p.name}>
                  {p.name}: ratio {p.ratio}, contributions {formatPence(p.contributionsPence)}
                  {t &&
                    (t.printedPence === t.computedPence
                      ? `; Total Value ${formatPence(t.printedPence)} agrees`
                      : `; Total Value ${formatPence(t.printedPence)} differs by ${formatPence(t.printedPence - t.computedPence)}`)}
                </li>
              );
            })}
          </ul>
          <div className="actions">
            <button
              type="button"
              ref={confirmRef}
              onClick={() =>
                void act(`Imported ${preview.outcome.pools.length} pools from ${preview.fileName}`, () =>
                  call('pool.import', { year, fileName: preview.fileName, contentBase64: preview.content }),
                )
              }
            >
              Import these pools
            </button>
            <button type="button" className="secondary" onClick={() => setPreview(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

import { useState } from 'react';
import type { ReturnSummary } from '../../shared/api';
import { STATE_LABELS } from '../../shared/returns/signoff';
import { call } from '../api/client';
import { CoverPanel } from './CoverPanel';
import { ExportPanel, type ExportTarget } from './ExportPanel';
import { Progress } from './Feedback';
import { OpenPanel } from './OpenPanel';
import { ProfilesSection } from './ProfilesSection';
import { useWorkbooks } from './store';
import { useFollowChanges, useLoaded } from '../data/useLoaded';

type Panel = { kind: 'fill' | 'generate' | 'cover'; target: ExportTarget } | { kind: 'open' } | null;

const keyOf = (r: Pick<ReturnSummary, 'year' | 'period'>) => `${r.year} ${r.period}`;

/**
 * The Workbooks screen: a plan or a quarterly return out to NHS England's
 * workbook (its own copy filled, or one generated), a workbook read back
 * into a plan or a return, the cover details, and the template profiles.
 */
export function WorkbooksScreen({ years }: { years: string[] }) {
  const loadProfiles = useWorkbooks((s) => s.loadProfiles);
  const [year, setYear] = useState(years[years.length - 1] ?? '');
  const [chosen, setChosen] = useState('');
  const [panel, setPanel] = useState<Panel>(null);
  useFollowChanges(loadProfiles, { now: true });
  // The returns to fill a workbook from; none to offer when they cannot be read (and the screen says why).
  const listed = useLoaded(() => call('return.list', {}), []);
  const returns: ReturnSummary[] | null = listed.error ? [] : listed.data;
  const current = years.includes(year) ? year : (years[years.length - 1] ?? '');
  const planTarget: ExportTarget = { kind: 'plan', year: current, label: current };
  const latest = returns && returns.length > 0 ? returns[returns.length - 1]! : null;
  const ret = returns?.find((r) => keyOf(r) === chosen) ?? latest;
  const returnTarget: ExportTarget | null = ret
    ? { kind: 'return', year: ret.year, period: ret.period, label: ret.label }
    : null;
  const open = (kind: 'fill' | 'generate' | 'cover', target: ExportTarget | null) =>
    target && setPanel({ kind, target });
  const panelKey = (p: Exclude<Panel, null>) =>
    p.kind === 'open'
      ? 'open'
      : `${p.kind}-${p.target.kind}-${p.target.kind === 'return' ? keyOf({ year: p.target.year, period: p.target.period }) : p.target.year}`;

  return (
    <section aria-labelledby="workbooks-title">
      <div className="screen-head">
        <h1 id="workbooks-title" tabIndex={-1}>
          Workbooks
        </h1>
        {years.length > 0 && (
          <div className="year-tools">
            <label htmlFor="workbook-year">Plan</label>
            <select
              id="workbook-year"
              value={current}
              onChange={(e) => {
                setYear(e.target.value);
                setPanel(null);
              }}
            >
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      <p className="hint">
        What NHS England ingests is its own workbook. Fill the copy it sent (only the input cells are written, and your
        copy is never changed), generate one in its conventions when there is none, or open a workbook to read it back
        into a plan or a quarterly return.
      </p>
      {years.length === 0 && (
        <p>There is no plan yet: open a workbook to start one from it, or start a plan on the Plan screen.</p>
      )}
      <div className="toolbar" role="group" aria-label="Plan workbook actions">
        <button type="button" onClick={() => open('fill', planTarget)} disabled={!current}>
          Fill official workbook…
        </button>
        <button type="button" className="secondary" onClick={() => open('generate', planTarget)} disabled={!current}>
          Generate…
        </button>
        <button type="button" className="secondary" onClick={() => setPanel({ kind: 'open' })}>
          Open workbook…
        </button>
        <button type="button" className="secondary" onClick={() => open('cover', planTarget)} disabled={!current}>
          Cover details…
        </button>
      </div>

      <section aria-labelledby="return-workbooks-title" className="workbook-group">
        <h2 id="return-workbooks-title">Quarterly return workbooks</h2>
        {listed.error && (
          <p role="alert" className="error-banner">
            The quarterly returns could not be read: {listed.error}
          </p>
        )}
        {!listed.error && returns !== null && returns.length === 0 && (
          <p>
            There is no quarterly return yet: create one on the Quarterly returns screen, then fill NHS England's
            quarterly workbook with it here.
          </p>
        )}
        {ret && (
          <>
            <div className="year-tools">
              <label htmlFor="workbook-return">Return</label>
              <select
                id="workbook-return"
                value={keyOf(ret)}
                onChange={(e) => {
                  setChosen(e.target.value);
                  setPanel(null);
                }}
              >
                {returns!.map((r) => (
                  <option key={keyOf(r)} value={keyOf(r)}>
                    {r.label} ({STATE_LABELS[r.state]})
                  </option>
                ))}
              </select>
            </div>
            <div className="toolbar" role="group" aria-label="Return workbook actions">
              <button type="button" onClick={() => open('fill', returnTarget)}>
                Fill official return workbook…
              </button>
              <button type="button" className="secondary" onClick={() => open('generate', returnTarget)}>
                Generate return workbook…
              </button>
              <button type="button" className="secondary" onClick={() => open('cover', returnTarget)}>
                Return cover details…
              </button>
            </div>
            <p className="hint">
              A quarterly workbook read back (Open workbook…) goes into the return for its year and quarter, through the
              same matching, preview and all-or-nothing import as any file of actuals; an approved return takes nothing
              until it is reopened.
            </p>
          </>
        )}
      </section>

      <Progress />
      {panel !== null && (
        <div key={panelKey(panel)}>
          {(panel.kind === 'fill' || panel.kind === 'generate') && (
            <ExportPanel target={panel.target} mode={panel.kind} onClose={() => setPanel(null)} />
          )}
          {panel.kind === 'open' && (
            <OpenPanel
              onClose={() => {
                setPanel(null);
                listed.reload();
              }}
            />
          )}
          {panel.kind === 'cover' && <CoverPanel target={panel.target} onClose={() => setPanel(null)} />}
        </div>
      )}
      <ProfilesSection />
    </section>
  );
}

import { useEffect, useState } from 'react';
import { CoverPanel } from './CoverPanel';
import { ExportPanel } from './ExportPanel';
import { Progress } from './Feedback';
import { OpenPanel } from './OpenPanel';
import { ProfilesSection } from './ProfilesSection';
import { useWorkbooks } from './store';

type Panel = 'fill' | 'generate' | 'open' | 'cover' | null;

/**
 * The Workbooks screen: a plan out to NHS England's workbook (its own copy
 * filled, or one generated), a workbook read back into a plan, the plan's
 * cover details, and the template profiles.
 */
export function WorkbooksScreen({ years }: { years: string[] }) {
  const loadProfiles = useWorkbooks((s) => s.loadProfiles);
  const [year, setYear] = useState(years[years.length - 1] ?? '');
  const [panel, setPanel] = useState<Panel>(null);
  useEffect(() => {
    void loadProfiles();
  }, [loadProfiles]);
  const current = years.includes(year) ? year : (years[years.length - 1] ?? '');
  const needsPlan = (p: Panel) => p === 'fill' || p === 'generate' || p === 'cover';

  return (
    <section aria-labelledby="workbooks-title">
      <div className="screen-head">
        <h1 id="workbooks-title" tabIndex={-1}>Workbooks</h1>
        {years.length > 0 && (
          <div className="year-tools">
            <label htmlFor="workbook-year">Plan</label>
            <select id="workbook-year" value={current} onChange={(e) => { setYear(e.target.value); setPanel(null); }}>
              {years.map((y) => <option key={y} value={y}>{y}</option>)}
            </select>
          </div>
        )}
      </div>
      <p className="hint">What NHS England ingests is its own workbook. Fill the copy it sent (only the input cells are written, and your copy is never changed), generate one in its conventions when there is none, or open a workbook to read it back into a plan.</p>
      {years.length === 0 && <p>There is no plan yet: open a workbook to start one from it, or start a plan on the Plan screen.</p>}
      <div className="toolbar" role="group" aria-label="Workbook actions">
        <button type="button" onClick={() => setPanel('fill')} disabled={!current}>Fill official workbook…</button>
        <button type="button" onClick={() => setPanel('generate')} disabled={!current}>Generate…</button>
        <button type="button" onClick={() => setPanel('open')}>Open workbook…</button>
        <button type="button" className="secondary" onClick={() => setPanel('cover')} disabled={!current}>Cover details…</button>
      </div>
      <Progress />
      {panel !== null && (!needsPlan(panel) || current) && (
        <>
          {(panel === 'fill' || panel === 'generate') && <ExportPanel key={`${panel}-${current}`} year={current} label={current} mode={panel} onClose={() => setPanel(null)} />}
          {panel === 'open' && <OpenPanel onClose={() => setPanel(null)} />}
          {panel === 'cover' && <CoverPanel key={current} year={current} onClose={() => setPanel(null)} />}
        </>
      )}
      <ProfilesSection />
    </section>
  );
}

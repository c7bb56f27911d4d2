import { useEffect, useRef } from 'react';
import { DataBanner } from '../data/DataBanner';
import { DataView } from '../data/DataView';
import { HistoryView } from '../history/HistoryView';
import { PlanScreen } from '../plan/PlanScreen';
import { PoolsView } from '../pools/PoolsView';
import { ReturnsScreen } from '../returns/ReturnsScreen';
import { ReviewScreen } from '../review/ReviewScreen';
import { ConsolidationScreen } from '../consolidation/ConsolidationScreen';
import { Welcome } from '../welcome/Welcome';
import { WorkbooksScreen } from '../workbooks/WorkbooksScreen';
import { TemplatesScreen } from '../templates/TemplatesScreen';
import { Nav } from './Nav';
import { NextPanel } from './NextPanel';
import { ROUTES } from './routes';
import { useApp, watchForChanges } from './store';
import { WorkProgressBar } from './WorkProgressBar';

export function App() {
  const { status, loadError, unexpected, route, refresh } = useApp();
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => watchForChanges(), []);

  // Moving between screens puts focus on the new screen's heading, as a page load would.
  useEffect(() => {
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [route]);

  const label = ROUTES.find((r) => r.id === route)!.label;
  useEffect(() => {
    document.title = status?.area ? `${label} · ${status.area.name} · BCF Returns` : 'BCF Returns';
  }, [label, status]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      {/* One bar for the name, the area and the screens: a laptop's height goes to the work. */}
      <header className="app-header">
        <span className="app-name">BCF Returns</span>
        {status?.area && <span className="area-name">{status.area.name}</span>}
        {/* Without an area, an ICB finance lead or a partner still moves between the screens that need none. */}
        {status && <Nav current={route} hasArea={!!status.area} />}
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        {loadError && (
          <p role="alert" className="error-banner">
            {loadError}
          </p>
        )}
        {unexpected && (
          <div role="alert" className="error-banner">
            <p>{unexpected}</p>
            <button type="button" className="secondary" onClick={() => useApp.setState({ unexpected: null })}>
              Dismiss
            </button>
          </div>
        )}
        {!status && !loadError && <p>Opening your data…</p>}
        {status?.area && route !== 'data' && <NextPanel />}
        {status && route !== 'data' && <DataBanner />}
        {status && route === 'data' && <DataView />}
        {status && !status.area && route !== 'data' && route !== 'review' && route !== 'consolidation' && <Welcome />}
        {status?.area && route === 'plan' && <PlanScreen years={status.years} />}
        {status?.area && route === 'history' && <HistoryView />}
        {status?.area && route === 'returns' && <ReturnsScreen years={status.years} />}
        {status?.area && route === 'pools' && <PoolsView planYears={status.years} />}
        {status?.area && route === 'workbooks' && <WorkbooksScreen years={status.years} />}
        {status?.area && route === 'templates' && <TemplatesScreen />}
        {status && route === 'review' && <ReviewScreen hasArea={!!status.area} />}
        {status && route === 'consolidation' && <ConsolidationScreen />}
      </main>
      <WorkProgressBar />
    </>
  );
}

import { lazy, useCallback, useEffect, useRef, type ReactNode } from 'react';
import type { AppStatus } from '../../shared/api';
import { DataBanner } from '../data/DataBanner';
import { PlanScreen } from '../plan/PlanScreen';
import { readFirstPlanEarly } from '../plan/store';
import { Welcome } from '../welcome/Welcome';
import { Nav } from './Nav';
import { NextPanel } from './NextPanel';
import { ROUTES, type RouteId } from './routes';
import { useApp, watchForChanges } from './store';
import { WorkProgressBar } from './WorkProgressBar';
import { Later } from './Later';

// The plan opens first; the other screens load when first opened, so that the code read before the
// plan can show is the plan's own (docs/performance.md).
const DataView = lazy(() => import('../data/DataView').then((m) => ({ default: m.DataView })));
const HistoryView = lazy(() => import('../history/HistoryView').then((m) => ({ default: m.HistoryView })));
const PoolsView = lazy(() => import('../pools/PoolsView').then((m) => ({ default: m.PoolsView })));
const ReturnsScreen = lazy(() => import('../returns/ReturnsScreen').then((m) => ({ default: m.ReturnsScreen })));
const ReviewScreen = lazy(() => import('../review/ReviewScreen').then((m) => ({ default: m.ReviewScreen })));
const ConsolidationScreen = lazy(() =>
  import('../consolidation/ConsolidationScreen').then((m) => ({ default: m.ConsolidationScreen })),
);
const WorkbooksScreen = lazy(() =>
  import('../workbooks/WorkbooksScreen').then((m) => ({ default: m.WorkbooksScreen })),
);
const TemplatesScreen = lazy(() =>
  import('../templates/TemplatesScreen').then((m) => ({ default: m.TemplatesScreen })),
);

/** The screen for a route other than the plan, as the app's status allows it; null where there is none. */
function laterScreen(route: RouteId, status: AppStatus): ReactNode {
  const area = status.area !== null;
  switch (route) {
    case 'data':
      return <DataView />;
    case 'review':
      return <ReviewScreen hasArea={area} />;
    case 'consolidation':
      return <ConsolidationScreen />;
    case 'history':
      return area ? <HistoryView /> : null;
    case 'returns':
      return area ? <ReturnsScreen years={status.years} /> : null;
    case 'pools':
      return area ? <PoolsView planYears={status.years} /> : null;
    case 'workbooks':
      return area ? <WorkbooksScreen years={status.years} /> : null;
    case 'templates':
      return area ? <TemplatesScreen /> : null;
    case 'plan':
      return null;
  }
}

export function App() {
  const { status, loadError, unexpected, route, refresh } = useApp();
  const mainRef = useRef<HTMLElement>(null);

  const startedOn = useRef(route);
  useEffect(() => {
    void refresh();
    // A window that opens on the plan asks for it beside the status (just after: the status is quick), not after it.
    if (startedOn.current === 'plan') readFirstPlanEarly();
  }, [refresh]);
  useEffect(() => watchForChanges(), []);

  // Moving between screens puts focus on the new screen's heading, as a page load would; a screen whose code
  // is still loading is owed it until it is there (onShown). The window's first screen leaves focus be.
  const shownRoute = useRef(route);
  const headingOwed = useRef(false);
  useEffect(() => {
    if (shownRoute.current === route) return;
    shownRoute.current = route;
    const heading = mainRef.current?.querySelector<HTMLElement>('h1');
    heading?.focus();
    headingOwed.current = !heading;
  }, [route]);
  const onShown = useCallback(() => {
    if (!headingOwed.current) return;
    headingOwed.current = false;
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, []);

  const later = status && laterScreen(route, status);
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
        {status && !status.area && route !== 'data' && route !== 'review' && route !== 'consolidation' && <Welcome />}
        {status?.area && route === 'plan' && <PlanScreen years={status.years} />}
        {later && (
          // Keyed by the screen: a screen that could not be opened does not leave its message on the next.
          <Later key={route} onShown={onShown}>
            {later}
          </Later>
        )}
      </main>
      <WorkProgressBar />
    </>
  );
}

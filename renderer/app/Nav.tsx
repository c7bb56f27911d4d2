import { ROUTES, type RouteId } from './routes';

/** The screens that work before an area is set up: a partner's review, an ICB's consolidation, the data. */
const WITHOUT_AREA: readonly { id: RouteId; label: string }[] = [
  { id: 'plan', label: 'Start' },
  ...ROUTES.filter((r) => r.id === 'review' || r.id === 'consolidation' || r.id === 'data'),
];

export function Nav({ current, hasArea }: { current: RouteId; hasArea: boolean }) {
  return (
    <nav aria-label="Main" className="app-nav">
      <ul>
        {(hasArea ? ROUTES : WITHOUT_AREA).map((r) => (
          <li key={r.id}>
            <a href={`#/${r.id}`} aria-current={r.id === current ? 'page' : undefined}>
              {r.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

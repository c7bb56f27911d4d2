import { ROUTES, type RouteId } from './routes';

export function Nav({ current }: { current: RouteId }) {
  return (
    <nav aria-label="Main" className="app-nav">
      <ul>
        {ROUTES.map((r) => (
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

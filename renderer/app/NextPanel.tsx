import { useFollowChanges } from '../data/useLoaded';
import { useNext } from './next';

/** One line on every screen: the next thing to do for the returns, with its deadline. */
export function NextPanel() {
  const { calendar, refresh } = useNext();
  useFollowChanges(refresh, { now: true });
  if (!calendar) return null;
  const { next } = calendar;
  return (
    <section className={`next-panel${next.overdue ? ' overdue' : ''}`} aria-label="Next action">
      <p>
        <strong>Next:</strong> <span data-testid="next-action">{next.text}</span>{' '}
        {next.year && <a href="#/returns">Open the returns</a>}
      </p>
    </section>
  );
}

import { useEffect } from 'react';
import { useNext } from './next';
import { useApp } from './store';

/** One line on every screen: the next thing to do for the returns, with its deadline. */
export function NextPanel() {
  const { calendar, refresh } = useNext();
  const changed = useApp((s) => s.changed);
  useEffect(() => {
    void refresh();
  }, [refresh, changed]);
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

import { useData } from './store';
import { useFollowChanges } from './useLoaded';

/**
 * Shown on every screen but Your data: a failed start-up check (with the way
 * to the restore), and warnings about where the file is kept.
 */
export function DataBanner() {
  const { status, load } = useData();
  useFollowChanges(load, { now: true });
  if (!status) return null;
  return (
    <>
      {status.startup.problem && (
        <div role="alert" className="panel problem">
          <p>
            <strong>Your data did not pass its check when the app opened.</strong> The damaged file has been set aside,
            not deleted. {status.startup.newestGoodBackup ? 'A good backup can be restored: ' : ''}
            <a href="#/data">go to Your data</a>.
          </p>
        </div>
      )}
      {status.warnings.length > 0 && (
        <div className="panel warning">
          <p>
            <strong>Warning about where your data is kept.</strong> {status.warnings[0]}{' '}
            <a href="#/data">More on Your data</a>
          </p>
        </div>
      )}
    </>
  );
}

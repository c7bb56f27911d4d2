import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { BackupEntry, BackupSummary } from '../../shared/api';
import { useData, when, type Outcome } from './store';
import { useFollowChanges } from './useLoaded';

const REASONS: Record<string, string> = {
  start: 'App started',
  timer: 'While the app was open',
  manual: 'Backed up by hand',
  'before-restore': 'Before a restore',
};
const reason = (r: string) => REASONS[r] ?? (/^before-v\d+$/.test(r) ? 'Before an upgrade' : r);
const size = (bytes: number) =>
  bytes < 1048576 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1048576).toFixed(1)} MB`;

export function holds(s: BackupSummary): string {
  if (!s.ok) return `Cannot be restored: ${s.problem ?? 'unknown problem'}`;
  if (!s.area) return 'No area yet (empty)';
  const years =
    s.years.length === 0
      ? 'no plans'
      : s.years.map((y) => `${y.year} plan, ${y.lines} line${y.lines === 1 ? '' : 's'}`).join('; ');
  return `${s.area}: ${years}`;
}

function OutcomeLine({ outcome }: { outcome: Outcome }) {
  const text =
    outcome.kind === 'working'
      ? outcome.what
      : outcome.kind === 'done'
        ? outcome.message
        : outcome.kind === 'failed'
          ? `Not done: ${outcome.message}`
          : '';
  return (
    <p role="status" className={`save-status ${outcome.kind === 'done' ? 'saved' : outcome.kind}`}>
      {text}
    </p>
  );
}

/** Your data: where the file lives, what the start-up check found, the backups, and restoring one. */
export function DataView() {
  const { status, backups, loadError, outcome, load, backUpNow, download, restore, setRule } = useData();
  const [confirming, setConfirming] = useState<BackupEntry | null>(null);
  type RuleKey = 'today' | 'perDay' | 'max' | 'everyMinutes';
  const [edits, setEdits] = useState<Partial<Record<RuleKey, string>>>({});
  const rule = status
    ? ({
        today: edits.today ?? String(status.rule.today),
        perDay: edits.perDay ?? String(status.rule.perDay),
        max: edits.max ?? String(status.rule.max),
        everyMinutes: edits.everyMinutes ?? String(status.rule.everyMinutes),
      } satisfies Record<RuleKey, string>)
    : null;
  const confirmRef = useRef<HTMLHeadingElement>(null);

  useFollowChanges(load, { now: true });
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const offered = status?.startup.newestGoodBackup ?? null;
  const busy = outcome.kind === 'working';

  const [ruleError, setRuleError] = useState<string | null>(null);
  const saveRule = (e: FormEvent) => {
    e.preventDefault();
    if (!rule) return;
    if (Object.values(rule).some((v) => !/^\s*\d+\s*$/.test(v))) {
      setRuleError('Enter a whole number in each box.');
      return;
    }
    setRuleError(null);
    void setRule({
      today: Number(rule.today),
      perDay: Number(rule.perDay),
      max: Number(rule.max),
      everyMinutes: Number(rule.everyMinutes),
    }).then((ok) => ok && setEdits({}));
  };

  const doRestore = async (entry: BackupEntry) => {
    if (await restore(entry)) {
      setConfirming(null);
      document.getElementById('data-title')?.focus();
    }
  };

  return (
    <section aria-labelledby="data-title">
      <h1 id="data-title" tabIndex={-1}>
        Your data
      </h1>
      {loadError && (
        <p role="alert" className="error-banner">
          {loadError}
        </p>
      )}
      <OutcomeLine outcome={outcome} />

      {status?.startup.problem && (
        <div className="panel problem" role="alert" aria-labelledby="problem-title">
          <h2 id="problem-title">Your data did not pass its check</h2>
          <p>{status.startup.problem}</p>
          {offered && (
            <button type="button" className="danger" disabled={busy} onClick={() => setConfirming(offered)}>
              Restore the backup taken {when(offered.takenAt)}…
            </button>
          )}
        </div>
      )}
      {status?.startup.uncleanExit && status.startup.check === 'ok' && (
        <p className="hint">
          BCF Returns did not close properly last time; the file was checked when it opened again and is sound.
        </p>
      )}

      {confirming && (
        <div className="panel confirm" aria-labelledby="confirm-title">
          <h2 id="confirm-title" ref={confirmRef} tabIndex={-1}>
            Restore the backup taken {when(confirming.takenAt)}?
          </h2>
          <p>
            It holds: {holds(confirming.summary)}
            {confirming.summary.lastChangeAt ? `; last change ${when(confirming.summary.lastChangeAt)}` : ''}.
          </p>
          <p>
            It replaces the data in {status?.dbPath}. The data as it is now is backed up first, so this can be undone by
            restoring that backup.
          </p>
          <div className="actions">
            <button
              type="button"
              className="danger"
              disabled={busy || !confirming.summary.ok}
              onClick={() => void doRestore(confirming)}
            >
              Restore this backup
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}

      <h2>Where it lives</h2>
      <p>
        This area's data is one file: <code className="path">{status?.dbPath ?? '…'}</code>. Every change is saved to it
        the moment you make it.
      </p>
      {status?.warnings.map((w) => (
        <p key={w} className="panel warning">
          <strong>Warning: </strong>
          {w}
        </p>
      ))}

      <h2>Backups</h2>
      <p>
        A backup is taken when the app starts
        {status && status.rule.everyMinutes > 0
          ? `, every ${status.rule.everyMinutes} minutes while it is open`
          : ''}{' '}
        (when something has changed), before an upgrade and before a restore, into{' '}
        <code className="path">{status?.backupsDir ?? '…'}</code>.
      </p>
      <div className="toolbar">
        <button type="button" disabled={busy} onClick={() => void backUpNow()}>
          Back up now
        </button>
      </div>
      <p className="hint">
        To keep a copy somewhere else — a USB stick, a shared drive — use <strong>Download</strong> beside a backup: you
        choose where it is saved. Backups kept there are never removed by the app.
      </p>

      {backups && backups.length === 0 && <p>There are no backups yet: one is taken once there is data to keep.</p>}
      {backups && backups.length > 0 && (
        <div className="table-scroll" role="region" aria-labelledby="backups-caption" tabIndex={0}>
          <table>
            <caption id="backups-caption">Backups in the backups folder, newest first ({backups.length})</caption>
            <thead>
              <tr>
                <th scope="col">Taken</th>
                <th scope="col">Why</th>
                <th scope="col">What it holds</th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {backups.map((b) => (
                <tr key={b.name}>
                  <td>{when(b.takenAt)}</td>
                  <td>{reason(b.reason)}</td>
                  <td>{holds(b.summary)}</td>
                  <td className="num">{size(b.bytes)}</td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="secondary"
                      disabled={busy}
                      onClick={() => void download(b)}
                      aria-label={`Download the backup taken ${when(b.takenAt)}`}
                    >
                      Download
                    </button>
                    <button
                      type="button"
                      className="secondary"
                      disabled={busy || !b.summary.ok}
                      onClick={() => setConfirming(b)}
                      aria-label={`Restore the backup taken ${when(b.takenAt)}`}
                    >
                      Restore…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {rule && (
        <form onSubmit={saveRule} noValidate aria-labelledby="rule-title" className="panel">
          <h2 id="rule-title">Which backups are kept</h2>
          <p className="hint">
            Older backups beyond these are removed from the backups folder. The newest is always kept.
          </p>
          {ruleError && (
            <p role="alert" className="field-error">
              {ruleError}
            </p>
          )}
          <div className="form-grid">
            {(
              [
                ['today', 'Kept from today'],
                ['perDay', 'Kept from each earlier day'],
                ['max', 'Kept in all, at most'],
                ['everyMinutes', 'Minutes between backups while open (0: only on start)'],
              ] as const
            ).map(([key, label]) => (
              <div className="field" key={key}>
                <label htmlFor={`rule-${key}`}>{label}</label>
                <input
                  id={`rule-${key}`}
                  inputMode="numeric"
                  value={rule[key]}
                  onChange={(e) => setEdits({ ...edits, [key]: e.target.value })}
                />
              </div>
            ))}
          </div>
          <button type="submit" disabled={busy}>
            Save
          </button>
        </form>
      )}
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import type { PoolDetail } from '../../shared/api';
import { LEGAL_BASES, type LegalBasis } from '../../shared/pools/model';
import { call } from '../api/client';
import { Confirm } from '../forms/Confirm';
import { ProblemBanner } from './Field';
import { FieldFrame } from '../forms/Field';
import type { Problem } from './problem';
import { usePools } from './store';

/** The pool's legal basis and host partner, changed here. */
export function PoolSetup({ detail }: { detail: PoolDetail }) {
  const { attempt } = usePools();
  const { pool } = detail;
  const currentHost = pool.partners.find((p) => p.isHost)?.name ?? '';
  const [legalBasis, setLegalBasis] = useState<LegalBasis>(pool.legalBasis);
  const [host, setHost] = useState(currentHost);
  const [problem, setProblem] = useState<Problem | null>(null);
  const key = `${pool.id}-${pool.legalBasis}-${currentHost}`;
  const [seen, setSeen] = useState(key);
  if (seen !== key) {
    setSeen(key);
    setLegalBasis(pool.legalBasis);
    setHost(currentHost);
    setProblem(null);
  }
  const unchanged = legalBasis === pool.legalBasis && host === currentHost;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (unchanged) return;
    const refused = await attempt(`Saved the legal basis and host of ${pool.name}`, () =>
      call('pool.update', { id: pool.id, legalBasis, host: host === '' ? null : host }),
    );
    setProblem(refused);
    if (refused)
      requestAnimationFrame(() =>
        document
          .getElementById(
            refused.field === 'host' || refused.field === 'legalBasis' ? `setup-${refused.field}` : 'setup-problem',
          )
          ?.focus(),
      );
  };

  return (
    <section aria-labelledby="setup-title" className="totals-section">
      <h2 id="setup-title">Legal basis and host</h2>
      <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="setup-title" className="panel">
        {problem && problem.field !== 'host' && problem.field !== 'legalBasis' && (
          <ProblemBanner id="setup-problem" message={problem.message} />
        )}
        <div className="form-grid">
          <FieldFrame
            id="setup-legalBasis"
            label="Legal basis"
            error={problem?.field === 'legalBasis' ? problem.message : undefined}
          >
            {(aria) => (
              <select {...aria} value={legalBasis} onChange={(e) => setLegalBasis(e.target.value as LegalBasis)}>
                {LEGAL_BASES.map((b) => (
                  <option key={b} value={b}>
                    {b}
                  </option>
                ))}
              </select>
            )}
          </FieldFrame>
          <FieldFrame
            id="setup-host"
            label="Host partner"
            error={problem?.field === 'host' ? problem.message : undefined}
          >
            {(aria) => (
              <select {...aria} value={host} onChange={(e) => setHost(e.target.value)}>
                <option value="">not recorded</option>
                {pool.partners.map((p) => (
                  <option key={p.id} value={p.name}>
                    {p.name}
                  </option>
                ))}
              </select>
            )}
          </FieldFrame>
        </div>
        <div className="actions">
          <button type="submit" disabled={unchanged}>
            Save the legal basis and host
          </button>
        </div>
      </form>
    </section>
  );
}

/** Deleting the whole pool, after saying what goes with it. */
export function DeletePool({ detail }: { detail: PoolDetail }) {
  const { act, closePool } = usePools();
  const { pool } = detail;
  const [asking, setAsking] = useState(false);
  return (
    <section aria-labelledby="delete-pool-title" className="totals-section">
      <h2 id="delete-pool-title">Delete this pool</h2>
      {asking ? (
        <Confirm
          id="pool-confirm"
          question={`Delete ${pool.name} (${pool.year})?`}
          detail={`Its ${pool.partners.length} partners, ${pool.contributions.length} contributions, ${pool.lines.length} budget lines, forecasts, outturns and agreements go with it. The audit log keeps a record of what it held.`}
          confirmLabel={`Delete ${pool.name}`}
          onConfirm={async () => {
            // Closed before the screen reloads, so that the reload does not ask for the pool just deleted.
            const deleted = await act(`Deleted the pool ${pool.name}`, async () => {
              await call('pool.delete', { id: pool.id });
              closePool();
            });
            if (deleted) {
              requestAnimationFrame(() => document.getElementById('pools-title')?.focus());
            }
          }}
          onCancel={() => {
            setAsking(false);
            requestAnimationFrame(() => document.getElementById('delete-pool')?.focus());
          }}
        />
      ) : (
        <button type="button" id="delete-pool" className="danger" onClick={() => setAsking(true)}>
          Delete {pool.name}…
        </button>
      )}
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import type { ReturnView } from '../../shared/api';
import { call } from '../api/client';
import { Confirm } from '../forms/Confirm';
import { focusSoon } from '../forms/focus';
import { useReturns } from './store';

/**
 * Deleting an open return created by mistake (the wrong quarter, the wrong
 * funding): a reason first, for the history, then a question; the server
 * refuses an approved return and one a later quarter follows on from.
 */
export function DeleteReturn({ view }: { view: ReturnView }) {
  const persist = useReturns((s) => s.persist);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);

  const ask = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim() === '') {
      setError('Give the reason for deleting the return: it is kept in the history.');
      focusSoon('delete-return-reason');
      return;
    }
    setError(null);
    setAsking(true);
  };
  const remove = async () => {
    const done = await persist(`Deleted the ${view.label} return`, () =>
      call('return.delete', { year: view.year, period: view.period, reason: reason.trim() }),
    );
    setAsking(false);
    focusSoon(done ? 'returns-title' : 'delete-return');
  };

  return (
    <form className="panel" onSubmit={ask} noValidate aria-labelledby="delete-return-title">
      <h3 id="delete-return-title">Delete this return</h3>
      <p className="hint" id="delete-return-hint">
        For a return created by mistake. The history keeps its figures, with your reason. A return that a later quarter
        follows on from is deleted after that one.
      </p>
      <div className={`field${error ? ' has-error' : ''}`}>
        <label htmlFor="delete-return-reason">Reason for deleting</label>
        {error && (
          <p className="field-error" id="delete-return-reason-error">
            <span className="visually-hidden">Error: </span>
            {error}
          </p>
        )}
        <textarea
          id="delete-return-reason"
          rows={2}
          cols={60}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'delete-return-reason-error delete-return-hint' : 'delete-return-hint'}
        />
      </div>
      {asking ? (
        <Confirm
          id="delete-return-confirm"
          question={`Delete the ${view.label} return?`}
          detail={`Its ${view.lines.length} lines and the figures entered in them go; the history keeps them.`}
          confirmLabel={`Delete the ${view.label} return`}
          onConfirm={remove}
          onCancel={() => {
            setAsking(false);
            focusSoon('delete-return');
          }}
        />
      ) : (
        <button type="submit" id="delete-return" className="danger">
          Delete the {view.label} return…
        </button>
      )}
    </form>
  );
}

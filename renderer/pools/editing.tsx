import { useState } from 'react';
import { parseBoundedMoney, type AmountBounds, type Pence } from '../../shared/money';
import { focusSoon } from '../forms/focus';
import { sentence, type Problem } from './problem';
import { usePools } from './store';

/**
 * Which row of a pool's table is being changed or asked about before it is
 * deleted, and where the focus goes back to afterwards: the row's own button,
 * or the table's "Add" button once the row has gone or a new one was added.
 */
export function useRowEditing<T extends { id: number }>(prefix: string, addId: string) {
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [deleting, setDeleting] = useState<T | null>(null);
  return {
    editing,
    deleting,
    edit: (row: T | 'new') => {
      setDeleting(null);
      setEditing(row);
    },
    askToDelete: (row: T) => {
      setEditing(null);
      setDeleting(row);
    },
    closeAll: () => {
      setEditing(null);
      setDeleting(null);
    },
    formDone: () => {
      setEditing(null);
      focusSoon(editing === null || editing === 'new' ? addId : `${prefix}-change-${editing.id}`);
    },
    deleted: () => {
      setDeleting(null);
      focusSoon(addId);
    },
    kept: () => {
      setDeleting(null);
      if (deleting) focusSoon(`${prefix}-delete-${deleting.id}`);
    },
  };
}

/** A row's Change and Delete… buttons, named for a screen reader ("Change line H1 Equipment"). */
export function RowActions({
  prefix,
  id,
  name,
  onChange,
  onDelete,
}: {
  prefix: string;
  id: number;
  name: string;
  onChange: () => void;
  onDelete?: () => void;
}) {
  return (
    <td className="row-actions">
      <button
        type="button"
        className="secondary"
        id={`${prefix}-change-${id}`}
        aria-label={`Change ${name}`}
        onClick={onChange}
      >
        Change
      </button>
      {onDelete && (
        <button
          type="button"
          className="secondary"
          id={`${prefix}-delete-${id}`}
          aria-label={`Delete ${name}…`}
          onClick={onDelete}
        >
          Delete…
        </button>
      )}
    </td>
  );
}

/**
 * A pool editor's save: the amount is parsed first (refused beside its field,
 * nothing sent), then the API's refusal, if any, is shown beside the field it
 * names (`fields` maps request fields to element ids) or above the form.
 */
export function useSaveForm(fields: Record<string, string>, problemId: string) {
  const { attempt } = usePools();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (what: string, request: () => Promise<unknown>, onDone: () => void) => {
    if (busy) return;
    setBusy(true);
    const refused = await attempt(what, request);
    setBusy(false);
    setProblem(refused);
    if (refused) focusSoon(fields[refused.field ?? ''] ?? problemId);
    else onDone();
  };

  const save = async (
    amount: { text: string; bounds: AmountBounds; field: string },
    what: string,
    request: (pence: Pence) => Promise<unknown>,
    onDone: () => void,
  ) => {
    if (busy) return;
    const parsed = parseBoundedMoney(amount.text, amount.bounds);
    if (!parsed.ok) {
      setProblem({ field: amount.field, message: sentence(parsed.message), details: [] });
      focusSoon(fields[amount.field]!);
      return;
    }
    await submit(what, () => request(parsed.pence), onDone);
  };

  return {
    busy,
    /** Saves a form without an amount. */
    submit,
    /** Saves a form with an amount, parsed first. */
    save,
    errorFor: (field: string) => (problem?.field === field ? problem.message : undefined),
    /** A refusal that names no field of the form, shown above it. */
    general: problem && (problem.field === null || !(problem.field in fields)) ? problem : null,
  };
}

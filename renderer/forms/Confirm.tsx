import { useEffect, useRef, useState } from 'react';

/**
 * Asks before something is deleted: the question takes focus (so a screen
 * reader says it), the first button deletes, Cancel or Escape leaves it be.
 */
export function Confirm({
  id,
  question,
  detail,
  confirmLabel,
  onConfirm,
  onCancel,
}: {
  id: string;
  question: string;
  detail?: string;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div
      className="panel confirm"
      role="group"
      aria-labelledby={`${id}-title`}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
    >
      <h3 id={`${id}-title`} ref={ref} tabIndex={-1}>
        {question}
      </h3>
      {detail && <p>{detail}</p>}
      <div className="actions">
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void onConfirm().finally(() => setBusy(false));
          }}
        >
          {confirmLabel}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

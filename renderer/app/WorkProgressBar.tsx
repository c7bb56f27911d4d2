import { call, errorMessage } from '../api/client';
import { useWork } from '../api/work';
import { useState } from 'react';

/**
 * The bar for long work: what is happening, how far it has got where that can be counted, and
 * Cancel while nothing has been written. It floats at the foot of the window so the screen under
 * it stays where it was; the screen's own message says how the work ended.
 */
export function WorkProgressBar() {
  const { progress, cancelAsked } = useWork();
  const [cancelError, setCancelError] = useState<string | null>(null);
  if (!progress) return null;
  const counted = progress.total > 0;
  const cancel = async () => {
    setCancelError(null);
    useWork.setState({ cancelAsked: true });
    try {
      await call('work.cancel', {});
    } catch (err) {
      setCancelError(errorMessage(err));
    }
  };
  return (
    <section className="work-progress" aria-label="Work in progress">
      {/* Not a live region: the screen's own status line announces the work; this would repeat it every step. */}
      <p id="work-step">
        {cancelAsked ? `Stopping… (${progress.step})` : progress.step}
        {counted && ` — ${progress.done.toLocaleString('en-GB')} of ${progress.total.toLocaleString('en-GB')}`}
      </p>
      <progress aria-labelledby="work-step" {...(counted ? { max: progress.total, value: progress.done } : {})} />
      {progress.cancellable && !cancelAsked && (
        <button type="button" onClick={() => void cancel()}>
          Cancel
        </button>
      )}
      {!progress.cancellable && <p className="work-note">Saving: this can no longer be cancelled.</p>}
      {cancelError && <p role="alert">{cancelError}</p>}
    </section>
  );
}

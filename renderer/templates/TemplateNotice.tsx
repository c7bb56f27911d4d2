import type { TemplateNotice as Notice } from '../../shared/api';
import { call } from '../api/client';
import { useAction } from '../data/useAction';
import { useTemplates } from './store';

/**
 * What a plan or a return says when its year has no template year of its own
 * (or only a provisional one), with the two ways on: bring NHS England's
 * workbook, or start from the latest known year as a provisional copy.
 */
export function TemplateNotice({ notice, onChanged }: { notice: Notice; onChanged: () => void }) {
  const askToBring = useTemplates((s) => s.askToBring);
  const { busy, error: problem, run } = useAction();
  const provisional = async () => {
    if (await run(() => call('template.provisional', { year: notice.year }))) onChanged();
  };
  // The service's message names the commands too; here the two ways on are the buttons below.
  const text =
    notice.kind === 'none'
      ? `There is no ${notice.year} template year, so the app will not guess the ${notice.year} layout and lists. Bring NHS England's ${notice.year} workbook${notice.latest ? `, or start from ${notice.latest} as a provisional ${notice.year} copy` : ''}.`
      : notice.message;
  return (
    <div className={`notice template-notice ${notice.kind === 'none' ? 'warn' : ''}`} role="status">
      <p>{text}</p>
      {/* An approved plan's way on is to reopen it, on its Sign-off tab: nothing to bring or copy here. */}
      {notice.kind !== 'approved' && (
        <div className="actions">
          <button type="button" onClick={() => askToBring(notice.year)}>
            Bring the {notice.year} workbook…
          </button>
          {notice.kind !== 'provisional' && notice.latest && (
            <button type="button" className="secondary" disabled={busy} onClick={() => void provisional()}>
              Start {notice.year} as a provisional copy of {notice.latest}
            </button>
          )}
        </div>
      )}
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

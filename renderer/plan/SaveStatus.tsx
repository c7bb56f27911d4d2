import type { SaveState } from '../data/loader';

/** Says, politely and out loud for screen readers, whether the last change reached the database. */
export function SaveStatus({ save }: { save: SaveState }) {
  let text = '';
  if (save.kind === 'saving') text = 'Saving…';
  if (save.kind === 'saved') text = `${save.what}. Saved at ${save.at.toLocaleTimeString('en-GB')}.`;
  if (save.kind === 'failed') text = `Not saved: ${save.message}`;
  return (
    <div role="status" className={`save-status ${save.kind}`}>
      <p>{text}</p>
      {save.kind === 'failed' && save.details && save.details.length > 1 && (
        <ul>
          {save.details.slice(0, 20).map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

import type { Notice } from './store';

/** Says, politely and out loud for screen readers, what the last action did. */
export function NoticeLine({ notice }: { notice: Notice }) {
  let text = '';
  if (notice.kind === 'working') text = `${notice.what}…`;
  if (notice.kind === 'done') text = `${notice.what}. Saved at ${notice.at.toLocaleTimeString('en-GB')}.`;
  if (notice.kind === 'failed') text = `Not done: ${notice.message}`;
  return (
    <p role="status" className={`save-status ${notice.kind === 'done' ? 'saved' : notice.kind}`}>
      {text}
    </p>
  );
}

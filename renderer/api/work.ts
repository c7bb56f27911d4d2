import { create } from 'zustand';
import type { WorkProgress } from '../../shared/api';

/**
 * Long work the window is waiting for (an import, a fill, a PDF), as the server last described it.
 * Shown by the progress bar; set only by the client while a long call is pending.
 */
interface WorkState {
  progress: WorkProgress | null;
  /** The user pressed Cancel: the bar says it is stopping until the call ends. */
  cancelAsked: boolean;
}

export const useWork = create<WorkState>(() => ({ progress: null, cancelAsked: false }));

/** A call shorter than this shows no bar: a flash of one would only distract. */
export const SHOW_AFTER_MS = 500;
const ASK_EVERY_MS = 300;

let pending = 0;
let timer: ReturnType<typeof setTimeout> | null = null;

/**
 * Called when a long call starts; the function it returns, when it ends. While any is pending,
 * after half a second the server is asked every 300 ms how far the work has got.
 */
export function watchWork(ask: () => Promise<WorkProgress | null>): () => void {
  pending += 1;
  if (pending === 1) timer = setTimeout(() => void poll(), SHOW_AFTER_MS);

  // Never rejects: a failed question is asked again next time.
  async function poll() {
    let progress: WorkProgress | null = null;
    try {
      progress = await ask();
    } catch {
      // A failed question about progress is not the work failing: ask again next time.
    }
    if (pending === 0) return;
    useWork.setState({ progress });
    timer = setTimeout(() => void poll(), ASK_EVERY_MS);
  }

  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    pending -= 1;
    if (pending > 0) return;
    if (timer) clearTimeout(timer);
    timer = null;
    useWork.setState({ progress: null, cancelAsked: false });
  };
}

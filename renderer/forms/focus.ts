/** Moves the focus once React has drawn the element (a form just closed, a row just added or deleted). */
export const focusSoon = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());

/**
 * Moves the focus to the first element matching `selector` when it appears — at once if it is there,
 * or when a read still on its way draws it. After a save the store's own read can be overtaken by
 * the one the change itself set off, whose reply comes a moment later: a focus moved on the next
 * frame would find nothing. It waits at most `withinMs`, and takes the focus only from nowhere, so
 * a user who has moved on meanwhile is not pulled back.
 */
export function focusWhenShown(selector: string, withinMs = 10_000): void {
  const tryFocus = (): boolean => {
    const target = document.querySelector<HTMLElement>(selector);
    if (!target) return false;
    const active = document.activeElement;
    if (active === null || active === document.body) target.focus();
    return true;
  };
  requestAnimationFrame(() => {
    if (tryFocus()) return;
    const observer = new MutationObserver(() => {
      if (!tryFocus()) return;
      observer.disconnect();
      clearTimeout(timer);
    });
    const timer = setTimeout(() => observer.disconnect(), withinMs);
    observer.observe(document.body, { childList: true, subtree: true });
  });
}

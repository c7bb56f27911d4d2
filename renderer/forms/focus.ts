/** Moves the focus once React has drawn the element (a form just closed, a row just added or deleted). */
export const focusSoon = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());

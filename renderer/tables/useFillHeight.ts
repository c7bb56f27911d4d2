import { useLayoutEffect, useState, type RefObject } from 'react';

/**
 * A height that takes an element from where it sits on the page down to the
 * bottom of the window, as Excel's grid fills the window below its ribbon: on
 * a 1366×768 laptop the grid gets every row the screen has, and the page
 * itself need not scroll to reach them. `below` keeps room for a line of text
 * under the element; `min` keeps it usable on a very short window, where the
 * page scrolls instead.
 */
export function useFillHeight(ref: RefObject<HTMLElement | null>, below = 16, min = 240): number | null {
  const [height, setHeight] = useState<number | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const top = el.getBoundingClientRect().top + window.scrollY;
      const next = Math.max(min, Math.floor(window.innerHeight - top - below));
      setHeight((old) => (old === next ? old : next));
    };
    measure();
    // Whatever opens or closes above the element (a form, a notice) moves it.
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, [ref, below, min]);
  return height;
}

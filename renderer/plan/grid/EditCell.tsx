import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

interface Props {
  id: string;
  label: string;
  initial: string;
  /** Replace the text rather than add to it (editing started by typing a character). */
  selectAll: boolean;
  list?: string;
  invalid: boolean;
  describedBy?: string;
  numeric: boolean;
  /** Returns false when the text is refused and editing goes on. */
  onCommit: (text: string, move: 'down' | 'right' | 'left' | 'none') => boolean;
  onCancel: () => void;
}

/**
 * The cell being edited. Its text lives here, not in the grid, so that a
 * keystroke repaints one input and never the 2,000 lines around it.
 */
export function EditCell({
  id,
  label,
  initial,
  selectAll,
  list,
  invalid,
  describedBy,
  numeric,
  onCommit,
  onCancel,
}: Props) {
  const [text, setText] = useState(initial);
  const ref = useRef<HTMLInputElement>(null);
  // Enter, Tab and Escape end the edit; the blur that follows must not end it again.
  const done = useRef(false);
  const finish = (fn: () => boolean | void) => {
    if (done.current) return;
    done.current = true;
    if (fn() === false) done.current = false; // refused (a bad value): keep editing
  };
  useEffect(() => {
    const input = ref.current!;
    input.focus();
    if (selectAll) input.select();
    else input.setSelectionRange(input.value.length, input.value.length);
  }, [selectAll]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    e.stopPropagation();
    if (e.key === 'Enter') {
      e.preventDefault();
      finish(() => onCommit(text, e.shiftKey ? 'none' : 'down'));
    } else if (e.key === 'Tab') {
      e.preventDefault();
      finish(() => onCommit(text, e.shiftKey ? 'left' : 'right'));
    } else if (e.key === 'Escape') {
      e.preventDefault();
      finish(onCancel);
    }
  };

  return (
    <input
      ref={ref}
      id={id}
      className={`cell-input${numeric ? ' num' : ''}`}
      aria-label={label}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      value={text}
      list={list}
      autoComplete="off"
      spellCheck={false}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={onKeyDown}
      onBlur={() => finish(() => onCommit(text, 'none'))}
    />
  );
}

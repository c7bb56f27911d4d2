import { Component, Suspense, useEffect, type ReactNode } from 'react';

/** Tells the app that the screen is there: its code has loaded and it has rendered. */
function Shown({ onShown }: { onShown: () => void }) {
  useEffect(() => onShown(), [onShown]);
  return null;
}

/**
 * A screen that could not be shown — its code did not load (in browser mode, the app rebuilt under an
 * open tab, say) or it failed as it rendered: say so in its place, and how to get back, rather than
 * leave the whole window blank.
 */
class CouldNotOpen extends Component<{ children: ReactNode }, { problem: string | null }> {
  override state = { problem: null as string | null };

  static getDerivedStateFromError(err: unknown) {
    return { problem: err instanceof Error ? err.message : String(err) };
  }

  override render() {
    if (this.state.problem === null) return this.props.children;
    return (
      <div role="alert" className="error-banner">
        <p>
          This screen could not be opened ({this.state.problem}). Reload the window (F5) to load the app again: nothing
          has been changed.
        </p>
      </div>
    );
  }
}

/** A screen that loads when first opened: a line saying so meanwhile, then `onShown` once it is there. */
export function Later({ children, onShown }: { children: ReactNode; onShown: () => void }) {
  return (
    <CouldNotOpen>
      <Suspense fallback={<p role="status">Opening…</p>}>
        {children}
        <Shown onShown={onShown} />
      </Suspense>
    </CouldNotOpen>
  );
}

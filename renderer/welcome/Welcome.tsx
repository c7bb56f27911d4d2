import { useState, type FormEvent } from 'react';
import { call } from '../api/client';
import { useAction } from '../data/useAction';
import { useApp } from '../app/store';

/** First run: set up an area, or look around with a real published plan. */
export function Welcome() {
  const refresh = useApp((s) => s.refresh);
  const [name, setName] = useState('');
  const { busy, error, setError, run: save } = useAction();

  const run = (action: () => Promise<unknown>) =>
    save(async () => {
      await action();
      window.location.hash = '#/plan';
      await refresh();
    });

  const create = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim() === '') {
      setError('Enter the name of your Health and Wellbeing Board.');
      return;
    }
    void run(() => call('area.create', { name }));
  };

  return (
    <section aria-labelledby="welcome-title" className="welcome">
      <h1 id="welcome-title" tabIndex={-1}>
        Welcome to BCF Returns
      </h1>
      <p>
        Prepare your area's Better Care Fund plan and quarterly returns here, check them, and export them for NHS
        England.
      </p>
      {error && (
        <p role="alert" className="error-banner">
          {error}
        </p>
      )}
      <div className="welcome-options">
        <form onSubmit={create} noValidate aria-labelledby="setup-title" className="panel">
          <h2 id="setup-title">Set up your area</h2>
          <label htmlFor="area-name">Health and Wellbeing Board</label>
          <p id="area-hint" className="hint">
            For example, Bath and North East Somerset
          </p>
          <input
            id="area-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-describedby="area-hint"
            autoComplete="off"
          />
          <button type="submit" disabled={busy}>
            Create area
          </button>
        </form>
        <div className="panel">
          <h2>Look around first</h2>
          <p>
            Load the Bath and North East Somerset 2019/20 plan exactly as it was published (51 scheme lines,
            £71,342,161), errors included.
          </p>
          <button type="button" disabled={busy} onClick={() => void run(() => call('sample.load', {}))}>
            Load the published 2019/20 plan
          </button>
        </div>
        <div className="panel">
          <h2>Reviewing figures for a BCF manager?</h2>
          <p>
            Open the review package they sent you, read the figures and write your response, without setting up an area:{' '}
            <a href="#/review">Open a review package</a>.
          </p>
        </div>
        <div className="panel">
          <h2>Consolidating an ICB's areas?</h2>
          <p>
            Read several areas' review packages into one consolidation, apart from any area's data:{' '}
            <a href="#/consolidation">Open the ICB consolidation</a>.
          </p>
        </div>
      </div>
    </section>
  );
}

import { useRef, useState, type RefObject } from 'react';
import type { StoredProfileView } from '../../shared/api';
import { PERIOD_LABELS } from '../../shared/returns/period';
import { call } from '../api/client';
import { useAction } from '../data/useAction';
import { FailureView } from './Feedback';
import { useWorkbooks, type Failure } from './store';
import { ColumnHeads, ScrollRegion } from '../tables/ColumnHeads';

/**
 * The workbook profiles: the ones shipped and the ones brought with a
 * template year; each shown in full. New ones come with a template year
 * brought from NHS England's workbook (the Template years screen).
 */
export function ProfilesSection() {
  const { profiles, loadError, loadProfiles } = useWorkbooks();
  const [shown, setShown] = useState<StoredProfileView | null>(null);
  const action = useAction();
  const problem = action.error ?? loadError;
  const failure: Failure | null = problem ? { message: problem, details: [] } : null;
  const detailRef = useRef<HTMLHeadingElement>(null);

  const show = (id: string) =>
    action.run(async () => {
      setShown(await call('workbook.profile', { id }));
      requestAnimationFrame(() => detailRef.current?.focus());
    });
  const remove = (id: string) =>
    action.run(async () => {
      await call('workbook.deleteProfile', { id });
      setShown(null);
      await loadProfiles();
    });

  return (
    <section aria-labelledby="profiles-title" className="profiles">
      <h2 id="profiles-title">Workbook profiles</h2>
      <p className="hint">
        What each of NHS England's workbooks looks like: its sheets, cover cells, tables (found by their header text)
        and input columns. Each belongs to a template year; bring a year's workbook on the{' '}
        <a href="#/templates">Template years</a> screen to add its profile.
      </p>
      <ScrollRegion labelledBy="profiles-caption">
        <table>
          <caption id="profiles-caption">Profiles ({profiles.length})</caption>
          <ColumnHeads columns={['Profile', 'For', 'Years', 'Sheets with tables', 'From']} actions />
          <tbody>
            {profiles.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  {p.label}
                  <br />
                  <span className="hint">{p.id}</span>
                </th>
                <td>{p.kind === 'plan' ? 'Plans' : 'Returns'}</td>
                <td>{p.years.join(' and ')}</td>
                <td>{p.tables.map((t) => `${t.sheet} (${t.inputs} input columns)`).join('; ')}</td>
                <td>
                  {p.origin === 'shipped'
                    ? 'Shipped with the app'
                    : `Saved${p.derivedFrom ? ` from ${p.derivedFrom}` : ''}`}
                </td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Show ${p.label}`}
                    onClick={() => void show(p.id)}
                  >
                    Show
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {failure && <FailureView failure={failure} what="The profile" />}
      {shown && (
        <ProfileDetail
          view={shown}
          headingRef={detailRef}
          onClose={() => setShown(null)}
          onDelete={() => void remove(shown.profile.id)}
        />
      )}
    </section>
  );
}

function ProfileDetail({
  view,
  headingRef,
  onClose,
  onDelete,
}: {
  view: StoredProfileView;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onClose: () => void;
  onDelete: () => void;
}) {
  const p = view.profile;
  return (
    <section className="panel" aria-labelledby="profile-detail-title">
      <h3 id="profile-detail-title" tabIndex={-1} ref={headingRef}>
        {p.label}
      </h3>
      <p>
        {p.kind === 'plan' ? 'Planning' : 'Reporting'} workbook of the {p.template} template year,{' '}
        {p.years.join(' and ')}
        {p.periods ? ` (${p.periods.map((x) => PERIOD_LABELS[x]).join(', ')})` : ''}. Sheets: {p.sheets.join(', ')}.
      </p>
      <p className="hint">{p.provenance}</p>
      <p>
        Cover ({p.cover.sheet}):{' '}
        {p.cover.fields.map((f) => `${f.label}${f.role === 'prefilled' ? ' (pre-populated)' : ''}`).join(' · ')}
      </p>
      {p.tables.map((t) => (
        <ScrollRegion key={t.id} labelledBy={`profile-${t.id}`}>
          <table>
            <caption id={`profile-${t.id}`}>
              {t.title}: sheet “{t.sheet}”,{' '}
              {t.mode === 'prefilled' ? 'lines pre-populated by NHS England' : 'one line per row'}
            </caption>
            <ColumnHeads columns={['Header', 'Field', 'Cell', 'Required', 'Drop-down']} />
            <tbody>
              {t.columns.map((c) => (
                <tr key={c.field}>
                  <th scope="row">{c.header}</th>
                  <td>
                    {c.field}
                    {c.key ? ' (identifies the line)' : ''}
                  </td>
                  <td>
                    {c.role === 'input'
                      ? 'Input (yellow)'
                      : c.role === 'prefilled'
                        ? 'Pre-populated (grey)'
                        : 'Not used'}
                  </td>
                  <td>{c.required ? 'Yes' : ''}</td>
                  <td>{c.list ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ))}
      {p.checks.length > 0 && <p>Checks: {p.checks.map((c) => c.label).join(' · ')}</p>}
      <div className="actions">
        {view.origin === 'user' && (
          <button type="button" className="danger" onClick={onDelete}>
            Delete this profile
          </button>
        )}
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
    </section>
  );
}

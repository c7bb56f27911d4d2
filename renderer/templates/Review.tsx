import { useMemo, useRef, useState } from 'react';
import type { TemplateBrought } from '../../shared/api';
import { PERIOD_LABELS } from '../../shared/returns/period';
import {
  choiceKey,
  choiceProblems,
  draftFrom,
  foundChoice,
  withOverrides,
  type BroughtColumn,
  type BroughtTable,
  type ColumnChoice,
  type ColumnChoices,
  type DraftOverrides,
} from '../../shared/templates/draft';
import { EXTRA_KIND_LABELS, EXTRA_KINDS, type ExtraKind } from '../../shared/templates/fields';
import { templateFileProblems, templateFileSchema } from '../../shared/templates/template-file';
import { TABLE_FIELDS } from '../../shared/workbooks/fields';
import { COLUMN_ROLES, type ColumnRole } from '../../shared/workbooks/profile';
import { call, errorMessage } from '../api/client';

const ROLE_LABELS: Record<ColumnRole, string> = {
  input: 'Input (yellow)',
  prefilled: 'Pre-populated (grey)',
  ignored: 'Not used',
};
const NEW = 'new';
/** A long heading ("If yes, please briefly describe…") shortened for a drop-down's option. */
const short = (label: string) => (label.length > 48 ? `${label.slice(0, 46)}…` : label);

/**
 * The review of a brought workbook: every column of every table found, with
 * the values under it, the field it is taken for (a field the app knows, a
 * new field of the year, or not used), whether it is an input and whether it
 * is required; the lists, cover, national conditions and metrics found. The
 * draft is rebuilt from the corrections as they are made (the same function
 * the server used), its problems shown, and saved in one go.
 */
export function Review({
  brought,
  onSaved,
  onCancel,
}: {
  brought: TemplateBrought;
  onSaved: (id: string) => void;
  onCancel: () => void;
}) {
  const [choices, setChoices] = useState<ColumnChoices>({});
  const [overrides, setOverrides] = useState<DraftOverrides>({});
  const [failure, setFailure] = useState<{ message: string; details: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const problemsRef = useRef<HTMLDivElement>(null);

  const draft = useMemo(() => withOverrides(draftFrom(brought, choices), overrides), [brought, choices, overrides]);
  const problems = useMemo(() => {
    const checked = templateFileSchema.safeParse(draft);
    return [...choiceProblems(brought, choices), ...(checked.success ? [] : templateFileProblems(checked.error))];
  }, [brought, choices, draft]);

  const choose = (t: BroughtTable, c: BroughtColumn, change: Partial<ColumnChoice>) => {
    const key = choiceKey(t.id, c.letter);
    setChoices((all) => ({ ...all, [key]: { ...(all[key] ?? foundChoice(c)), ...change } }));
  };

  const save = async () => {
    if (problems.length > 0) {
      requestAnimationFrame(() => problemsRef.current?.focus());
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const saved = await call('template.save', {
        file: draft as unknown as Record<string, unknown>,
        broughtFrom: brought.file,
      });
      onSaved(saved.id);
    } catch (err) {
      setFailure({ message: errorMessage(err), details: (err as { details?: string[] }).details ?? [] });
      requestAnimationFrame(() => problemsRef.current?.focus());
    } finally {
      setBusy(false);
    }
  };

  const what = brought.kind === 'plan' ? 'planning' : `${PERIOD_LABELS[brought.period!]} reporting`;
  const own = brought.base.templateYear.fields.filter((f) => f.on === (brought.kind === 'plan' ? 'plan' : 'return'));
  return (
    <section className="panel review" aria-labelledby="review-title">
      <h3 id="review-title" tabIndex={-1}>
        Review: {brought.file}, the {what} workbook of {brought.templateId}
      </h3>
      <p>
        Sheets:{' '}
        {brought.sheets
          .filter((s) => s.state === 'visible')
          .map((s) => s.name)
          .join(', ')}
        .
        {brought.replaces
          ? ` Saving it replaces ${brought.replaces.origin === 'shipped' ? 'the shipped' : 'your'} ${brought.templateId} (${brought.replaces.confidence}), as reviewed here.`
          : ` ${brought.templateId} is a new template year.`}
      </p>
      {brought.notes.length > 0 && (
        <ul className="hint">
          {brought.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {brought.tables.map((t) => (
        <div className="table-scroll" key={t.id} role="region" aria-labelledby={`review-${t.id}`} tabIndex={0}>
          <table className="review-table">
            <caption id={`review-${t.id}`}>
              {t.title}: sheet “{t.sheet}”, header on row {t.headerRow}
              {t.checklist ? ', checklist above it' : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Column</th>
                <th scope="col">Header</th>
                <th scope="col">Values in the workbook</th>
                <th scope="col">Taken for</th>
                <th scope="col">Cells</th>
                <th scope="col">Required</th>
                <th scope="col">Drop-down</th>
              </tr>
            </thead>
            <tbody>
              {t.columns.map((c) => {
                const key = choiceKey(t.id, c.letter);
                const ch = choices[key] ?? foundChoice(c);
                const id = `review-${t.id}-${c.letter}`;
                const lineTable = t.id === 'expenditure' || t.id === 'spendActivity';
                return (
                  <tr key={key}>
                    <td>{c.letter}</td>
                    <th scope="row">
                      {c.header}
                      {c.matchedBy === 'similar' && ch.field === c.field && (
                        <span className="cell-hint">by similar words: check</span>
                      )}
                    </th>
                    <td className="samples">{c.samples.length > 0 ? c.samples.join(' · ') : '(blank)'}</td>
                    <td>
                      <select
                        id={`${id}-field`}
                        aria-label={`Field for column ${c.letter}, “${c.header}”`}
                        value={ch.field ?? ''}
                        onChange={(e) => choose(t, c, { field: e.target.value || null })}
                      >
                        <option value="">(not used)</option>
                        {TABLE_FIELDS[t.id].map((f) => (
                          <option key={f.field} value={f.field}>
                            {short(f.label)}
                          </option>
                        ))}
                        {lineTable &&
                          own.map((f) => (
                            <option key={f.key} value={f.key}>
                              {short(f.label)} (the year's own)
                            </option>
                          ))}
                        {lineTable && <option value={NEW}>New field of the year…</option>}
                      </select>
                      {ch.field === NEW && (
                        <div className="new-field">
                          <label htmlFor={`${id}-label`}>Name</label>
                          <input
                            id={`${id}-label`}
                            value={ch.label ?? c.header}
                            onChange={(e) => choose(t, c, { label: e.target.value })}
                          />
                          <label htmlFor={`${id}-kind`}>Holds</label>
                          <select
                            id={`${id}-kind`}
                            value={ch.kind ?? c.extraKind}
                            onChange={(e) => choose(t, c, { kind: e.target.value as ExtraKind })}
                          >
                            {EXTRA_KINDS.map((k) => (
                              <option key={k} value={k}>
                                {EXTRA_KIND_LABELS[k]}
                              </option>
                            ))}
                          </select>
                        </div>
                      )}
                    </td>
                    <td>
                      <select
                        aria-label={`Cells of column ${c.letter}`}
                        value={ch.role}
                        onChange={(e) => choose(t, c, { role: e.target.value as ColumnRole })}
                      >
                        {COLUMN_ROLES.map((r) => (
                          <option key={r} value={r}>
                            {ROLE_LABELS[r]}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Column ${c.letter} is required`}
                        checked={ch.required}
                        onChange={(e) => choose(t, c, { required: e.target.checked })}
                      />
                    </td>
                    <td>
                      {c.listValues.length > 0
                        ? `${c.listValues.length}: ${c.listValues.slice(0, 4).join(' | ')}${c.listValues.length > 4 ? ' | …' : ''}`
                        : ''}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ))}
      {brought.lists
        .filter((l) => l.name !== 'schemeTypes')
        .map((l) => (
          <div className="field wide" key={l.name}>
            <label htmlFor={`review-list-${l.name}`}>
              {l.label}, one per line (from {l.from})
            </label>
            <textarea
              id={`review-list-${l.name}`}
              rows={Math.min(8, l.values.length + 1)}
              defaultValue={l.values.join('\n')}
              onBlur={(e) =>
                setOverrides((o) => ({ ...o, lists: { ...o.lists, [l.name]: e.target.value.split('\n') } }))
              }
            />
          </div>
        ))}
      {brought.lists.some((l) => l.name === 'schemeTypes') && (
        <p>
          Scheme types found: {brought.lists.find((l) => l.name === 'schemeTypes')!.values.join(' · ')} (their sub types
          can be changed under Plan › Reference lists once saved).
        </p>
      )}
      {brought.cover.length > 0 && (
        <p>
          Cover:{' '}
          {brought.cover
            .map(
              (c) =>
                `${c.label} → ${c.cell}${c.role === 'prefilled' ? ` (pre-populated${c.value ? `: ${c.value}` : ''})` : ''}`,
            )
            .join(' · ')}
        </p>
      )}
      {brought.conditions.length > 0 && (
        <div className="field wide">
          <label htmlFor="review-conditions">National conditions, one per line</label>
          <textarea
            id="review-conditions"
            rows={brought.conditions.length + 1}
            defaultValue={brought.conditions.map((c) => c.text).join('\n')}
            onBlur={(e) => setOverrides((o) => ({ ...o, conditions: e.target.value.split('\n') }))}
          />
        </div>
      )}
      {brought.metrics.length > 0 && (
        <div className="field wide">
          <label htmlFor="review-metrics">Metrics, one per line</label>
          <textarea
            id="review-metrics"
            rows={brought.metrics.length + 1}
            defaultValue={brought.metrics.join('\n')}
            onBlur={(e) => setOverrides((o) => ({ ...o, metrics: e.target.value.split('\n') }))}
          />
        </div>
      )}
      <div tabIndex={-1} ref={problemsRef}>
        {(problems.length > 0 || failure) && (
          <div className="error-summary" role="alert">
            <h4>{failure ? `${failure.message}` : `To correct before saving (${problems.length})`}</h4>
            <ul>
              {(failure ? (failure.details.length ? failure.details : []) : problems).slice(0, 30).map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        )}
      </div>
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void save()}>
          Save the {brought.templateId} template year
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}

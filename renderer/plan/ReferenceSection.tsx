import { useState, type FormEvent } from 'react';
import type { TemplateSummary } from '../../shared/api';
import {
  LIST_LABELS,
  LIST_NAMES,
  listValues,
  type ListName,
  type ReferenceSet,
} from '../../shared/reference/reference-set';
import { call, errorMessage } from '../api/client';
import { fileToBase64 } from '../files/files';
import { useLoaded } from '../data/useLoaded';

/**
 * The drop-down lists of each template year: view them, add a value, import
 * NHS England's new list, or go back to the shipped one. Lines are never
 * changed by a list change; values no longer listed are flagged in the checks.
 */
export function ReferenceSection({ template: initial, onChanged }: { template: string; onChanged: () => void }) {
  const [template, setTemplate] = useState(initial);
  const [list, setList] = useState<ListName>('schemeTypes');
  const [value, setValue] = useState('');
  const [parent, setParent] = useState('');
  const [said, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const loaded = useLoaded(
    () => Promise.all([call('reference.list', {}), call('reference.get', { template })]),
    [template],
  );
  const templates: TemplateSummary[] = loaded.data?.[0] ?? [];
  const set: ReferenceSet | null = loaded.data?.[1] ?? null;
  const message = said ?? (loaded.error ? { kind: 'error' as const, text: loaded.error } : null);

  const done = async (text: string, action: () => Promise<unknown>) => {
    try {
      await action();
      loaded.reload();
      onChanged();
      setMessage({ kind: 'ok', text });
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };

  const add = (e: FormEvent) => {
    e.preventDefault();
    if (value.trim() === '') return setMessage({ kind: 'error', text: 'Type the value to add.' });
    void done(`Added "${value.trim()}".`, () =>
      call('reference.addValue', {
        template,
        list,
        value,
        ...(list === 'schemeTypes' && parent ? { schemeType: parent } : {}),
      }),
    ).then(() => setValue(''));
  };

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    const contentBase64 = await fileToBase64(file);
    await done(`Imported ${file.name}.`, async () => {
      const out = await call('reference.importList', { template, list, fileName: file.name, contentBase64 });
      setMessage({
        kind: 'ok',
        text: `${out.count} values; ${out.added.length} added, ${out.removed.length} no longer listed.`,
      });
    });
  };

  const origin = templates.find((t) => t.template === template)?.origins[list];
  return (
    <section aria-labelledby="reference-title">
      <h2 id="reference-title">Reference lists</h2>
      <div className="inline-form">
        <label htmlFor="ref-template">Template year</label>
        <select id="ref-template" value={template} onChange={(e) => setTemplate(e.target.value)}>
          {templates.map((t) => (
            <option key={t.template} value={t.template}>
              {t.template}
            </option>
          ))}
        </select>
        <label htmlFor="ref-list">List</label>
        <select id="ref-list" value={list} onChange={(e) => setList(e.target.value as ListName)}>
          {LIST_NAMES.map((l) => (
            <option key={l} value={l}>
              {LIST_LABELS[l]}
            </option>
          ))}
        </select>
      </div>
      {set && (
        <p className="hint">
          {set.label}. {set.provenance}
          {origin ? ` This list was ${origin === 'user' ? 'added to by hand' : 'imported'}.` : ''}
        </p>
      )}
      <p role="status" className={message?.kind === 'error' ? 'field-error' : 'save-status saved'}>
        {message?.text ?? ''}
      </p>
      {set && (
        <div className="table-scroll reference-values" role="region" aria-labelledby="ref-caption" tabIndex={0}>
          <table>
            <caption id="ref-caption">
              {LIST_LABELS[list]} for {set.template} ({listValues(set, list).length})
            </caption>
            <thead>
              <tr>
                <th scope="col">Value</th>
                {list === 'schemeTypes' && (
                  <>
                    <th scope="col">Sub Types</th>
                    <th scope="col">Output unit</th>
                  </>
                )}
              </tr>
            </thead>
            <tbody>
              {list === 'schemeTypes'
                ? set.lists.schemeTypes.map((t) => (
                    <tr key={t.value}>
                      <th scope="row">{t.value}</th>
                      <td>{t.subTypes.join('; ')}</td>
                      <td>{t.outputUnit ?? ''}</td>
                    </tr>
                  ))
                : listValues(set, list).map((v) => (
                    <tr key={v}>
                      <th scope="row">{v}</th>
                    </tr>
                  ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="inline-form" onSubmit={add} noValidate>
        <label htmlFor="ref-value">Add a value</label>
        <input id="ref-value" value={value} onChange={(e) => setValue(e.target.value)} />
        {list === 'schemeTypes' && set && (
          <>
            <label htmlFor="ref-parent">as a sub type of</label>
            <select id="ref-parent" value={parent} onChange={(e) => setParent(e.target.value)}>
              <option value="">(a new scheme type)</option>
              {set.lists.schemeTypes.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.value}
                </option>
              ))}
            </select>
          </>
        )}
        <button type="submit" className="secondary">
          Add
        </button>
      </form>
      <div className="inline-form">
        <label htmlFor="ref-import">Replace this list from a file</label>
        <input
          id="ref-import"
          type="file"
          accept=".tsv,.csv,.txt,.xlsx"
          onChange={(e) => void importFile(e.target.files?.[0])}
        />
        {origin && (
          <button
            type="button"
            className="secondary"
            onClick={() =>
              void done('Back to the shipped list.', () => call('reference.resetList', { template, list }))
            }
          >
            Back to the shipped list
          </button>
        )}
      </div>
    </section>
  );
}

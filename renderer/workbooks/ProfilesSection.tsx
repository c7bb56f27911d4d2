import { useRef, useState, type RefObject } from 'react';
import type { DerivedProfile, StoredProfileView } from '../../shared/api';
import { TABLE_FIELDS, TABLE_KINDS, type TableKind } from '../../shared/workbooks/fields';
import { COLUMN_ROLES, type ColumnRole, type Profile, type ProfileColumn } from '../../shared/workbooks/profile';
import { call } from '../api/client';
import { fileToBase64 } from '../files/files';
import { FailureView } from './Feedback';
import { useWorkbooks, type Failure } from './store';

/**
 * Template profiles: the ones shipped and the ones saved; each shown in full;
 * a new one derived from an official workbook, its mapping corrected here,
 * and saved under a name.
 */
export function ProfilesSection() {
  const { profiles, loadProfiles } = useWorkbooks();
  const [shown, setShown] = useState<StoredProfileView | null>(null);
  const [deriving, setDeriving] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const detailRef = useRef<HTMLHeadingElement>(null);

  const show = async (id: string) => {
    setFailure(null);
    try {
      setShown(await call('workbook.profile', { id }));
      requestAnimationFrame(() => detailRef.current?.focus());
    } catch (err) {
      setFailure({ message: (err as Error).message, details: [] });
    }
  };
  const remove = async (id: string) => {
    try {
      await call('workbook.deleteProfile', { id });
      setShown(null);
      await loadProfiles();
    } catch (err) {
      setFailure({ message: (err as Error).message, details: [] });
    }
  };

  return (
    <section aria-labelledby="profiles-title" className="profiles">
      <h2 id="profiles-title">Template profiles</h2>
      <p className="hint">What each version of NHS England's workbook looks like: its sheets, cover cells, tables (found by their header text) and input columns. The shipped ones are the best knowledge to hand; derive one from the official workbook when you have it.</p>
      <div className="table-scroll" role="region" aria-labelledby="profiles-caption" tabIndex={0}>
        <table>
          <caption id="profiles-caption">Profiles ({profiles.length})</caption>
          <thead><tr><th scope="col">Profile</th><th scope="col">For</th><th scope="col">Years</th><th scope="col">Sheets with tables</th><th scope="col">From</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {profiles.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.label}<br /><span className="hint">{p.id}</span></th>
                <td>{p.kind === 'plan' ? 'Plans' : 'Quarterly returns'}</td>
                <td>{p.years.join(' and ')}</td>
                <td>{p.tables.map((t) => `${t.sheet} (${t.inputs} input columns)`).join('; ')}</td>
                <td>{p.origin === 'shipped' ? 'Shipped with the app' : `Saved${p.derivedFrom ? ` from ${p.derivedFrom}` : ''}`}</td>
                <td className="row-actions"><button type="button" className="secondary" aria-label={`Show ${p.label}`} onClick={() => void show(p.id)}>Show</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => { setDeriving(true); setShown(null); }}>Derive a profile from an official workbook…</button>
      </div>
      {failure && <FailureView failure={failure} what="The profile" />}
      {shown && <ProfileDetail view={shown} headingRef={detailRef} onClose={() => setShown(null)} onDelete={() => void remove(shown.profile.id)} />}
      {deriving && <DeriveEditor onClose={() => setDeriving(false)} onSaved={async (id) => { setDeriving(false); await loadProfiles(); await show(id); }} />}
    </section>
  );
}

function ProfileDetail({ view, headingRef, onClose, onDelete }: { view: StoredProfileView; headingRef: RefObject<HTMLHeadingElement | null>; onClose: () => void; onDelete: () => void }) {
  const p = view.profile;
  return (
    <section className="panel" aria-labelledby="profile-detail-title">
      <h3 id="profile-detail-title" tabIndex={-1} ref={headingRef}>{p.label}</h3>
      <p>{p.kind === 'plan' ? 'Plan' : 'Quarterly return'} workbook, template {p.template}, {p.years.join(' and ')}. Sheets: {p.sheets.join(', ')}.</p>
      <p className="hint">{p.provenance}</p>
      <p>Cover ({p.cover.sheet}): {p.cover.fields.map((f) => `${f.label}${f.role === 'prefilled' ? ' (pre-populated)' : ''}`).join(' · ')}</p>
      {p.tables.map((t) => (
        <div className="table-scroll" key={t.id} role="region" aria-labelledby={`profile-${t.id}`} tabIndex={0}>
          <table>
            <caption id={`profile-${t.id}`}>{t.title}: sheet “{t.sheet}”, {t.mode === 'prefilled' ? 'lines pre-populated by NHS England' : 'one line per row'}</caption>
            <thead><tr><th scope="col">Header</th><th scope="col">Field</th><th scope="col">Cell</th><th scope="col">Required</th><th scope="col">Drop-down</th></tr></thead>
            <tbody>
              {t.columns.map((c) => (
                <tr key={c.field}>
                  <th scope="row">{c.header}</th>
                  <td>{c.field}{c.key ? ' (identifies the line)' : ''}</td>
                  <td>{c.role === 'input' ? 'Input (yellow)' : c.role === 'prefilled' ? 'Pre-populated (grey)' : 'Not used'}</td>
                  <td>{c.required ? 'Yes' : ''}</td>
                  <td>{c.list ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      {p.checks.length > 0 && <p>Checks: {p.checks.map((c) => c.label).join(' · ')}</p>}
      <div className="actions">
        {view.origin === 'user' && <button type="button" className="danger" onClick={onDelete}>Delete this profile</button>}
        <button type="button" className="secondary" onClick={onClose}>Close</button>
      </div>
    </section>
  );
}

interface ColumnEdit {
  field: string | null;
  role: string;
  required: boolean;
}

/** The draft profile with the user's corrections to the column mapping. */
export function correctedProfile(d: DerivedProfile, edits: Record<string, ColumnEdit>, id: string, label: string): Profile {
  const tables = d.profile.tables.map((base) => {
    const found = d.tables.find((t) => t.id === base.id);
    if (!found) return base;
    const kind = (TABLE_KINDS as readonly string[]).includes(base.id) ? (base.id as TableKind) : 'expenditure';
    const columns: ProfileColumn[] = found.columns.flatMap((c) => {
      const e = edits[`${base.id}:${c.letter}`] ?? { field: c.field, role: c.role, required: c.required };
      const info = TABLE_FIELDS[kind].find((f) => f.field === e.field);
      if (!e.field || !info) return [];
      const key = e.field === 'schemeId' || (base.id === 'income' && e.field === 'sourceOfFunding') || (base.mode === 'prefilled' && e.field === 'schemeName');
      const role = e.role as ColumnRole;
      return [{ field: e.field, header: c.header, kind: info.kind, role, ...(key ? { key: true } : {}), ...(e.required && role !== 'ignored' ? { required: true } : {}), ...(info.list && role === 'input' ? { list: info.list } : {}) }];
    });
    return { ...base, columns };
  });
  return { ...d.profile, id, label, tables };
}

function DeriveEditor({ onClose, onSaved }: { onClose: () => void; onSaved: (id: string) => Promise<void> }) {
  const run = useWorkbooks((s) => s.run);
  const [derived, setDerived] = useState<DerivedProfile | null>(null);
  const [edits, setEdits] = useState<Record<string, ColumnEdit>>({});
  const [id, setId] = useState('');
  const [label, setLabel] = useState('');
  const [failure, setFailure] = useState<Failure | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  const derive = async (file: File | undefined) => {
    if (!file) return;
    setDerived(null);
    setFailure(null);
    const result = await run('Reading the workbook', ['reading the file', 'finding its tables and lists'], async (next) => {
      const contentBase64 = await fileToBase64(file);
      next();
      return call('workbook.deriveProfile', { fileName: file.name, contentBase64 });
    });
    if ('value' in result) {
      setDerived(result.value);
      setEdits({});
      setId(result.value.profile.id);
      setLabel(result.value.profile.label);
    } else setFailure(result.failure);
    requestAnimationFrame(() => resultRef.current?.focus());
  };

  const save = async () => {
    if (!derived) return;
    setFailure(null);
    try {
      const saved = await call('workbook.saveProfile', { profile: correctedProfile(derived, edits, id.trim(), label.trim()) as unknown as Record<string, unknown>, derivedFrom: derived.file });
      await onSaved(saved.id);
    } catch (err) {
      setFailure({ message: (err as Error).message, details: (err as { details?: string[] }).details ?? [] });
      requestAnimationFrame(() => resultRef.current?.focus());
    }
  };

  const edit = (key: string, base: ColumnEdit, change: Partial<ColumnEdit>) => setEdits({ ...edits, [key]: { ...(edits[key] ?? base), ...change } });
  return (
    <section className="panel" aria-labelledby="derive-title">
      <h3 id="derive-title">Derive a profile from an official workbook</h3>
      <p className="hint" id="derive-hint">The app reads the workbook's sheets, finds each table by its headers, and works out which columns are inputs (unlocked cells), which are required (a checker above the column) and which drop-down list feeds each. Check the mapping, correct it, name the profile and save it. Nothing is saved until you do.</p>
      <label htmlFor="derive-file">Official workbook (.xlsx)</label>
      <input id="derive-file" type="file" accept=".xlsx" aria-describedby="derive-hint" onChange={(e) => void derive(e.target.files?.[0])} />
      <div tabIndex={-1} ref={resultRef}>
        {failure && <FailureView failure={failure} what="The profile was not saved" />}
        {derived && (
          <>
            <p>{derived.file}: a {derived.profile.kind} workbook for {derived.profile.years.join(' and ')} (template {derived.profile.template}); sheets {derived.sheets.map((s) => s.name).join(', ')}.</p>
            {derived.notes.map((n) => <p key={n} className="hint">{n}</p>)}
            {derived.tables.map((t) => {
              const kind = (TABLE_KINDS as readonly string[]).includes(t.id) ? (t.id as TableKind) : 'expenditure';
              return (
                <div className="table-scroll" key={t.id} role="region" aria-labelledby={`derive-${t.id}`} tabIndex={0}>
                  <table>
                    <caption id={`derive-${t.id}`}>{t.id}: sheet “{t.sheet}”, header on row {t.headerRow}</caption>
                    <thead><tr><th scope="col">Column</th><th scope="col">Header</th><th scope="col">Field</th><th scope="col">Cells</th><th scope="col">Required</th><th scope="col">Drop-down found</th></tr></thead>
                    <tbody>
                      {t.columns.map((c) => {
                        const key = `${t.id}:${c.letter}`;
                        const base = { field: c.field, role: c.role, required: c.required };
                        const e = edits[key] ?? base;
                        return (
                          <tr key={key}>
                            <td>{c.letter}</td>
                            <th scope="row">{c.header}</th>
                            <td>
                              <select aria-label={`Field for column ${c.letter}, “${c.header}”`} value={e.field ?? ''} onChange={(ev) => edit(key, base, { field: ev.target.value || null })}>
                                <option value="">(not mapped)</option>
                                {TABLE_FIELDS[kind].map((f) => <option key={f.field} value={f.field}>{f.label}</option>)}
                              </select>
                            </td>
                            <td>
                              <select aria-label={`Cells of column ${c.letter}`} value={e.role} onChange={(ev) => edit(key, base, { role: ev.target.value })}>
                                {COLUMN_ROLES.map((r) => <option key={r} value={r}>{r === 'input' ? 'Input' : r === 'prefilled' ? 'Pre-populated' : 'Not used'}</option>)}
                              </select>
                            </td>
                            <td><input type="checkbox" aria-label={`Column ${c.letter} is required`} checked={e.required} onChange={(ev) => edit(key, base, { required: ev.target.checked })} /></td>
                            <td>{c.listValues.length > 0 ? `${c.listValues.length}: ${c.listValues.slice(0, 3).join(' | ')}${c.listValues.length > 3 ? ' | …' : ''}` : ''}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              );
            })}
            {derived.cover.length > 0 && <p>Cover: {derived.cover.map((c) => `${c.label} → ${c.cell}${c.role === 'prefilled' ? ` (pre-populated: ${c.value})` : ''}`).join(' · ')}</p>}
            <div className="form-grid">
              <div className="field">
                <label htmlFor="derive-id">Name (lower case, digits and “-”)</label>
                <input id="derive-id" value={id} onChange={(e) => setId(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="derive-label">Description</label>
                <input id="derive-label" value={label} onChange={(e) => setLabel(e.target.value)} />
              </div>
            </div>
            <div className="actions"><button type="button" onClick={() => void save()}>Save profile</button></div>
          </>
        )}
      </div>
      <div className="actions"><button type="button" className="secondary" onClick={onClose}>Close</button></div>
    </section>
  );
}

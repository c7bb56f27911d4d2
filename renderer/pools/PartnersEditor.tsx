import { useState, type FormEvent } from 'react';
import type { PoolDetail } from '../../shared/api';
import { PARTNER_KINDS, type PartnerKind } from '../../shared/pools/model';
import type { PoolPartner } from '../../shared/pools/statement';
import { call } from '../api/client';
import { ProblemBanner } from './Field';
import { FieldFrame } from '../forms/Field';
import { RowActions, useRowEditing, useSaveForm } from './editing';
import { SubmitOrCancel } from '../forms/Field';

/**
 * The pool's partners, renamed or given another kind here (a CCG that
 * became an ICB). The agreed order and the ratio are the risk share's, and
 * are changed there; a partner is added or removed by setting the pool up again.
 */
export function PartnersEditor({ detail }: { detail: PoolDetail }) {
  const { pool } = detail;
  const rows = useRowEditing<PoolPartner>('partner', 'partners-title');
  const editing = rows.editing === 'new' ? null : rows.editing;
  return (
    <section aria-labelledby="partners-title" className="totals-section">
      <h2 id="partners-title" tabIndex={-1}>
        Partners
      </h2>
      <table aria-labelledby="partners-edit-caption">
        <caption id="partners-edit-caption">Partners ({pool.partners.length}), in the agreed order</caption>
        <thead>
          <tr>
            <th scope="col">Partner</th>
            <th scope="col">Kind</th>
            <th scope="col">
              <span className="visually-hidden">Change</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {pool.partners.map((p) => (
            <tr key={p.id}>
              <th scope="row">{p.name}</th>
              <td>{p.kind}</td>
              <RowActions prefix="partner" id={p.id} name={`the partner ${p.name}`} onChange={() => rows.edit(p)} />
            </tr>
          ))}
        </tbody>
      </table>
      {editing && <PartnerForm key={editing.id} poolName={pool.name} partner={editing} onDone={rows.formDone} />}
    </section>
  );
}

const FIELDS: Record<string, string> = { name: 'partner-name', kind: 'partner-kind' };

function PartnerForm({ poolName, partner, onDone }: { poolName: string; partner: PoolPartner; onDone: () => void }) {
  const [name, setName] = useState(partner.name);
  const [kind, setKind] = useState<PartnerKind>(partner.kind);
  const { busy, submit, errorFor, general } = useSaveForm(FIELDS, 'partner-problem');

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit(
      `Saved the partner ${name.trim()} of ${poolName}`,
      () => call('pool.changePartner', { id: partner.id, name, kind }),
      onDone,
    );
  };

  const title = `Change the partner ${partner.name}`;
  return (
    <form
      className="panel editor-form"
      onSubmit={onSubmit}
      noValidate
      aria-label={title}
      onKeyDown={(e) => e.key === 'Escape' && onDone()}
    >
      <h3>{title}</h3>
      {general && <ProblemBanner id="partner-problem" message={general.message} details={general.details} />}
      <div className="form-grid">
        <FieldFrame
          id="partner-name"
          label="Partner name"
          error={errorFor('name')}
          hint="Contributions, budget lines, the host and any cap follow the new name; an agreement already recorded needs to be given again"
        >
          {(aria) => <input {...aria} value={name} autoComplete="off" onChange={(e) => setName(e.target.value)} />}
        </FieldFrame>
        <FieldFrame id="partner-kind" label="Kind" error={errorFor('kind')}>
          {(aria) => (
            <select {...aria} value={kind} onChange={(e) => setKind(e.target.value as PartnerKind)}>
              {PARTNER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          )}
        </FieldFrame>
      </div>
      <SubmitOrCancel label="Save the partner" busy={busy} onCancel={onDone} />
    </form>
  );
}

import { useState, type FormEvent } from 'react';
import type { PoolDetail } from '../../shared/api';
import { formatPence } from '../../shared/money';
import { CONTRIBUTION } from '../../shared/pools/import-published';
import type { PoolContribution } from '../../shared/pools/statement';
import { call } from '../api/client';
import { Confirm } from '../forms/Confirm';
import { moneyInput, ProblemBanner } from './Field';
import { FieldFrame } from '../forms/Field';
import { RowActions, useRowEditing, useSaveForm } from './editing';
import { usePools } from './store';
import { SubmitOrCancel } from '../forms/Field';

const from = (c: PoolContribution) => c.partner ?? 'other income';

/** The pool's contributions: each partner's money (or other income), the BCF line that funds it; added, changed and deleted here. */
export function ContributionsEditor({ detail }: { detail: PoolDetail }) {
  const { act } = usePools();
  const { pool, bcfLines } = detail;
  const rows = useRowEditing<PoolContribution>('contribution', 'add-contribution');
  const { editing, deleting } = rows;

  return (
    <section aria-labelledby="contributions-title" className="totals-section">
      <h2 id="contributions-title">Contributions</h2>
      {pool.contributions.length === 0 ? (
        <p>No contributions yet.</p>
      ) : (
        <table aria-labelledby="contributions-caption">
          <caption id="contributions-caption">
            Contributions ({pool.contributions.length}), and the BCF {pool.year} plan line that funds each
          </caption>
          <thead>
            <tr>
              <th scope="col">Contribution</th>
              <th scope="col">From</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">Funded by a BCF {pool.year} plan line</th>
              <th scope="col">
                <span className="visually-hidden">Change or delete</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {pool.contributions.map((c) => (
              <tr key={c.id}>
                <th scope="row">{c.label}</th>
                <td>{from(c)}</td>
                <td className="num">{formatPence(c.amountPence)}</td>
                <td>
                  <label className="visually-hidden" htmlFor={`link-${c.id}`}>
                    BCF line funding {c.label}
                  </label>
                  <select
                    id={`link-${c.id}`}
                    value={c.schemeLineId ?? ''}
                    disabled={bcfLines.length === 0}
                    onChange={(e) =>
                      void act(
                        e.target.value === '' ? `Unlinked "${c.label}"` : `Linked "${c.label}" to its BCF line`,
                        () =>
                          call('pool.linkContribution', {
                            id: c.id,
                            schemeLineId: e.target.value === '' ? null : Number(e.target.value),
                          }),
                      )
                    }
                  >
                    <option value="">
                      {bcfLines.length === 0 ? `no ${pool.year} BCF plan lines` : 'not funded by a BCF line'}
                    </option>
                    {bcfLines.map((l) => (
                      <option key={l.id} value={l.id}>
                        {l.schemeId} {l.schemeName} ({l.sourceOfFunding}, {formatPence(l.expenditurePence)})
                      </option>
                    ))}
                  </select>
                </td>
                <RowActions
                  prefix="contribution"
                  id={c.id}
                  name={`the contribution ${c.label}`}
                  onChange={() => rows.edit(c)}
                  onDelete={() => rows.askToDelete(c)}
                />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deleting && (
        <Confirm
          key={deleting.id}
          id="contribution-confirm"
          question={`Delete the contribution "${deleting.label}" (${from(deleting)}, ${formatPence(deleting.amountPence)})?`}
          detail="The pool's contributions and budget by partner are worked out again without it."
          confirmLabel="Delete the contribution"
          onConfirm={async () => {
            if (
              await act(`Deleted the contribution "${deleting.label}"`, () =>
                call('pool.deleteContribution', { id: deleting.id }),
              )
            )
              rows.deleted();
          }}
          onCancel={rows.kept}
        />
      )}
      <div className="toolbar">
        <button
          type="button"
          id="add-contribution"
          className="secondary"
          aria-expanded={editing === 'new'}
          onClick={() => rows.edit('new')}
        >
          Add a contribution
        </button>
      </div>
      {editing && (
        <ContributionForm
          key={editing === 'new' ? 'new' : editing.id}
          detail={detail}
          contribution={editing === 'new' ? null : editing}
          onDone={rows.formDone}
        />
      )}
    </section>
  );
}

const FIELDS: Record<string, string> = {
  partner: 'contribution-partner',
  label: 'contribution-label',
  amountPence: 'contribution-amount',
};

function ContributionForm({
  detail,
  contribution,
  onDone,
}: {
  detail: PoolDetail;
  contribution: PoolContribution | null;
  onDone: () => void;
}) {
  const { pool } = detail;
  const [partner, setPartner] = useState(contribution ? (contribution.partner ?? '') : (pool.partners[0]?.name ?? ''));
  const [label, setLabel] = useState(contribution?.label ?? '');
  const [amount, setAmount] = useState(contribution ? formatPence(contribution.amountPence) : '');
  const { busy, save, errorFor, general } = useSaveForm(FIELDS, 'contribution-problem');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const what = contribution ? `Saved the contribution "${label.trim()}"` : `Added the contribution "${label.trim()}"`;
    void save(
      { text: amount, bounds: CONTRIBUTION, field: 'amountPence' },
      what,
      (amountPence) =>
        call('pool.saveContribution', {
          poolId: pool.id,
          ...(contribution ? { id: contribution.id } : {}),
          partner: partner === '' ? null : partner,
          label,
          amountPence,
        }),
      onDone,
    );
  };

  const title = contribution ? `Change the contribution "${contribution.label}"` : `Add a contribution to ${pool.name}`;
  return (
    <form
      className="panel editor-form"
      onSubmit={submit}
      noValidate
      aria-label={title}
      onKeyDown={(e) => e.key === 'Escape' && onDone()}
    >
      <h3>{title}</h3>
      {general && <ProblemBanner id="contribution-problem" message={general.message} details={general.details} />}
      <div className="form-grid">
        <FieldFrame id="contribution-partner" label="From" error={errorFor('partner')}>
          {(aria) => (
            <select {...aria} value={partner} onChange={(e) => setPartner(e.target.value)}>
              {pool.partners.map((p) => (
                <option key={p.id} value={p.name}>
                  {p.name}
                </option>
              ))}
              <option value="">other income (no partner)</option>
            </select>
          )}
        </FieldFrame>
        <FieldFrame
          id="contribution-label"
          label="Label"
          error={errorFor('label')}
          hint="e.g. CCG minimum contribution, or From the BCF"
        >
          {(aria) => <input {...aria} value={label} autoComplete="off" onChange={(e) => setLabel(e.target.value)} />}
        </FieldFrame>
        <FieldFrame
          id="contribution-amount"
          label="Amount £"
          error={errorFor('amountPence')}
          hint="£0 or more, e.g. £970,000 or 1234.56"
        >
          {moneyInput(amount, setAmount)}
        </FieldFrame>
      </div>
      <SubmitOrCancel
        label={contribution ? 'Save the contribution' : 'Add the contribution'}
        busy={busy}
        onCancel={onDone}
      />
    </form>
  );
}

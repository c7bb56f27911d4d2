import { useState } from 'react';
import { formatPence } from '../../shared/money';
import type { PlanLine } from '../../shared/plans/line';

interface Props {
  lines: PlanLine[];
  onEdit: (line: PlanLine) => void;
  onDelete: (line: PlanLine) => Promise<boolean>;
}

const money = (p: number | null) => (p === null ? '' : formatPence(p, { pence: 'auto' }));

/** The plan's scheme lines as the published table prints them, each with Edit and Delete. */
export function LinesTable({ lines, onEdit, onDelete }: Props) {
  const [confirming, setConfirming] = useState<number | null>(null);
  return (
    <div className="table-scroll" role="region" aria-labelledby="lines-caption" tabIndex={0}>
      <table className="lines">
        <caption id="lines-caption">Scheme lines ({lines.length})</caption>
        <thead>
          <tr>
            <th scope="col">Scheme ID</th>
            <th scope="col">Scheme Name</th>
            <th scope="col">Scheme Type</th>
            <th scope="col">Area of Spend</th>
            <th scope="col">Source of Funding</th>
            <th scope="col" className="num">Prior year £</th>
            <th scope="col" className="num">Virement £</th>
            <th scope="col" className="num">Expenditure £</th>
            <th scope="col">New/ Existing</th>
            <th scope="col"><span className="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => {
            const name = `line ${l.schemeId} ${l.schemeName}`;
            return (
              <tr key={l.id} data-line-id={l.id}>
                <td>{l.schemeId}</td>
                <th scope="row" className="scheme-name">{l.schemeName}</th>
                <td>{l.schemeType}</td>
                <td>{l.areaOfSpend}</td>
                <td>{l.sourceOfFunding}</td>
                <td className="num">{money(l.priorYearPence)}</td>
                <td className="num">{money(l.virementPence)}</td>
                <td className="num">{money(l.expenditurePence)}</td>
                <td>{l.newOrExisting}</td>
                <td className="row-actions">
                  {confirming === l.id ? (
                    <>
                      <button type="button" className="danger" aria-label={`Confirm delete ${name}`} onClick={() => void onDelete(l).then(() => setConfirming(null))}>Confirm delete</button>
                      <button type="button" className="secondary" aria-label={`Keep ${name}`} onClick={() => setConfirming(null)}>Keep</button>
                    </>
                  ) : (
                    <>
                      <button type="button" className="secondary" data-edit={l.id} aria-label={`Edit ${name}`} onClick={() => onEdit(l)}>Edit</button>
                      <button type="button" className="secondary" aria-label={`Delete ${name}`} onClick={() => setConfirming(l.id)}>Delete</button>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

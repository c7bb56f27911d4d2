import { useRef, useState } from 'react';
import type { ReturnView } from '../../shared/api';
import { formatPence } from '../../shared/money';
import {
  RETURN_FIELD_SPECS,
  RETURN_SHORT_LABELS,
  returnColumnSpec,
  returnColumnValue,
  type ReturnColumn,
  type ReturnFieldName,
  type ReturnLine,
} from '../../shared/returns/line';
import { extraColumn, type ExtraField } from '../../shared/templates/fields';
import { PERIOD_LABELS } from '../../shared/returns/period';
import type { Finding } from '../../shared/rules/types';
import { call } from '../api/client';
import { CheckerPanel } from '../plan/CheckerPanel';
import { useFillHeight } from '../tables/useFillHeight';
import { CellInput, ChoiceSelect } from './CellInput';
import { FixedColumnsPanel } from './FixedColumnsPanel';
import { ImportActualsPanel } from './ImportActualsPanel';
import { ReturnTotals } from './ReturnTotals';
import { useReturns } from './store';

export const cellId = (lineId: number, field: ReturnColumn) => `ret-${lineId}-${field.replace('.', '-')}`;
const money = (p: number | null) => (p === null ? '' : formatPence(p, { pence: 'auto' }));
const ENTRY: { field: ReturnFieldName; numeric?: boolean; long?: boolean }[] = [
  { field: 'actualPence', numeric: true },
  { field: 'outputsDelivered', numeric: true },
];
const AFTER_ISSUES: { field: ReturnFieldName; numeric?: boolean; long?: boolean }[] = [
  { field: 'issueDescription', long: true },
  { field: 'forecastPence', numeric: true },
  { field: 'note', long: true },
];

type Panel = { kind: 'import' } | { kind: 'fixed'; line: ReturnLine } | null;

/**
 * "Spend and activity": the return's lines as NHS England's sheet lays them
 * out, the fixed columns as text and the entry columns as fields, the checks
 * beside, and the totals the template does not print below. Everything is
 * reachable with Tab; Enter in a figure moves down a line.
 */
export function EntrySection({ view }: { view: ReturnView }) {
  const persist = useReturns((s) => s.persist);
  const setPart = useReturns((s) => s.setPart);
  const [panel, setPanel] = useState<Panel>(null);
  // Like the plan's grid: at most the window's height from where the table starts, so one scroll reaches every line.
  const tableRef = useRef<HTMLDivElement>(null);
  const fillHeight = useFillHeight(tableRef, 8);
  const which = { year: view.year, period: view.period };
  const movement = view.previousPeriod !== null;
  const editable = !view.locked;

  const labelOf = (field: ReturnColumn) => returnColumnSpec(field, view.fields)?.label ?? field;
  const shortLabel = (field: ReturnColumn) =>
    field in RETURN_SHORT_LABELS ? RETURN_SHORT_LABELS[field as ReturnFieldName] : labelOf(field);
  const commit = (line: ReturnLine, field: ReturnColumn, id: string) => async (text: string) => {
    const ok = await persist(`Saved ${shortLabel(field)} for line ${line.position}`, () =>
      call('return.applyEdits', { ...which, edits: [{ lineId: line.id, field, text }] }),
    );
    requestAnimationFrame(() => {
      if (document.activeElement === document.body) document.getElementById(id)?.focus();
    });
    return ok;
  };

  const goTo = (f: Finding) => {
    if (f.lineId === undefined) return;
    const target =
      document.getElementById(cellId(f.lineId, f.field as ReturnColumn)) ??
      document.getElementById(`ret-row-${f.lineId}`);
    target?.focus();
  };

  const lineName = (l: ReturnLine) =>
    `line ${l.position}, scheme ${l.schemeId} ${l.schemeName}${l.sourceOfFunding ? `, ${l.sourceOfFunding}` : ''}`;
  const cell = (l: ReturnLine, i: number, spec: { field: ReturnFieldName; numeric?: boolean; long?: boolean }) => {
    const id = cellId(l.id, spec.field);
    const value = RETURN_FIELD_SPECS[spec.field].format(l[spec.field]);
    if (!editable)
      return (
        <td key={spec.field} className={spec.numeric ? 'num' : undefined}>
          {value}
        </td>
      );
    const next = view.lines[i + 1];
    return (
      <td key={spec.field} className={spec.numeric ? 'num' : undefined}>
        <CellInput
          key={`${id}-${value}`}
          id={id}
          parse={RETURN_FIELD_SPECS[spec.field].parse}
          value={value}
          label={`${RETURN_SHORT_LABELS[spec.field]}, ${lineName(l)}`}
          numeric={spec.numeric}
          long={spec.long}
          nextId={next ? cellId(next.id, spec.field) : undefined}
          onCommit={commit(l, spec.field, id)}
        />
      </td>
    );
  };

  /** A cell of one of the template year's own fields: a drop-down for Yes/No and choices, a field otherwise. */
  const ownCell = (l: ReturnLine, i: number, f: ExtraField) => {
    const column = extraColumn(f.key) as ReturnColumn;
    const id = cellId(l.id, column);
    const spec = returnColumnSpec(column, view.fields)!;
    const value = spec.format(returnColumnValue(l, column));
    const numeric = f.kind === 'money' || f.kind === 'quantity' || f.kind === 'percent';
    if (!editable)
      return (
        <td key={f.key} className={numeric ? 'num' : undefined}>
          {value}
        </td>
      );
    if (f.kind === 'yesNo' || f.kind === 'choice') {
      const options = f.kind === 'yesNo' ? ['Yes', 'No'] : (view.lists[f.list!] ?? []);
      return (
        <td key={f.key}>
          <ChoiceSelect
            id={id}
            label={`${f.label}, ${lineName(l)}`}
            value={value}
            options={options}
            onCommit={commit(l, column, id)}
          />
        </td>
      );
    }
    const next = view.lines[i + 1];
    return (
      <td key={f.key} className={numeric ? 'num' : undefined}>
        <CellInput
          key={`${id}-${value}`}
          id={id}
          parse={spec.parse}
          value={value}
          label={`${f.label}, ${lineName(l)}`}
          numeric={numeric}
          long={f.kind === 'text'}
          nextId={next ? cellId(next.id, column) : undefined}
          onCommit={commit(l, column, id)}
        />
      </td>
    );
  };

  return (
    <section aria-labelledby="entry-title">
      <h2 id="entry-title" className="visually-hidden">
        Spend and activity
      </h2>
      <div className="toolbar" role="toolbar" aria-label="Spend and activity">
        <button type="button" className="secondary" disabled={!editable} onClick={() => setPanel({ kind: 'import' })}>
          Import actuals…
        </button>
        <span className="hint">
          {editable
            ? 'Tab moves between fields; a figure is saved when you leave it. Enter moves down a line; Escape puts the saved value back.'
            : 'The figures are locked: reopen the return (Sign-off) to change them.'}
        </span>
      </div>
      {panel?.kind === 'import' && <ImportActualsPanel view={view} onClose={() => setPanel(null)} />}
      {panel?.kind === 'fixed' && (
        <FixedColumnsPanel
          key={panel.line.id}
          view={view}
          line={view.lines.find((l) => l.id === panel.line.id) ?? panel.line}
          onClose={() => setPanel(null)}
        />
      )}
      <div
        ref={tableRef}
        className="table-scroll return-table"
        role="region"
        aria-labelledby="return-lines-caption"
        tabIndex={0}
        style={fillHeight ? { maxHeight: fillHeight } : undefined}
      >
        <table>
          <caption id="return-lines-caption">
            {view.label}: spend and activity ({view.lines.length} lines)
          </caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                Line
              </th>
              <th scope="col">Scheme ID</th>
              <th scope="col">Scheme Name</th>
              <th scope="col">Scheme Type</th>
              <th scope="col">Source of Funding</th>
              <th scope="col" className="num">
                Planned Expenditure
              </th>
              <th scope="col" className="num">
                Actual Expenditure to date
              </th>
              {movement && (
                <th scope="col" className="num">
                  Since {PERIOD_LABELS[view.previousPeriod!]}
                </th>
              )}
              <th scope="col">Planned outputs</th>
              <th scope="col">Outputs delivered to date (estimate if none)</th>
              <th scope="col">Unit of Measure</th>
              <th scope="col">Implementation issues?</th>
              <th scope="col">If yes, the issues and actions</th>
              <th scope="col" className="num">
                Forecast outturn
              </th>
              <th scope="col">Explanation of variance</th>
              {view.fields.map((f) => (
                <th scope="col" key={f.key}>
                  {f.label}
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">Fixed columns</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {view.lines.map((l, i) => (
              <tr key={l.id} className={l.unlockedReason !== null ? 'unlocked' : undefined}>
                <td className="num" id={`ret-row-${l.id}`} tabIndex={-1}>
                  {l.position}
                </td>
                <td>{l.schemeId}</td>
                <th
                  scope="row"
                  className="scheme-name"
                  title={l.briefDescription ? `${l.schemeName}: ${l.briefDescription}` : l.schemeName}
                >
                  {l.schemeName}
                </th>
                <td title={l.subType ? `${l.schemeType}: ${l.subType}` : l.schemeType}>
                  {l.schemeType}
                  {l.subType && <span className="cell-hint">{l.subType}</span>}
                </td>
                <td title={l.sourceOfFunding}>{l.sourceOfFunding}</td>
                <td className="num">{money(l.plannedPence)}</td>
                {cell(l, i, ENTRY[0]!)}
                {movement && (
                  <td className="num">
                    {l.movementPence === null ? '' : `${l.movementPence > 0 ? '+' : ''}${money(l.movementPence)}`}
                  </td>
                )}
                <td>{l.plannedOutputs ?? ''}</td>
                {cell(l, i, ENTRY[1]!)}
                <td>{l.outputUnit}</td>
                <td>
                  {editable ? (
                    <ChoiceSelect
                      id={cellId(l.id, 'issues')}
                      label={`Implementation issues?, ${lineName(l)}`}
                      value={l.issues}
                      onCommit={commit(l, 'issues', cellId(l.id, 'issues'))}
                    />
                  ) : (
                    l.issues
                  )}
                </td>
                {AFTER_ISSUES.map((spec) => cell(l, i, spec))}
                {view.fields.map((f) => ownCell(l, i, f))}
                <td className="row-actions">
                  {editable && (
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`${l.unlockedReason !== null ? 'Edit the fixed columns of' : 'Unlock the fixed columns of'} ${lineName(l)}`}
                      onClick={() => setPanel({ kind: 'fixed', line: l })}
                    >
                      {l.unlockedReason !== null ? 'Fixed columns…' : 'Unlock…'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="return-below">
        <CheckerPanel report={view.validation} onGo={goTo} onCover={() => setPart('cover')} />
        <ReturnTotals view={view} />
      </div>
    </section>
  );
}

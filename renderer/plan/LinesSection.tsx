import { useCallback, useMemo, useState, type KeyboardEvent } from 'react';
import type { PlanView } from '../../shared/api';
import type { PlanColumn, PlanLine } from '../../shared/plans/line';
import type { ReferenceSet } from '../../shared/reference/reference-set';
import { extraFields, findSchemeType } from '../../shared/reference/reference-set';
import { extraColumn } from '../../shared/templates/fields';
import type { Finding } from '../../shared/rules/types';
import { call } from '../api/client';
import { useAction } from '../data/useAction';
import { CheckerPanel } from './CheckerPanel';
import { download } from '../files/files';
import { PlanGrid, type FocusRequest } from './grid/PlanGrid';
import { filterLines, findingsByCell, GROUP_LABELS, type GroupBy } from './grid/rows';
import { ImportPanel } from './ImportPanel';
import { LineForm } from './LineForm';
import { LineHistory } from './LineHistory';
import { RollForwardPanel } from './RollForwardPanel';
import { usePlan } from './store';

type Panel =
  | { kind: 'add' }
  | { kind: 'edit'; line: PlanLine }
  | { kind: 'history'; line: PlanLine }
  | { kind: 'import' }
  | { kind: 'rollforward' }
  | null;

function datalistsFor(set: ReferenceSet | null, active: PlanLine | null): Partial<Record<PlanColumn, string[]>> {
  if (!set) return {};
  const out: Partial<Record<PlanColumn, string[]>> = {
    schemeType: set.lists.schemeTypes.map((t) => t.value),
    subType: (active && findSchemeType(set, active.schemeType)?.subTypes) ?? [
      ...new Set(set.lists.schemeTypes.flatMap((t) => t.subTypes)),
    ],
    areaOfSpend: set.lists.areasOfSpend,
    sourceOfFunding: set.lists.sourcesOfFunding,
    commissioner: set.lists.commissioners,
    provider: set.lists.providers,
    outputUnit: set.lists.outputUnits,
    newOrExisting: ['New', 'Existing'],
    recurrence: ['Recurrent', 'One-off'],
  };
  // The template year's own drop-downs: Yes/No, or the field's list.
  for (const f of extraFields(set, 'plan')) {
    if (f.kind === 'yesNo') out[extraColumn(f.key) as PlanColumn] = ['Yes', 'No'];
    else if (f.kind === 'choice') out[extraColumn(f.key) as PlanColumn] = set.customLists[f.list!] ?? [];
  }
  return Object.fromEntries(Object.entries(out).filter(([, v]) => (v?.length ?? 0) > 0));
}

/** The plan's lines: toolbar, the grid, and the checklist beside it. */
export function LinesSection({
  view,
  reference,
  onCover,
}: {
  view: PlanView;
  reference: ReferenceSet | null;
  onCover?: () => void;
}) {
  const { applyEdits, createLine, updateLine, deleteLine, undo, redo } = usePlan();
  const blocked = view.notice?.kind === 'none';
  const [panel, setPanel] = useState<Panel>(null);
  const [search, setSearch] = useState('');
  const [groupBy, setGroupBy] = useState<GroupBy>('none');
  const [onlyFindings, setOnlyFindings] = useState(false);
  const [activeLine, setActiveLine] = useState<PlanLine | null>(null);
  const [focusRequest, setFocusRequest] = useState<FocusRequest | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const findings = useMemo(() => findingsByCell(view.validation.findings), [view.validation.findings]);
  const withFindings = useMemo(
    () =>
      onlyFindings
        ? new Set(view.validation.findings.flatMap((f) => (f.lineId === undefined ? [] : [f.lineId])))
        : null,
    [onlyFindings, view.validation.findings],
  );
  const shown = useMemo(
    () => filterLines(view.lines, view.columns, search, withFindings, view.fields),
    [view.lines, view.columns, search, withFindings, view.fields],
  );
  const datalists = useMemo(() => datalistsFor(reference, activeLine), [reference, activeLine]);
  const planLineIds = useMemo(() => new Set(view.lines.map((l) => l.id)), [view.lines]);
  const onActiveLine = useCallback((line: PlanLine | null) => {
    setActiveLine(line);
    setConfirmDelete(false);
  }, []);

  const goTo = (f: Finding) => {
    if (f.lineId === undefined) return;
    if (!shown.some((l) => l.id === f.lineId)) {
      setSearch('');
      setOnlyFindings(false);
    }
    setFocusRequest({ lineId: f.lineId, field: (f.field as PlanColumn) ?? 'schemeName', seq: Date.now() });
  };

  const exporting = useAction();
  const exportError = exporting.error && `The CSV could not be made: ${exporting.error}`;
  const exportCsv = () =>
    exporting.run(async () => {
      const { fileName, csv } = await call('plan.exportCsv', { year: view.year });
      download(fileName, csv);
    });

  // Ctrl+Z / Ctrl+Y anywhere on the screen except while typing in a field.
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const target = e.target as HTMLElement;
    if (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.closest('[role="grid"]')) return;
    if (!(e.ctrlKey || e.metaKey)) return;
    if (e.key.toLowerCase() === 'z' && !e.shiftKey && view.undo.undo) {
      e.preventDefault();
      void undo();
    } else if ((e.key.toLowerCase() === 'y' || (e.key.toLowerCase() === 'z' && e.shiftKey)) && view.undo.redo) {
      e.preventDefault();
      void redo();
    }
  };

  const sources = [
    ...new Set(
      [...view.lines.map((l) => l.sourceOfFunding), ...view.income.map((x) => x.sourceOfFunding)].filter(
        (s) => s.trim() !== '',
      ),
    ),
  ];
  const closePanel = () => {
    setPanel(null);
    requestAnimationFrame(
      () =>
        document.querySelector<HTMLElement>('[role="grid"] [tabindex="0"]')?.focus() ??
        document.getElementById('add-line')?.focus(),
    );
  };

  return (
    <section aria-labelledby="lines-title" onKeyDown={onKeyDown}>
      <h2 id="lines-title" className="visually-hidden">
        Scheme lines
      </h2>
      <div className="toolbar" role="toolbar" aria-label="Scheme lines">
        <button type="button" id="add-line" disabled={blocked} onClick={() => setPanel({ kind: 'add' })}>
          Add a line
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!activeLine}
          onClick={() => activeLine && setPanel({ kind: 'edit', line: activeLine })}
        >
          Edit line…
        </button>
        {confirmDelete && activeLine ? (
          <button
            type="button"
            className="danger"
            onClick={() => void deleteLine(activeLine.id).then(() => setConfirmDelete(false))}
          >
            Confirm delete of line {activeLine.schemeId}
          </button>
        ) : (
          <button type="button" className="secondary" disabled={!activeLine} onClick={() => setConfirmDelete(true)}>
            Delete line…
          </button>
        )}
        <button
          type="button"
          className="secondary"
          disabled={!activeLine}
          onClick={() => activeLine && setPanel({ kind: 'history', line: activeLine })}
        >
          Line history
        </button>
        <span className="toolbar-gap" />
        <button
          type="button"
          className="secondary"
          disabled={!view.undo.undo}
          onClick={() => void undo()}
          aria-keyshortcuts="Control+Z"
        >
          <span className="undo-label">{view.undo.undo ? `Undo: ${view.undo.undo}` : 'Undo'}</span>
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!view.undo.redo}
          onClick={() => void redo()}
          aria-keyshortcuts="Control+Y"
        >
          <span className="undo-label">{view.undo.redo ? `Redo: ${view.undo.redo}` : 'Redo'}</span>
        </button>
        <span className="toolbar-gap" />
        <button type="button" className="secondary" disabled={blocked} onClick={() => setPanel({ kind: 'import' })}>
          Import…
        </button>
        <button
          type="button"
          className="secondary"
          disabled={view.lines.length === 0}
          onClick={() => setPanel({ kind: 'rollforward' })}
        >
          Roll forward…
        </button>
        <button type="button" className="secondary" disabled={view.lines.length === 0} onClick={() => void exportCsv()}>
          Export CSV
        </button>
      </div>
      {exportError && (
        <p role="alert" className="error-banner">
          {exportError}
        </p>
      )}

      {panel?.kind === 'add' && (
        <LineForm
          title={`Add a line to the ${view.label} plan`}
          line={null}
          columns={view.columns}
          fields={view.fields}
          years={view.years}
          datalists={datalists}
          onSave={createLine}
          onCancel={closePanel}
        />
      )}
      {panel?.kind === 'edit' && (
        <LineForm
          key={panel.line.id}
          title={`Edit line ${panel.line.schemeId}: ${panel.line.schemeName}`}
          line={panel.line}
          columns={view.columns}
          fields={view.fields}
          years={view.years}
          datalists={datalists}
          onSave={(input) => updateLine(panel.line.id, input)}
          onCancel={closePanel}
        />
      )}
      {panel?.kind === 'history' && <LineHistory line={panel.line} onClose={closePanel} />}
      {panel?.kind === 'import' && <ImportPanel year={view.year} onClose={closePanel} />}
      {panel?.kind === 'rollforward' && (
        <RollForwardPanel
          from={view.year}
          lastYear={view.years[view.years.length - 1]!}
          sources={sources}
          onClose={closePanel}
        />
      )}

      <div className="filters">
        <label htmlFor="line-search">Search lines</label>
        <input
          id="line-search"
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder="scheme, type, source…"
        />
        <label htmlFor="group-by">Group by</label>
        <select id="group-by" value={groupBy} onChange={(e) => setGroupBy(e.target.value as GroupBy)}>
          {(Object.keys(GROUP_LABELS) as GroupBy[]).map((g) => (
            <option key={g} value={g}>
              {GROUP_LABELS[g]}
            </option>
          ))}
        </select>
        <label className="checkbox">
          <input type="checkbox" checked={onlyFindings} onChange={(e) => setOnlyFindings(e.target.checked)} /> Only
          lines with findings
        </label>
        <span className="hint">
          {shown.length === view.lines.length
            ? `${view.lines.length} lines`
            : `${shown.length} of ${view.lines.length} lines shown`}
        </span>
        {activeLine && (
          <span className="hint selected-line">
            Selected: line {activeLine.schemeId}, {activeLine.schemeName}
          </span>
        )}
      </div>
      <div className="lines-layout">
        <PlanGrid
          lines={shown}
          planLineIds={planLineIds}
          columns={view.columns}
          fields={view.fields}
          years={view.years}
          groupBy={groupBy}
          findings={findings}
          datalists={datalists}
          canAddRows={shown.length === view.lines.length && groupBy === 'none'}
          focusRequest={focusRequest}
          onEdits={applyEdits}
          onActiveLine={onActiveLine}
          onUndo={() => void undo()}
          onRedo={() => void redo()}
        />
        <CheckerPanel report={view.validation} onGo={goTo} onCover={onCover} />
      </div>
    </section>
  );
}

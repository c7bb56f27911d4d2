import { useVirtualizer, defaultRangeExtractor, type Range } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ClipboardEvent,
  type KeyboardEvent,
} from 'react';
import { columnSpec, type LineForm, type PlanColumn, type PlanLine } from '../../../shared/plans/line';
import type { ExtraField } from '../../../shared/templates/fields';
import type { Finding } from '../../../shared/rules/types';
import type { CellEdit } from '../store';
import { parseClipboard, toClipboard } from './clipboard';
import { EditCell } from './EditCell';
import { useFillHeight } from '../../tables/useFillHeight';
import {
  buildItems,
  cellText,
  columnLabel,
  columnWidth,
  frozenColumns,
  isNumeric,
  type GridItem,
  type GroupBy,
} from './rows';

export interface FocusRequest {
  lineId: number;
  field: PlanColumn;
  seq: number;
}

interface Props {
  /** The lines shown: the plan's, narrowed by the search and the filters. */
  lines: PlanLine[];
  /** Every line of the plan, shown or not. */
  planLineIds: ReadonlySet<number>;
  columns: PlanColumn[];
  /** The template year's own fields among the columns. */
  fields: ExtraField[];
  years: string[];
  groupBy: GroupBy;
  findings: Map<string, Finding[]>;
  datalists: Partial<Record<PlanColumn, string[]>>;
  /** Pasting past the last line adds lines (only when nothing is filtered out). */
  canAddRows: boolean;
  focusRequest: FocusRequest | null;
  onEdits: (edits: CellEdit[], newLines?: Partial<LineForm>[]) => Promise<boolean>;
  onActiveLine: (line: PlanLine | null) => void;
  onUndo: () => void;
  onRedo: () => void;
}

interface Pos {
  row: number;
  col: number;
}

/**
 * A cell held by its line, not its row: when the lines are read again under the user (another program
 * added or deleted one above), the cell stays on its line. `row` is where it was, for when the line is gone.
 */
interface Cell extends Pos {
  lineId: number | null;
}

/** The cell being typed in, by line and column, with the text the editor starts from. */
interface Editing {
  lineId: number;
  field: PlanColumn;
  initial: string;
  selectAll: boolean;
}

const ROW_HEIGHT = 30;
const HEADER_HEIGHT = 44;

/**
 * The plan's lines as an editable grid that behaves like the spreadsheet it
 * replaces: arrows, Tab and Enter move; typing or F2 edits; Escape cancels;
 * Ctrl+C / Ctrl+V copy and paste blocks to and from Excel; Ctrl+Z / Ctrl+Y
 * undo and redo. Only the rows in view are in the page, so 2,000 lines stay
 * smooth. It follows the ARIA grid pattern: one tab stop, the active cell
 * focused, its row and column numbers announced.
 */
export function PlanGrid(props: Props) {
  const {
    lines,
    planLineIds,
    columns,
    fields,
    years,
    groupBy,
    findings,
    datalists,
    canAddRows,
    focusRequest,
    onEdits,
    onActiveLine,
    onUndo,
    onRedo,
  } = props;
  const label = (f: PlanColumn) => columnLabel(f, years, fields);
  const textOf = (line: PlanLine, f: PlanColumn) => cellText(line, f, fields);
  const { items, lineRows } = useMemo(() => buildItems(lines, groupBy), [lines, groupBy]);
  const itemOfRow = useMemo(() => {
    const out: number[] = [];
    items.forEach((it, i) => {
      if (it.kind === 'line') out[it.lineIndex] = i;
    });
    return out;
  }, [items]);

  const rowOfLine = useMemo(() => new Map(lineRows.map((l, i) => [l.id, i])), [lineRows]);
  const cellAt = useCallback((pos: Pos): Cell => ({ ...pos, lineId: lineRows[pos.row]?.id ?? null }), [lineRows]);
  const [active, setActiveCell] = useState<Cell>({ row: 0, col: 0, lineId: null });
  const [anchor, setAnchorCell] = useState<Cell>({ row: 0, col: 0, lineId: null });
  const setActive = useCallback((pos: Pos) => setActiveCell(cellAt(pos)), [cellAt]);
  const setAnchor = useCallback((pos: Pos) => setAnchorCell(cellAt(pos)), [cellAt]);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const hasFocus = useRef(false);
  const exitArmed = useRef(false);
  /** Set when a finding is jumped to: the grid itself is brought into the window too. */
  const reveal = useRef(false);
  const fillHeight = useFillHeight(scrollRef);

  const rowCount = lineRows.length;
  const clampRow = useCallback((r: number) => Math.max(0, Math.min(rowCount - 1, r)), [rowCount]);
  const clampCol = useCallback((c: number) => Math.max(0, Math.min(columns.length - 1, c)), [columns.length]);
  const rowOf = (cell: Cell) =>
    (cell.lineId === null ? undefined : rowOfLine.get(cell.lineId)) ?? Math.min(cell.row, Math.max(0, rowCount - 1));
  const activeRow = rowOf(active);
  const anchorRow = rowOf(anchor);
  const activeItem = itemOfRow[activeRow] ?? 0;

  const rangeExtractor = useCallback(
    (range: Range) => {
      const out = new Set(defaultRangeExtractor(range));
      out.add(activeItem);
      return [...out].sort((a, b) => a - b);
    },
    [activeItem],
  );

  // The React Compiler skips this component (useVirtualizer's API cannot be memoised); that is expected.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
    rangeExtractor,
  });

  const template = useMemo(() => columns.map((f) => `${columnWidth(f, fields)}px`).join(' '), [columns, fields]);
  const width = useMemo(() => columns.reduce((w, f) => w + columnWidth(f, fields), 0), [columns, fields]);
  const frozen = useMemo(() => frozenColumns(columns, fields), [columns, fields]);
  const lefts = useMemo(
    () =>
      columns.reduce<number[]>(
        (out, _f, i) => [...out, i === 0 ? 0 : out[i - 1]! + columnWidth(columns[i - 1]!, fields)],
        [],
      ),
    [columns, fields],
  );

  const line = lineRows[activeRow];
  useEffect(() => onActiveLine(line ?? null), [line, onActiveLine]);

  const moveTo = useCallback(
    (pos: Pos, extend = false) => {
      const next = { row: clampRow(pos.row), col: clampCol(pos.col) };
      setActive(next);
      if (!extend) setAnchor(next);
      setProblem(null);
    },
    [clampRow, clampCol, setActive, setAnchor],
  );

  // Keep the active cell in view and focused while the grid has focus.
  useEffect(() => {
    if (!hasFocus.current || editing) return;
    virtualizer.scrollToIndex(activeItem, { align: 'auto' });
    // Across, the cell must clear the frozen columns as well as the edges.
    const scroller = scrollRef.current;
    if (scroller && active.col >= frozen.count) {
      const left = lefts[active.col]! - frozen.width;
      const right = lefts[active.col]! + columnWidth(columns[active.col]!, fields);
      if (left < scroller.scrollLeft) scroller.scrollLeft = left;
      else if (right > scroller.scrollLeft + scroller.clientWidth) scroller.scrollLeft = right - scroller.clientWidth;
    }
    if (reveal.current) {
      reveal.current = false;
      gridRef.current?.scrollIntoView({ block: 'nearest' });
    }
    const id = requestAnimationFrame(() => {
      const el = gridRef.current?.querySelector<HTMLElement>(`[data-pos="${activeRow}:${active.col}"]`);
      el?.focus({ preventScroll: true });
    });
    return () => cancelAnimationFrame(id);
  }, [activeItem, activeRow, active.col, editing, virtualizer, frozen, lefts, columns, fields]);

  // A finding clicked in the checker panel: go to its cell.
  useEffect(() => {
    if (!focusRequest) return;
    const row = lineRows.findIndex((l) => l.id === focusRequest.lineId);
    const col = columns.indexOf(focusRequest.field);
    if (row < 0) return;
    hasFocus.current = true;
    reveal.current = true;
    moveTo({ row, col: col < 0 ? columns.indexOf('schemeName') : col });
  }, [focusRequest, lineRows, columns, moveTo]);

  const selection = useMemo(
    () => ({
      top: Math.min(anchorRow, activeRow),
      bottom: Math.max(anchorRow, activeRow),
      left: Math.min(anchor.col, active.col),
      right: Math.max(anchor.col, active.col),
    }),
    [anchorRow, anchor.col, activeRow, active.col],
  );

  /** Checks text as the server will, so a bad value is caught at the cell. */
  const check = (field: PlanColumn, text: string): string | null => {
    const spec = columnSpec(field, fields);
    if (!spec) return `${field} is not a column of this plan`;
    const parsed = spec.parse(text);
    return parsed.ok ? null : parsed.message;
  };

  /** Opens the editor on a cell by its row and column (the line there now). */
  const editAt = (pos: Pos, initial: string, selectAll = false) => {
    const target = lineRows[pos.row];
    const field = columns[pos.col];
    if (target && field) setEditing({ lineId: target.id, field, initial, selectAll });
  };

  // The line being typed in left the grid (deleted elsewhere, or no longer matching the search or a filter once
  // the lines were read again): say so, rather than let the text vanish unexplained.
  useEffect(() => {
    if (!editing || rowOfLine.has(editing.lineId)) return;
    setEditing(null);
    setProblem(
      planLineIds.has(editing.lineId)
        ? 'The line being typed in no longer matches the search or the filter, now that the lines have been read again, so it is hidden; what was typed was not saved.'
        : 'The line being typed in was deleted elsewhere (another window or program); what was typed was not saved.',
    );
  }, [editing, rowOfLine, planLineIds]);

  /** Each cell's latest save, numbered: only the latest one's failure gives its text back (an older one's is superseded). */
  const saves = useRef(new Map<string, number>());
  // What a save that answers later needs to know about the grid as it is then.
  const now = useRef({ editing, rowOfLine, columns });
  now.current = { editing, rowOfLine, columns };

  /**
   * A save that failed (the file busy, a refusal): the text goes back into its cell, open for another Enter,
   * if the user is still in the grid and typing nowhere else; otherwise it is said in words, so it is not lost.
   */
  const giveBack = (lineId: number, field: PlanColumn, text: string, where: string) => {
    const { editing: typing, rowOfLine: rows, columns: cols } = now.current;
    const row = rows.get(lineId);
    const col = cols.indexOf(field);
    if (typing || row === undefined || col < 0 || !hasFocus.current) {
      setProblem(`Not saved: ${label(field)} of ${where} was to be "${text}". Type it again once the file is free.`);
      return;
    }
    setActiveCell({ row, col, lineId });
    setAnchorCell({ row, col, lineId });
    setEditing({ lineId, field, initial: text, selectAll: false });
    setProblem('Not saved; what you typed is back in the cell. Press Enter to save it again, or Escape to leave it.');
  };

  const commit = (text: string, move: 'down' | 'right' | 'left' | 'none'): boolean => {
    if (!editing) return true;
    const row = rowOfLine.get(editing.lineId);
    const target = row === undefined ? undefined : lineRows[row];
    const { field } = editing;
    const col = columns.indexOf(field);
    if (!target || row === undefined || col < 0) return true;
    const error = check(field, text);
    if (error) {
      setProblem(`${label(field)}: ${error}`);
      return false;
    }
    setEditing(null);
    setProblem(null);
    if (text !== textOf(target, field)) {
      const where = `scheme ${target.schemeId} ${target.schemeName}`;
      const key = `${target.id}:${field}`;
      const seq = (saves.current.get(key) ?? 0) + 1;
      saves.current.set(key, seq);
      void onEdits([{ lineId: target.id, field, text }]).then((saved) => {
        if (!saved && saves.current.get(key) === seq) giveBack(target.id, field, text, where);
      });
    }
    if (move === 'down') moveTo({ row: row + 1, col });
    else if (move === 'right') moveTo(col + 1 < columns.length ? { row, col: col + 1 } : { row: row + 1, col: 0 });
    else if (move === 'left') moveTo(col > 0 ? { row, col: col - 1 } : { row: row - 1, col: columns.length - 1 });
    return true;
  };

  const clearSelection = () => {
    const edits: CellEdit[] = [];
    const problems: string[] = [];
    for (let r = selection.top; r <= selection.bottom; r++) {
      for (let c = selection.left; c <= selection.right; c++) {
        const field = columns[c]!;
        const error = check(field, '');
        if (error) problems.push(`${label(field)}: ${error}`);
        else edits.push({ lineId: lineRows[r]!.id, field, text: '' });
      }
    }
    if (problems.length > 0)
      return setProblem(`Cannot clear: ${[...new Set(problems)].join('; ')}. Nothing was changed.`);
    if (edits.length > 0) void onEdits(edits);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (editing || rowCount === 0) return;
    const ctrl = e.ctrlKey || e.metaKey;
    const key = e.key;
    if (key === 'Tab') {
      if (exitArmed.current) return; // Escape then Tab leaves the grid
      e.preventDefault();
      const last = activeRow === rowCount - 1 && active.col === columns.length - 1;
      const first = activeRow === 0 && active.col === 0;
      if ((e.shiftKey && first) || (!e.shiftKey && last)) return;
      if (e.shiftKey)
        moveTo(
          active.col > 0 ? { row: activeRow, col: active.col - 1 } : { row: activeRow - 1, col: columns.length - 1 },
        );
      else
        moveTo(
          active.col + 1 < columns.length ? { row: activeRow, col: active.col + 1 } : { row: activeRow + 1, col: 0 },
        );
      return;
    }
    exitArmed.current = false;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const moves: Record<string, Pos> = {
      ArrowDown: { row: activeRow + 1, col: active.col },
      ArrowUp: { row: activeRow - 1, col: active.col },
      ArrowRight: { row: activeRow, col: active.col + 1 },
      ArrowLeft: { row: activeRow, col: active.col - 1 },
      PageDown: { row: activeRow + page, col: active.col },
      PageUp: { row: activeRow - page, col: active.col },
      Home: ctrl ? { row: 0, col: 0 } : { row: activeRow, col: 0 },
      End: ctrl ? { row: rowCount - 1, col: columns.length - 1 } : { row: activeRow, col: columns.length - 1 },
    };
    if (moves[key]) {
      e.preventDefault();
      moveTo(moves[key], e.shiftKey);
    } else if (key === 'Enter' || key === 'F2') {
      e.preventDefault();
      if (line) editAt({ row: activeRow, col: active.col }, textOf(line, columns[active.col]!));
    } else if (key === 'Escape') {
      exitArmed.current = true;
      setAnchor({ row: activeRow, col: active.col });
      setProblem('Press Tab to leave the table, or any other key to stay.');
    } else if (key === 'Delete' || key === 'Backspace') {
      e.preventDefault();
      clearSelection();
    } else if (ctrl && key.toLowerCase() === 'z') {
      e.preventDefault();
      if (e.shiftKey) onRedo();
      else onUndo();
    } else if (ctrl && key.toLowerCase() === 'y') {
      e.preventDefault();
      onRedo();
    } else if (ctrl && key.toLowerCase() === 'a') {
      e.preventDefault();
      setAnchor({ row: 0, col: 0 });
      setActive({ row: rowCount - 1, col: columns.length - 1 });
    } else if (!ctrl && !e.altKey && key.length === 1) {
      e.preventDefault();
      editAt({ row: activeRow, col: active.col }, key);
    }
  };

  const onCopy = (e: ClipboardEvent<HTMLDivElement>) => {
    if (editing) return;
    e.preventDefault();
    const rows: string[][] = [];
    for (let r = selection.top; r <= selection.bottom; r++) {
      rows.push(columns.slice(selection.left, selection.right + 1).map((f) => textOf(lineRows[r]!, f)));
    }
    e.clipboardData.setData('text/plain', toClipboard(rows));
    setProblem(`Copied ${rows.length * (selection.right - selection.left + 1)} cells.`);
  };

  const onPaste = (e: ClipboardEvent<HTMLDivElement>) => {
    if (editing) return;
    e.preventDefault();
    const block = parseClipboard(e.clipboardData.getData('text/plain'));
    if (block.length === 0) return;
    const edits: CellEdit[] = [];
    const newLines: Partial<LineForm>[] = [];
    const problems: string[] = [];
    // Like Excel, a block lands at the top-left of the selection.
    const startRow = rowCount === 0 ? 0 : selection.top;
    const startCol = rowCount === 0 ? 0 : selection.left;
    let ignored = 0;
    block.forEach((cells, i) => {
      const r = startRow + i;
      const form: Partial<LineForm> = {};
      cells.forEach((text, j) => {
        const field = columns[startCol + j];
        if (!field) {
          if (text.trim() !== '') ignored += 1;
          return;
        }
        const error = check(field, text);
        if (error) problems.push(`row ${i + 1} of the pasted block, ${label(field)}: ${error}`);
        if (r < rowCount) edits.push({ lineId: lineRows[r]!.id, field, text });
        else form[field] = text;
      });
      if (r >= rowCount) newLines.push(form);
    });
    if (newLines.length > 0 && !canAddRows)
      problems.push('the block runs past the last line shown; clear the search and grouping to paste new lines');
    if (problems.length > 0) {
      setProblem(
        `Nothing was pasted: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}.`,
      );
      return;
    }
    setProblem(ignored > 0 ? `${ignored} cells beyond the last column were left out.` : null);
    void onEdits(edits, newLines);
  };

  const errorId = 'grid-cell-problem';
  const caption = `Scheme lines (${lines.length})`;
  return (
    <div className="grid-wrap">
      <p
        id={errorId}
        className={`grid-problem${problem?.startsWith('Copied') || problem?.startsWith('Press Tab') || problem?.endsWith('left out.') ? ' info' : ''}`}
        role="status"
      >
        {problem ?? ''}
      </p>
      <div
        ref={gridRef}
        role="grid"
        aria-label={caption}
        aria-describedby="grid-help"
        aria-rowcount={items.length + 1}
        aria-colcount={columns.length}
        aria-multiselectable="true"
        className="plan-grid"
        onKeyDown={onKeyDown}
        onCopy={onCopy}
        onPaste={onPaste}
        onFocus={() => {
          hasFocus.current = true;
        }}
        onBlur={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) hasFocus.current = false;
        }}
      >
        <div ref={scrollRef} className="grid-scroll" style={fillHeight ? { height: fillHeight } : undefined}>
          <div
            role="row"
            aria-rowindex={1}
            className="grid-row grid-header"
            style={{ gridTemplateColumns: template, width }}
          >
            {columns.map((f, c) => (
              <div
                role="columnheader"
                aria-colindex={c + 1}
                key={f}
                className={
                  [isNumeric(f, fields) ? 'num' : '', c < frozen.count ? 'frozen' : ''].filter(Boolean).join(' ') ||
                  undefined
                }
                style={c < frozen.count ? { left: frozen.lefts[c] } : undefined}
              >
                {label(f)}
              </div>
            ))}
          </div>
          {rowCount === 0 && (
            <div role="row" aria-rowindex={2} className="grid-row">
              <div role="gridcell" aria-colindex={1} tabIndex={0} className="grid-empty" data-pos="0:0">
                No lines to show. Paste a block here, or add a line.
              </div>
            </div>
          )}
          <div className="grid-rows" style={{ height: virtualizer.getTotalSize(), width }}>
            {virtualizer.getVirtualItems().map((v) => (
              <GridRowView
                key={items[v.index]!.key}
                item={items[v.index]!}
                rowIndex={v.index + 2}
                top={v.start - HEADER_HEIGHT}
                template={template}
                width={width}
                columns={columns}
                fields={fields}
                findings={findings}
                activeRow={activeRow}
                activeCol={active.col}
                selection={selection}
                editing={editing}
                years={years}
                frozenLefts={frozen.lefts}
                problemId={problem ? errorId : undefined}
                datalists={datalists}
                onCellClick={(row, col, extend) => {
                  hasFocus.current = true;
                  moveTo({ row, col }, extend);
                }}
                onCellDoubleClick={(row, col) => {
                  moveTo({ row, col });
                  editAt({ row, col }, textOf(lineRows[row]!, columns[col]!));
                }}
                onCommit={commit}
                onCancel={() => {
                  setEditing(null);
                  setProblem(null);
                }}
              />
            ))}
          </div>
        </div>
      </div>
      <p id="grid-help" className="hint grid-help">
        Keys as in Excel: arrows, Tab and Enter move; type or F2 edits, Enter saves, Escape cancels; Ctrl+C / Ctrl+V
        copy and paste blocks with Excel (a block past the last line adds lines); Ctrl+Z undoes. Escape, then Tab,
        leaves the table.
      </p>
      {Object.entries(datalists).map(([field, values]) => (
        <datalist id={`dl-${field.replace('.', '-')}`} key={field}>
          {values!.map((v) => (
            <option key={v} value={v} />
          ))}
        </datalist>
      ))}
    </div>
  );
}

interface RowProps {
  item: GridItem;
  rowIndex: number;
  top: number;
  template: string;
  width: number;
  columns: PlanColumn[];
  fields: ExtraField[];
  findings: Map<string, Finding[]>;
  activeRow: number;
  activeCol: number;
  selection: { top: number; bottom: number; left: number; right: number };
  editing: Editing | null;
  years: string[];
  /** Left offsets of the frozen leading columns. */
  frozenLefts: number[];
  problemId: string | undefined;
  datalists: Partial<Record<PlanColumn, string[]>>;
  onCellClick: (row: number, col: number, extend: boolean) => void;
  onCellDoubleClick: (row: number, col: number) => void;
  onCommit: (text: string, move: 'down' | 'right' | 'left' | 'none') => boolean;
  onCancel: () => void;
}

const GridRowView = memo(function GridRowView(p: RowProps) {
  const { item, columns } = p;
  const style = { transform: `translateY(${p.top}px)`, gridTemplateColumns: p.template, width: p.width };
  if (item.kind === 'group') {
    return (
      <div role="row" aria-rowindex={p.rowIndex} className="grid-row grid-group" style={style}>
        <div role="gridcell" aria-colindex={1} aria-colspan={columns.length} className="group-label">
          {item.label} — {item.count} line{item.count === 1 ? '' : 's'}
        </div>
      </div>
    );
  }
  if (item.kind === 'subtotal') {
    return (
      <div role="row" aria-rowindex={p.rowIndex} className="grid-row grid-subtotal" style={style}>
        {columns.map((f, c) => (
          <div
            role="gridcell"
            aria-colindex={c + 1}
            key={f}
            className={
              [isNumeric(f, p.fields) ? 'num' : '', c < p.frozenLefts.length ? 'frozen' : '']
                .filter(Boolean)
                .join(' ') || undefined
            }
            style={c < p.frozenLefts.length ? { left: p.frozenLefts[c] } : undefined}
          >
            {c === 0 ? item.label : (item.totals[f as keyof typeof item.totals] ?? '')}
          </div>
        ))}
      </div>
    );
  }
  const r = item.lineIndex;
  const isActiveRow = r === p.activeRow;
  return (
    <div
      role="row"
      aria-rowindex={p.rowIndex}
      className={`grid-row${isActiveRow ? ' active-row' : ''}`}
      style={style}
      data-line-id={item.line.id}
    >
      {columns.map((f, c) => {
        const active = isActiveRow && c === p.activeCol;
        const selected =
          r >= p.selection.top && r <= p.selection.bottom && c >= p.selection.left && c <= p.selection.right;
        const found = p.findings.get(`${item.line.id}:${f}`);
        const worst = found?.[0]?.severity;
        const id = `cell-${item.line.id}-${f}`;
        const text = cellText(item.line, f, p.fields);
        const frozenStyle = c < p.frozenLefts.length ? { left: p.frozenLefts[c] } : undefined;
        const className = [
          'grid-cell',
          isNumeric(f, p.fields) ? 'num' : '',
          c < p.frozenLefts.length ? 'frozen' : '',
          active ? 'active' : '',
          selected && !active ? 'selected' : '',
          worst ? `has-${worst}` : '',
        ]
          .filter(Boolean)
          .join(' ');
        if (p.editing && p.editing.lineId === item.line.id && p.editing.field === f) {
          return (
            <div role="gridcell" aria-colindex={c + 1} key={f} className={`${className} editing`} style={frozenStyle}>
              <EditCell
                id={`${id}-input`}
                label={`${columnLabel(f, p.years, p.fields)}, scheme ${item.line.schemeId} ${item.line.schemeName}`}
                initial={p.editing.initial}
                selectAll={p.editing.selectAll}
                list={p.datalists[f] ? `dl-${f.replace('.', '-')}` : undefined}
                invalid={Boolean(p.problemId)}
                describedBy={p.problemId}
                numeric={isNumeric(f, p.fields)}
                onCommit={p.onCommit}
                onCancel={p.onCancel}
              />
            </div>
          );
        }
        return (
          <div
            role="gridcell"
            aria-colindex={c + 1}
            aria-selected={selected}
            aria-invalid={worst === 'error' || undefined}
            key={f}
            id={id}
            data-pos={`${r}:${c}`}
            tabIndex={active ? 0 : -1}
            className={className}
            style={frozenStyle}
            title={found ? found.map((x) => x.message).join('\n') : text.length > 30 ? text : undefined}
            onMouseDown={(e) => {
              if (e.button !== 0) return;
              p.onCellClick(r, c, e.shiftKey);
            }}
            onDoubleClick={() => p.onCellDoubleClick(r, c)}
          >
            {text}
            {found && (
              <span className="visually-hidden"> ({found.map((x) => `${x.severity}: ${x.message}`).join('; ')})</span>
            )}
          </div>
        );
      })}
    </div>
  );
});

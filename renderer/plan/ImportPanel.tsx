import { useState } from 'react';
import type { ImportPreview, PlanImportOutcome } from '../../shared/api';
import { linksSaid } from '../../shared/plans/links-said';
import { formatPence } from '../../shared/money';
import { call } from '../api/client';
import { PreviewedImport, type PickedFile } from '../imports/PreviewedImport';
import { usePlan } from './store';
import { checksAfter, ReplaceOrAppend } from '../imports/ReplaceOrAppend';

type Mode = 'replace' | 'append';

/**
 * Import scheme lines from TSV, CSV or xlsx: a preview first (what will be
 * created, every problem, what the checks will say), then one all-or-nothing
 * commit. A year that has lines is never mixed silently: the user chooses.
 */
export function ImportPanel({ year, onClose }: { year: string; onClose: () => void }) {
  const persist = usePlan((s) => s.persist);
  const [mode, setMode] = useState<Mode | null>(null);

  const importLines = async (preview: ImportPreview, picked: PickedFile) => {
    if (preview.existingLines > 0 && !mode) return "Choose whether to replace the plan's lines or add to them.";
    const said = `Imported ${preview.lines} lines from ${preview.file}`;
    return persist(
      (done: PlanImportOutcome) => (done.links ? `${said}. ${linksSaid(done.links).slice(0, -1)}` : said),
      () =>
        call('plan.commitImport', {
          year,
          fileName: picked.name,
          contentBase64: picked.base64,
          mode: preview.existingLines > 0 ? mode! : 'refuse',
        }),
    );
  };

  return (
    <PreviewedImport
      id="import"
      title={`Import scheme lines into the ${year} plan`}
      hint="A TSV, CSV or xlsx file with a header row naming its columns (Scheme ID, Scheme Name, Source of Funding, the year's expenditure, …). Nothing is written until you confirm."
      read={(picked) => call('plan.previewImport', { year, fileName: picked.name, contentBase64: picked.base64 })}
      onPick={() => setMode(null)}
      onClose={onClose}
    >
      {({ preview, picked, busy, commit }) => {
        return (
          <>
            <p>
              <strong>{preview.lines} lines</strong> will be created from {preview.file}
              {preview.sheet ? `, sheet "${preview.sheet}"` : ''} (header on row {preview.headerRow}; template{' '}
              {preview.template}).
            </p>
            <p>Columns read: {preview.columns.map((c) => `${c.letter} ${c.header}`).join(' · ')}</p>
            {preview.readPast.length > 0 && (
              <p>
                This is a filled quarterly return: the plan takes its fixed columns and reads past the return's own (
                {preview.readPast.map((c) => `${c.letter} ${c.header}`).join(' · ')}); "-" and "NA" outputs are read as
                none planned.
              </p>
            )}
            {preview.printedTotals.map((t) => (
              <p key={`${t.row}-${t.field}`}>
                Printed total on row {t.row} ("{t.label}"), {t.column}: {formatPence(t.printedPence)}; the lines add up
                to {formatPence(t.computedPence)}
                {t.printedPence === t.computedPence
                  ? ' (agrees).'
                  : ` (differs by ${formatPence(t.printedPence - t.computedPence)}).`}
              </p>
            ))}
            <p>{checksAfter(preview.findings)}; you can fix them in the plan.</p>
            {preview.existingLines > 0 && (
              <ReplaceOrAppend
                name="import-mode"
                legend={`The ${year} plan already has ${preview.existingLines} lines`}
                incoming={`the file's ${preview.lines}`}
                mode={mode}
                onChange={setMode}
              />
            )}
            <div className="actions">
              <button type="button" onClick={() => commit(() => importLines(preview, picked))} disabled={busy}>
                Import {preview.lines} lines
              </button>
            </div>
          </>
        );
      }}
    </PreviewedImport>
  );
}

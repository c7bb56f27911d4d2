import fs from 'node:fs';
import { applyEdits } from '../../electron/services/plans/line-actions';
import { getPlanView } from '../../electron/services/plans/plan-view';
import { loadPublishedPools } from '../../electron/services/pools/published';
import { loadSample } from '../../electron/services/sample/sample';
import { expect, expectAccessible, test } from './fixtures';

test('the history reads as a finance partner reads it: labels, £, one row per field, filtered by plan, line and date, and the same in CSV', async ({
  page,
  app,
}) => {
  loadSample(app.ctx);
  loadPublishedPools(app.ctx);
  const line = getPlanView(app.ctx, '2019-20').lines.find((l) => l.schemeName === 'Falls Response Service')!;
  applyEdits(app.ctx, '2019-20', {
    edits: [
      { lineId: line.id, field: 'expenditurePence', text: '£26,750' },
      { lineId: line.id, field: 'provider', text: 'Sirona care & health' },
    ],
  });
  await app.open();
  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'History' })).toBeFocused();
  const table = page.getByRole('table', { name: /changes/ });
  const spend = table
    .getByRole('row')
    .filter({ hasText: 'Expenditure £' })
    .filter({ hasText: 'Falls Response Service' })
    .filter({ hasText: 'Changed' });
  await expect(spend).toHaveCount(1);
  await expect(spend).toContainText('£26,750.00');
  await expect(page.getByRole('main')).not.toContainText(/expenditurePence|\{"/);
  await expectAccessible(page);

  // By plan, then by line: only that line's changes.
  await page.getByLabel('Changes to').selectOption({ label: 'Plan 2019-20' });
  await expect(table.getByRole('row').filter({ hasText: /Pool / })).toHaveCount(0);
  await page.getByLabel('Line').selectOption({ label: `Scheme line ${line.schemeId} Falls Response Service` });
  await expect(table.getByRole('row').filter({ hasText: 'Changed' })).toHaveCount(2);
  await expect(table.getByRole('row').filter({ hasText: 'Provider' })).toContainText('Sirona care & health');

  // By date: a date that is not one is refused at the field; a range after today shows nothing.
  await page.getByLabel('From').fill('31/02/2026');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByLabel('From')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  await page.getByLabel('From').fill('01/01/2099');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByText('No changes match the filters.')).toBeVisible();
  await page.getByLabel('From').fill('');
  await page.getByRole('button', { name: 'Show' }).click();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export these changes as CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('BCF history Plan 2019-20.csv');
  const csv = fs.readFileSync((await file.path())!, 'utf8');
  expect(csv).toContain('When,Who,Action,What,Field,Was,Now,Why');
  expect(csv).toMatch(
    /,Changed,Plan 2019-20 · Scheme line \d+ Falls Response Service,Expenditure £,"£[\d,]+\.\d\d","£26,750\.00",/,
  );

  await page.getByRole('button', { name: 'Clear the filters' }).click();
  await expect(table.getByRole('row').filter({ hasText: /Pool / }).first()).toBeVisible();
});

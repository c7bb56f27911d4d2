import { expect, expectAccessible, test } from './fixtures';

test('a new user loads the published 2019/20 plan and sees its lines and totals', async ({ page, app }) => {
  await app.open();
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to BCF Returns' })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Load the published 2019/20 plan' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Plan 2019-20' })).toBeVisible();
  await expect(page.getByText('Bath and North East Somerset')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Scheme lines (51)' })).toBeVisible();
  await expect(page.getByTestId('plan-total')).toHaveText('£71,342,161.00');
  const bySource = page.getByRole('table', { name: 'By Source of Funding' });
  await expect(bySource.getByRole('row', { name: /Local Authority Contribution/ })).toContainText('£23,668,678.00');
  await expectAccessible(page);
});

test('a line added with the keyboard is still there after a reload', async ({ page, app }) => {
  app.ctx.db.prepare("INSERT INTO area (name, created_at) VALUES ('Testshire', '2026-01-01')").run();
  await app.open();
  await expect(page.getByRole('heading', { level: 1, name: /^Plan / })).toBeVisible();
  await page.getByLabel('Another year').fill('2024/25');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Plan 2024-25' })).toBeVisible();

  await page.getByRole('button', { name: 'Add a line' }).click();
  await expect(page.getByLabel('Scheme ID', { exact: true })).toBeFocused();
  await page.keyboard.type('42');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Falls Response Service');
  await page.getByLabel('Source of Funding', { exact: true }).fill('Minimum NHS Contribution');
  await page.getByLabel('Expenditure £', { exact: true }).fill('£318,312.50');
  await page.getByLabel('New/ Existing Scheme').selectOption('New');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Save line' }).press('Enter');

  await expect(page.getByRole('status')).toContainText('Added line 42 "Falls Response Service". Saved at');
  await expect(page.getByTestId('plan-total')).toHaveText('£318,312.50');
  await expect(page.getByRole('button', { name: 'Add a line' })).toBeFocused();

  await page.reload();
  await page.getByLabel('Plan year').selectOption('2024-25');
  const row = page.getByRole('row', { name: /Falls Response Service/ });
  await expect(row).toContainText('£318,312.50');
  await expect(row).toContainText('Minimum NHS Contribution');
  const stored = app.ctx.db.prepare('SELECT expenditure_pence FROM scheme_line').all();
  expect(stored).toEqual([{ expenditure_pence: 31_831_250 }]);
});

test('an invalid amount shows its message beside the field and saves nothing', async ({ page, app }) => {
  await app.open();
  await page.getByRole('button', { name: 'Load the published 2019/20 plan' }).click();
  await expect(page.getByRole('table', { name: 'Scheme lines (51)' })).toBeVisible();

  await page.getByRole('button', { name: 'Add a line' }).click();
  await page.getByLabel('Scheme ID', { exact: true }).fill('99');
  await page.getByLabel('Scheme Name', { exact: true }).fill('Scaled figure');
  await page.getByLabel('Source of Funding', { exact: true }).fill('Grant');
  await page.getByLabel('Expenditure £', { exact: true }).fill('£2.184k');
  await page.getByRole('button', { name: 'Save line' }).click();

  const summary = page.getByRole('alert').filter({ hasText: 'nothing has been saved' });
  await expect(summary).toBeFocused();
  await expect(summary).toContainText('scaled figures (k, m, bn) are not accepted');
  await expect(page.getByLabel('Expenditure £', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  await summary.getByRole('link').click();
  await expect(page.getByLabel('Expenditure £', { exact: true })).toBeFocused();

  expect(app.ctx.db.prepare('SELECT count(*) AS n FROM scheme_line').get()).toEqual({ n: 51 });
  await page.reload();
  await expect(page.getByRole('table', { name: 'Scheme lines (51)' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Scaled figure/ })).toHaveCount(0);
});

test('editing and deleting a line are saved and appear in History with old and new values', async ({ page, app }) => {
  await app.open();
  await page.getByRole('button', { name: 'Load the published 2019/20 plan' }).click();
  await page.getByRole('button', { name: 'Edit line 4 Falls Response Service' }).click();
  await page.getByLabel('Expenditure £', { exact: true }).fill('£320,000');
  await page.getByRole('button', { name: 'Save line' }).click();
  await expect(page.getByRole('status')).toContainText('Saved line 4 "Falls Response Service"');
  await expect(page.getByRole('button', { name: 'Edit line 4 Falls Response Service' })).toBeFocused();
  await expect(page.getByTestId('plan-total')).toHaveText('£71,343,849.00');

  await page.getByRole('button', { name: 'Delete line 33 External technical support to Client Finance' }).click();
  await page.getByRole('button', { name: 'Confirm delete line 33 External technical support to Client Finance' }).click();
  await expect(page.getByRole('table', { name: 'Scheme lines (50)' })).toBeVisible();
  await expect(page.getByTestId('plan-total')).toHaveText('£71,243,849.00');

  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'History' })).toBeFocused();
  const update = page.getByRole('row').filter({ hasText: 'Expenditure £' });
  await expect(update).toContainText('£318,312.00');
  await expect(update).toContainText('£320,000.00');
  await expect(page.getByRole('row').filter({ hasText: 'delete scheme line' })).toHaveCount(1);
  await expectAccessible(page);
});

test('the screens still to come say so honestly and are accessible', async ({ page, app }) => {
  app.ctx.db.prepare("INSERT INTO area (name, created_at) VALUES ('Testshire', '2026-01-01')").run();
  await app.open();
  for (const name of ['Quarterly returns', 'Workbooks']) {
    await page.getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(page.getByText('This screen is not built yet')).toBeVisible();
    await expect(page.getByRole('link', { name })).toHaveAttribute('aria-current', 'page');
    await expectAccessible(page);
  }
});

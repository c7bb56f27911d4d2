import type { Page } from '@playwright/test';
import fs from 'node:fs';
import { setDeadline } from '../../electron/services/returns/calendar';
import { setPlanCover } from '../../electron/services/workbooks/plan-workbooks';
import { Q1_FILE, seedPlan, seedQ1 } from '../helpers/returns';
import { expect, expectAccessible, test } from './fixtures';

const LINES = [
  'line 1, scheme 102 Care Act Assessments, Local Authority Discharge Funding',
  'line 2, scheme 102 Care Journey/Coordination, Local Authority Discharge Funding',
  'line 3, scheme 102 Home First Pathways, Local Authority Discharge Funding',
  'line 4, scheme 102 Home First Pathways, Local Authority Discharge Funding',
  'line 5, scheme 102 Discharge Schemes, Local Authority Discharge Funding',
  'line 6, scheme 103 Discharge Schemes, ICB Discharge Funding',
];

/** Focuses an element as Tab would reach it, then acts on it with keys only. */
async function press(page: Page, name: string | RegExp, key = 'Enter', role: 'button' | 'link' = 'button') {
  const target = page.getByRole(role, { name });
  await target.focus();
  await page.keyboard.press(key);
}

async function retype(page: Page, text: string) {
  await page.keyboard.press('Control+a');
  await page.keyboard.type(text);
}

test('the whole quarter — create, fill, check, approve, submit — with the keyboard', async ({ page, app }) => {
  seedPlan(app.ctx);
  setDeadline(app.ctx, '2024-25', 'Q1', '2024-08-30');
  await app.open();
  await press(page, 'Quarterly returns', 'Enter', 'link');
  await expect(page.getByRole('heading', { level: 1, name: 'Quarterly returns 2024-25' })).toBeFocused();
  await expectAccessible(page);

  // Create: the Discharge Fund only.
  const minimum = page.getByRole('checkbox', { name: /^Minimum NHS Contribution/ });
  await minimum.focus();
  await page.keyboard.press('Space');
  await expect(minimum).not.toBeChecked();
  await page.getByLabel('Template it follows').focus();
  await page.keyboard.type('2024-25 Q1 (Discharge Fund)');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Create the Q1 2024-25 return' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('table', { name: 'Q1 2024-25: spend and activity (6 lines)' })).toBeVisible();
  await expect(page.getByTestId('return-planned')).toHaveText('£3,042,981.00');
  await expect(page.getByTestId('next-action')).toContainText(
    'Complete and check the Q1 2024-25 return (12 errors to fix)',
  );

  // Fill: the new return opens on its first field; Enter moves down the column, as in Excel.
  await expect(page.getByLabel(`Actual Expenditure to date, ${LINES[0]}`)).toBeFocused();
  for (const amount of ['30000', '26,750', '£70,100', '14380', '145425', '455107']) {
    await page.keyboard.type(amount);
    await page.keyboard.press('Enter');
  }
  await expect(page.getByTestId('return-actual')).toHaveText('£741,762.00');
  await page.getByLabel(`Implementation issues?, ${LINES[0]}`).focus();
  await page.keyboard.press('y');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel(`Description of the issues, ${LINES[0]}`)).toBeFocused();
  for (let i = 1; i < 6; i++) {
    await page.getByLabel(`Implementation issues?, ${LINES[i]}`).focus();
    await page.keyboard.press('n');
  }
  await expect(page.getByLabel(`Implementation issues?, ${LINES[5]}`)).toHaveValue('No');

  // Check: one error left, a "Yes" with no description; its finding leads to the cell.
  // The fourth warning: who signed it off, which the approval will fill in.
  await expect(page.getByText('Incomplete: 1 error, 5 warnings')).toBeVisible();
  await press(page, /^No\s*Issues are described/);
  await press(page, /error: Scheme 102 "Care Act Assessments".*"Yes" to implementation issues, but no description/);
  const description = page.getByLabel(`Description of the issues, ${LINES[0]}`);
  await expect(description).toBeFocused();
  await page.keyboard.type('Recruitment, further consideration to be given to alternative routes of support');
  await page.keyboard.press('Tab');
  await expect(page.getByText('Complete but for the sign-off: 0 errors, 5 warnings')).toBeVisible();
  await expectAccessible(page);

  // A bad figure is refused at the cell and saves nothing.
  await page.getByLabel(`Forecast outturn for the year, ${LINES[1]}`).focus();
  await page.keyboard.type('£2.1k');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel(`Forecast outturn for the year, ${LINES[1]}`)).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('"£2.1k" is not an amount: scaled figures (k, m, bn) are not accepted')).toBeVisible();
  await page.getByLabel(`Forecast outturn for the year, ${LINES[1]}`).focus();
  await page.keyboard.press('Escape');
  await expect(page.getByLabel(`Forecast outturn for the year, ${LINES[1]}`)).toHaveValue('');

  // Approve.
  await press(page, 'Sign-off');
  await press(page, 'Mark ready for approval');
  await expect(page.getByRole('heading', { name: 'Record the approval' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Sign-off', level: 2 })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Name')).toBeFocused();
  await page.keyboard.type('Suzanne Westhead');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Director of Adult Social Care');
  await page.keyboard.press('Tab');
  await retype(page, '29/08/2024');
  await press(page, 'Add another approver');
  await page.getByLabel('Name').nth(1).focus();
  await page.keyboard.type('Rebecca Hayes');
  await page.keyboard.press('Tab');
  await page.keyboard.type('ICB Place Director');
  await page.getByLabel('Delegated authority').focus();
  await page.keyboard.type('Delegated by the Health and Wellbeing Board, 11 June 2024');
  // Approval asks once about the warnings, and takes the tick as the answer.
  await page.keyboard.press('Enter');
  await expect(
    page.getByText('Tick to approve the return with its 3 warnings, or deal with them first.'),
  ).toBeVisible();
  await expectAccessible(page);
  const accept = page.getByRole('checkbox', {
    name: 'The checks find 3 warnings (see "Spend and activity"): approve the return with them',
  });
  await accept.focus();
  await page.keyboard.press('Space');
  await expect(accept).toBeChecked();
  await press(page, 'Approve the return');
  await expect(page.getByText('Suzanne Westhead, Director of Adult Social Care, on 29 August 2024')).toBeVisible();
  await expect(page.getByText('Approved — the figures are locked')).toBeVisible();

  // Submit: the next form is one Tab from the heading.
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Date submitted')).toBeFocused();
  await retype(page, '2024-08-30');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('submitted')).toHaveText('30 August 2024: by the deadline');
  await expect(page.getByRole('listitem').filter({ hasText: /^Submitted$/ })).toHaveAttribute('aria-current', 'step');
  await expect(page.getByTestId('next-action')).toHaveText(
    'Take the Q1 2024-25 return to the Health and Wellbeing Board for ratification (no board meeting is in the calendar).',
  );
  await expectAccessible(page);

  expect(app.ctx.db.prepare("SELECT state, submitted_on, deadline FROM bcf_return WHERE period = 'Q1'").get()).toEqual({
    state: 'submitted',
    submitted_on: '2024-08-30',
    deadline: '2024-08-30',
  });
  expect(app.ctx.db.prepare('SELECT name, role, approved_on FROM return_approval ORDER BY position').all()).toEqual([
    { name: 'Suzanne Westhead', role: 'Director of Adult Social Care', approved_on: '2024-08-29' },
    { name: 'Rebecca Hayes', role: 'ICB Place Director', approved_on: '2024-08-29' },
  ]);
});

test('the published Q1 is imported through the preview; an approved return is locked until reopened; the year and the PDF', async ({
  page,
  app,
}) => {
  seedPlan(app.ctx);
  await app.open();
  await page.getByRole('link', { name: 'Quarterly returns' }).click();
  await page.getByRole('checkbox', { name: /^Minimum NHS Contribution/ }).uncheck();
  await page.getByRole('button', { name: 'Create the Q1 2024-25 return' }).click();
  await page.getByRole('button', { name: 'Import actuals…' }).click();
  await page.getByLabel('File to import').setInputFiles(Q1_FILE);
  await expect(page.getByText('6 lines matched in return-2024-25-q1-discharge.tsv (header on row 1).')).toBeVisible();
  await expect(page.getByText('After the import the checks will show 0 errors and 6 warnings.')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Import 6 lines' }).click();
  await expect(page.getByTestId('return-actual')).toHaveText('£741,543.00');
  await expect(page.getByTestId('return-planned')).toHaveText('£3,042,981.00');
  await expect(page.getByText('Complete but for the sign-off: 0 errors, 6 warnings')).toBeVisible();
  await expect(page.getByRole('button', { name: /^No\s*Actuals are not a straight-line profile\s*4/ })).toBeVisible();

  await page.getByRole('button', { name: 'Sign-off' }).click();
  await page.getByRole('button', { name: 'Mark ready for approval' }).click();
  await page.getByLabel('Name').fill('Suzanne Westhead');
  await page.getByLabel('Role').fill('Director of Adult Social Care');
  await page.getByRole('checkbox', { name: /approve the return with them/ }).check();
  await page.getByRole('button', { name: 'Approve the return' }).click();
  await expect(page.getByRole('heading', { name: 'Reopen the return' })).toBeVisible();

  await page.getByRole('button', { name: 'Spend and activity' }).click();
  await expect(page.getByRole('button', { name: 'Import actuals…' })).toBeDisabled();
  await expect(page.getByRole('textbox', { name: /Actual Expenditure to date/ })).toHaveCount(0);
  await expect(page.getByRole('row', { name: /Care Journey\/Coordination/ })).toContainText('£26,750');

  await page.getByRole('button', { name: 'Sign-off' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the one-page summary (PDF)' }).click();
  const pdf = await download;
  expect(pdf.suggestedFilename()).toBe('BCF Q1 2024-25 return summary.pdf');
  expect(
    fs
      .readFileSync((await pdf.path())!)
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');

  await page.getByRole('button', { name: 'Reopen for changes' }).click();
  await expect(page.getByText('Give the reason for reopening: it is kept in the history.')).toBeVisible();
  await page.getByLabel('Reason').fill('ICB finance found a coding error on scheme 103');
  await page.getByRole('button', { name: 'Reopen for changes' }).click();
  await expect(page.getByRole('row', { name: /ICB finance found a coding error on scheme 103/ })).toContainText('e2e');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Spend and activity' }).click();
  await expect(page.getByLabel(`Actual Expenditure to date, ${LINES[1]}`)).toHaveValue('£26,750');

  await page.getByRole('button', { name: 'The year', exact: true }).click();
  const quarters = page.getByRole('table', { name: 'Quarter by quarter' });
  await expect(quarters.getByRole('row', { name: /^Q1/ })).toContainText('£741,543');
  await expect(quarters.getByRole('row', { name: /^Q1/ })).toContainText('24.4%');
  await expect(page.locator('figure.chart svg.recharts-surface[width="560"]')).toBeVisible();
  await expect(page.getByRole('table', { name: 'By Scheme Type' })).toContainText('Community Based Schemes');
  await expectAccessible(page);
});

test('metrics, the calendar and the next action', async ({ page, app }) => {
  seedQ1(app.ctx);
  await app.open();
  await page.getByRole('link', { name: 'Quarterly returns' }).click();
  await page.getByRole('button', { name: 'Metrics' }).click();
  await page.getByLabel('Target for Falls').fill('1,650 per 100,000');
  await page.getByRole('button', { name: 'Save the metrics and targets' }).click();
  await expect(page.getByText('Target: 1,650 per 100,000')).toBeVisible();
  await page.getByRole('button', { name: 'Spend and activity' }).click();
  await expect(page.getByText('Incomplete: 1 error, 6 warnings')).toBeVisible();
  await page.getByRole('button', { name: 'Metrics' }).click();
  await page.getByRole('combobox', { name: 'Assessment' }).nth(1).selectOption('Not on track to meet target');
  await page.getByRole('button', { name: 'Save the assessment of Falls' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved the assessment of Falls' })).toBeVisible();
  await page.getByRole('button', { name: 'Spend and activity' }).click();
  await page.getByRole('button', { name: /^No\s*Required cells are complete/ }).click();
  await expect(
    page.getByText('Metric "Falls" is not on track: describe the challenges and what is being done.'),
  ).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Calendar' }).click();
  await page.getByLabel('Year', { exact: true }).nth(1).selectOption('2024-25');
  await page.getByLabel('Period', { exact: true }).selectOption('Q2');
  await page.getByLabel('Due on').fill('31/10/2099');
  await page.getByRole('button', { name: 'Save the deadline' }).click();
  await page.getByLabel('Date', { exact: true }).fill('2099-11-12');
  await page.getByLabel('Note').fill('Q2 return for ratification');
  await page.getByRole('button', { name: 'Add the meeting' }).click();
  const table = page.getByRole('table', { name: 'Deadlines and board meetings' });
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table.getByRole('row').nth(1)).toContainText('31 October 2099Q2 2024-25 return due (not started)');
  await expect(page.getByTestId('next-action')).toContainText(
    'Complete and check the Q1 2024-25 return (1 error to fix)',
  );
  await expectAccessible(page);
});

test('a return created for the wrong quarter is deleted with a reason, after asking, and the quarter can be created again', async ({
  page,
  app,
}) => {
  seedQ1(app.ctx);
  await app.open();
  await page.getByRole('link', { name: 'Quarterly returns' }).click();
  await press(page, 'Sign-off');
  const reason = page.getByLabel('Reason for deleting');
  const ask = page.getByRole('button', { name: 'Delete the Q1 2024-25 return…' });

  // No reason: said beside the field, and nothing asked or deleted.
  await press(page, 'Delete the Q1 2024-25 return…');
  await expect(reason).toBeFocused();
  await expect(reason).toHaveAccessibleDescription(
    /Error: Give the reason for deleting the return: it is kept in the history\./,
  );
  await expectAccessible(page);

  await page.keyboard.type('Created for the wrong quarter');
  await press(page, 'Delete the Q1 2024-25 return…');
  await expect(page.getByRole('heading', { name: 'Delete the Q1 2024-25 return?' })).toBeFocused();
  await expect(page.getByText('Its 6 lines and the figures entered in them go; the history keeps them.')).toBeVisible();
  await expectAccessible(page);
  await page.keyboard.press('Escape');
  await expect(ask).toBeFocused();
  expect(app.ctx.db.prepare('SELECT count(*) AS n FROM bcf_return').get()).toEqual({ n: 1 });

  await page.keyboard.press('Enter');
  await press(page, 'Delete the Q1 2024-25 return', 'Enter');
  await expect(page.getByRole('heading', { level: 1, name: /^Quarterly returns/ })).toBeFocused();
  await expect(page.getByRole('status').filter({ hasText: 'Deleted the Q1 2024-25 return' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create the Q1 2024-25 return' })).toBeVisible();
  expect(app.ctx.db.prepare('SELECT count(*) AS n FROM bcf_return').get()).toEqual({ n: 0 });
  expect(
    app.ctx.db.prepare("SELECT reason FROM audit_log WHERE entity = 'bcf_return' AND action = 'delete'").all(),
  ).toEqual([{ reason: 'Created for the wrong quarter' }]);
  await expectAccessible(page);
});

test("a blank cover detail is an error, as on the workbook's checklist, and its finding leads to the cover details", async ({
  page,
  app,
}) => {
  seedQ1(app.ctx);
  setPlanCover(app.ctx, '2023-24', { phone: '' });
  await app.open();
  await page.getByRole('link', { name: 'Quarterly returns' }).click();
  await expect(page.getByText('Incomplete: 1 error, 6 warnings')).toBeVisible();
  await press(page, /^No\s*Cover details are complete\s*3/);
  await press(page, /error: Cover: "Contact number" is blank/);
  await expect(page.getByRole('heading', { name: 'Cover details of the Q1 2024-25 return' })).toBeFocused();
  await page.getByLabel('Contact number').fill('01225 396000');
  await press(page, 'Save cover details');
  await expect(page.getByRole('status').filter({ hasText: 'Saved the cover details.' })).toBeVisible();
  await expectAccessible(page);
  await press(page, 'Spend and activity');
  await expect(page.getByText('Complete but for the sign-off: 0 errors, 6 warnings')).toBeVisible();
  expect(app.ctx.db.prepare("SELECT value FROM return_cover WHERE field = 'phone'").get()).toEqual({
    value: '01225 396000',
  });
});

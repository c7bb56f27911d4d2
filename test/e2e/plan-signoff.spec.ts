import type { Page } from '@playwright/test';
import { createArea } from '../../electron/services/areas/areas';
import { createLine } from '../../electron/services/plans/line-actions';
import { setPlanCover } from '../../electron/services/workbooks/plan-workbooks';
import { approvePlan } from '../../electron/services/plans/signoff';
import { getPlanView } from '../../electron/services/plans/plan-view';
import { exportTemplateYear, saveTemplateFile } from '../../electron/services/templates/template-years';
import { beforeApproval } from '../../shared/signoff/approval';
import { expect, expectAccessible, test } from './fixtures';
import { FALLS_LINE } from '../helpers/plans';

async function approveAs(page: Page, partner: string, kind: 'Council' | 'ICB', name: string, date: string) {
  await page.getByLabel('Partner', { exact: true }).fill(partner);
  await page.getByLabel('Kind of partner').selectOption({ label: kind });
  await page.getByLabel("Approver's name").fill(name);
  await page.getByLabel("Approver's role").fill('Chief Executive');
  await page.getByLabel('Date approved').fill(date);
  // The plan's one warning (no income yet) is accepted with a tick, from the keyboard.
  await page
    .getByRole('checkbox', { name: /The checks find a warning \(see "Checks"\): approve the plan with it/ })
    .check();
  // From the keyboard: Enter in a field sends the form.
  await page.getByLabel('Date approved').press('Enter');
  await expect(page.getByRole('row', { name: new RegExp(partner) })).toContainText(name);
}

test('the plan is approved by the council and an ICB, ratified by the board, locked until reopened with a reason', async ({
  page,
  app,
}) => {
  createArea(app.ctx, 'Bath and North East Somerset');
  createLine(app.ctx, '2019-20', FALLS_LINE);
  // Complete but for the sign-off: the approval is not held up by the checks.
  setPlanCover(app.ctx, '2019-20', { completedBy: 'Jane Smith', email: 'bcf@bathnes.gov.uk', phone: '01225 477000' });
  await app.open();
  await page.getByRole('link', { name: 'Plan' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Plan 2019-20' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign-off' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Sign-off' })).toBeVisible();
  await expectAccessible(page);

  // Sent without accepting the warning: nothing is recorded, and the tick says why, beside it.
  await page.getByLabel('Partner', { exact: true }).fill('Bath and North East Somerset Council');
  await page.getByLabel("Approver's name").fill('Will Godfrey');
  await page.getByLabel("Approver's role").fill('Chief Executive');
  await page.getByRole('button', { name: 'Record the approval' }).click();
  const tick = page.getByRole('checkbox', { name: /approve the plan with it/ });
  await expect(tick).toHaveAttribute('aria-invalid', 'true');
  await expect(tick).toHaveAccessibleDescription(/Tick to approve the plan with its warning, or deal with it first\./);
  await expect(page.getByRole('table', { name: 'Partner approvals' })).toHaveCount(0);
  await expectAccessible(page);

  await approveAs(page, 'Bath and North East Somerset Council', 'Council', 'Will Godfrey', '20/03/2025');
  await expect(page.getByRole('checkbox', { name: /approve the plan with it/ })).not.toBeChecked();
  await expect(page.getByRole('heading', { level: 2, name: 'Sign-off' })).toBeFocused();
  await expect(page.getByTestId('plan-locked')).toContainText('being approved and locked');
  await approveAs(page, 'BSW ICB', 'ICB', 'Sue Harriman', '2025-03-24');
  await expect(page.locator('[aria-current="step"]')).toHaveText('Approved');
  await expectAccessible(page);

  await page.getByLabel('Date of the board meeting').fill('27/03/2025');
  await page.getByLabel('Meeting', { exact: true }).fill('HWB 27 March 2025, item 6');
  await page.getByRole('button', { name: 'Record the ratification' }).click();
  await expect(page.getByText('27 March 2025 (HWB 27 March 2025, item 6), before submission')).toBeVisible();
  for (const partner of ['Bath and North East Somerset Council', 'BSW ICB']) {
    await page.getByLabel('Partner submitting').selectOption(partner);
    await page.getByLabel('Date submitted').fill('31/03/2025');
    await page.getByRole('button', { name: 'Record the submission' }).click();
    await expect(page.getByRole('row', { name: new RegExp(partner) })).toContainText('31 March 2025');
  }
  await expect(page.locator('[aria-current="step"]')).toHaveText('Ratified');
  await expectAccessible(page);

  // Locked: an edit is refused with a plain message.
  await page.getByRole('button', { name: 'Cover details' }).click();
  await page.getByLabel('Completed by').fill('Someone Else');
  await page.getByRole('button', { name: 'Save cover details' }).click();
  await expect(
    page.getByText(/so it is locked: .* was not done\. To change it, reopen the plan with a reason/),
  ).toBeVisible();

  // Reopened with a reason: the approvals go, and the plan can be changed again.
  await page.getByRole('button', { name: 'Sign-off' }).click();
  await page.getByRole('button', { name: 'Reopen the plan' }).click();
  await expect(page.getByText('Give the reason for reopening: it is kept in the history.')).toBeVisible();
  await page.getByLabel('Reason for reopening').fill('The ICB asked for a revised allocation');
  await page.getByLabel('Reason for reopening').press('Enter');
  await expect(page.locator('[aria-current="step"]')).toHaveText('Draft');
  await expect(page.getByTestId('plan-locked')).toHaveCount(0);
  await expectAccessible(page);

  const history = app.ctx.db
    .prepare(
      "SELECT action, entity, reason FROM audit_log WHERE entity IN ('plan_approval', 'plan') AND action <> 'create' ORDER BY id",
    )
    .all();
  expect(history.map((h) => (h as { action: string }).action)).toEqual([
    'approve',
    'approve',
    'ratify',
    'update',
    'update',
    'delete',
    'delete',
    'update',
    'state',
  ]);
});

test('an approved plan says when its template year was saved again since, and keeps to the one it was approved on', async ({
  page,
  app,
}) => {
  createArea(app.ctx, 'Bath and North East Somerset');
  createLine(app.ctx, '2019-20', FALLS_LINE);
  setPlanCover(app.ctx, '2019-20', { completedBy: 'Jane Smith', email: 'bcf@bathnes.gov.uk', phone: '01225 477000' });
  approvePlan(
    app.ctx,
    '2019-20',
    {
      partner: 'Bath and North East Somerset Council',
      partnerKind: 'council',
      name: 'Will Godfrey',
      role: 'Chief Executive',
      authority: 'chief-executive',
      approvedOn: '2020-03-20',
    },
    beforeApproval(getPlanView(app.ctx, '2019-20').validation.findings).warnings.length,
  );
  // NHS England's workbook for the year brought again: the line's scheme type is no longer in its list.
  const { file } = exportTemplateYear(app.ctx, '2019-20');
  file.templateYear.lists.schemeTypes = file.templateYear.lists.schemeTypes.filter(
    (t) => t.value !== FALLS_LINE.schemeType,
  );
  saveTemplateFile(app.ctx, file, { broughtFrom: 'BCF 2019-20 planning template (revised).xlsx' });

  await app.open();
  await page.getByRole('link', { name: 'Plan' }).click();
  const notice = page.getByRole('status').filter({ hasText: 'since this plan was approved' });
  await expect(notice).toContainText(
    'The 2019-20 template year has been saved again since this plan was approved. The plan is shown, checked and exported with the 2019-20 template year as it was approved; reopen it (Sign-off) to follow the template year as it is now.',
  );
  // Nothing to bring or copy: the way on is to reopen it.
  await expect(notice.getByRole('button')).toHaveCount(0);
  const checks = page.getByRole('region', { name: 'Checks' });
  await expect(checks).toContainText(/Yes\s*Values are in the year's lists/);
  await expectAccessible(page);
  await page.screenshot({ path: test.info().outputPath('approved-notice.png') });

  // Reopened with a reason, it follows the template year as it is now: the line's scheme type is flagged.
  await page.getByRole('button', { name: 'Sign-off' }).click();
  await page.getByRole('button', { name: 'Reopen the plan' }).click();
  await page.getByLabel('Reason for reopening').fill('NHS England revised the scheme types');
  await page.getByLabel('Reason for reopening').press('Enter');
  await expect(page.locator('[aria-current="step"]')).toHaveText('Draft');
  await expect(notice).toHaveCount(0);
  await page.getByRole('button', { name: 'Scheme lines' }).click();
  await expect(checks).toContainText(/No\s*Values are in the year's lists\s*1/);
});

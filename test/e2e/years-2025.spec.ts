import type { Page } from '@playwright/test';
import { createArea } from '../../electron/services/areas/areas';
import { importPlanTable } from '../../electron/services/plans/import-plan';
import { createReturn } from '../../electron/services/returns/create';
import { listMetrics, setMetrics } from '../../electron/services/returns/metrics';
import { setPlanCover } from '../../electron/services/workbooks/plan-workbooks';
import { PLAN_2025_HEAD, plan2025Row, STREAMS_2025 } from '../helpers/plan-2025';
import { COVER } from '../helpers/returns';
import { expect, expectAccessible, test } from './fixtures';

/** A 2025-26 plan in the new stream names, one line under another name of the grant. */
const PLAN_2025 = [
  PLAN_2025_HEAD,
  ...STREAMS_2025.map((s, i) => plan2025Row(String(i + 1), s, i === 0 ? { amount: '£2,440,000' } : {})),
]
  .map((r) => r.join('\t'))
  .join('\n');

/** The checklist row of one rule, found by the rule id it carries for screen readers. */
const check = (page: Page, ruleId: string) =>
  page.getByRole('button', { name: new RegExp(`\\(${ruleId.replace(/\./g, '\\.')}\\)`) });

async function setBaseline(page: Page, amount: string) {
  await page.getByRole('button', { name: 'Income and minimums' }).click();
  const field = page.getByLabel(/^Last year's baseline of the NHS minimum to adult social care, 2025-26/);
  await field.fill(amount);
  await page.getByRole('button', { name: /^Save Last year's baseline .*, 2025-26$/ }).click();
  await expect(field).toHaveValue(amount);
  await page.getByRole('button', { name: 'Scheme lines' }).click();
}

test('a 2025-26 plan in the new stream names is imported and checked, with the adult social care minimum to the penny', async ({
  page,
  app,
}) => {
  createArea(app.ctx, 'Testshire');
  await app.open();
  await page.getByLabel('Another year').fill('2025-26');
  await page.getByRole('button', { name: 'Open year' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Plan 2025-26' })).toBeVisible();
  await page.getByRole('button', { name: 'Import…' }).click();
  await page
    .getByLabel('File to import')
    .setInputFiles({ name: 'plan-2025-26.tsv', mimeType: 'text/tab-separated-values', buffer: Buffer.from(PLAN_2025) });
  await expect(page.getByText('6 lines will be created from plan-2025-26.tsv')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Import 6 lines' }).click();
  await expect(page.getByRole('grid', { name: 'Scheme lines (6)' })).toBeVisible();

  // Every Source of Funding, the alias among them, is one of 2025-26's.
  await expect(check(page, 'plan.unknown-value')).toContainText('Yes');
  await expect(page.getByRole('row', { name: /Scheme 3/ })).toContainText('Local Authority Better Care Grant');
  // No baseline entered yet: the adult social care minimum is not checked.
  await expect(check(page, 'plan.asc-minimum-uplift')).toContainText('Yes');

  // £2,348,411.94 × 1.039 = £2,440,000.01: the plan's £2,440,000 is a penny short.
  await setBaseline(page, '£2,348,411.94');
  await expect(check(page, 'plan.asc-minimum-uplift')).toContainText('No');
  await check(page, 'plan.asc-minimum-uplift').click();
  await expect(
    page.getByText(
      'NHS minimum to adult social care, 2025-26: the plan has £2,440,000 against £2,440,000.01 (the baseline £2,348,411.94 plus 3.9%), £0.01 short.',
    ),
  ).toBeVisible();
  await expectAccessible(page);

  // £2,348,411.93 × 1.039 = £2,440,000.0003…, rounded once to £2,440,000.00: met exactly.
  await setBaseline(page, '£2,348,411.93');
  await expect(check(page, 'plan.asc-minimum-uplift')).toContainText('Yes');
  await expectAccessible(page);
});

test('a 2025-26 return asks for the three metrics and the national conditions, and is not ready until they are answered', async ({
  page,
  app,
}) => {
  createArea(app.ctx, 'Testshire');
  const rows = [PLAN_2025_HEAD, plan2025Row('1', 'Local Authority Better Care Fund Grant', { amount: '£500,000' })];
  importPlanTable(app.ctx, { file: 'plan-2025-26.tsv', rows, year: '2025-26', mode: 'refuse' });
  setPlanCover(app.ctx, '2025-26', COVER);
  createReturn(app.ctx, { year: '2025-26', period: 'Q1' });
  // With a target each, every metric needs its assessment.
  const names = listMetrics(app.ctx, '2025-26').map((m) => m.name);
  setMetrics(
    app.ctx,
    '2025-26',
    names.map((name) => ({ name, target: '1,000' })),
  );
  const saveStatus = page.locator('.save-status');
  await app.open();
  await page.getByRole('link', { name: 'Quarterly returns' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Quarterly returns 2025-26' })).toBeVisible();
  await page.getByLabel(/^Actual Expenditure to date, line 1,/).fill('£120,000');
  await page.getByLabel(/^Actual Expenditure to date, line 1,/).press('Tab');
  await page.getByLabel(/^Implementation issues\?, line 1,/).selectOption('No');
  await page.getByLabel(/^Outputs delivered to date.*, line 1,/).fill('1,200');
  await page.getByLabel(/^Outputs delivered to date.*, line 1,/).press('Tab');

  await page.getByRole('button', { name: 'Metrics', exact: true }).click();
  await expect(page.getByRole('heading', { level: 3 })).toHaveText([
    'Emergency admissions, people aged 65 and over, per 100,000 population',
    'Average length of discharge delay, acute adult patients',
    'Long-term admissions to residential and nursing care, people aged 65 and over, per 100,000 population',
    'Metrics and targets for 2025-26',
  ]);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'National conditions', exact: true }).click();
  const confirmed = page.getByLabel('Confirmed?');
  const conditions = await confirmed.count();
  expect(conditions).toBeGreaterThan(0);
  await expectAccessible(page);

  // Refused: each metric and each condition is an error until answered.
  await page.getByRole('button', { name: 'Sign-off', exact: true }).click();
  await page.getByRole('button', { name: 'Mark ready for approval' }).click();
  await expect(saveStatus).toContainText(
    `Not saved: The Q1 2025-26 return cannot be marked ready for approval: the checks find ${3 + conditions} errors`,
  );
  for (const name of names) await expect(saveStatus).toContainText(`Metric "${name}" (target 1,000)`);
  await expect(saveStatus).toContainText(/National condition 1 \(.*\): confirm it, Yes or No/);
  await expect(page.getByRole('heading', { name: 'Record the approval' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Metrics', exact: true }).click();
  for (const name of names) {
    const form = page.getByRole('form', { name });
    await form.getByLabel('Assessment').selectOption('On track to meet target');
    await form.getByRole('button', { name: `Save the assessment of ${name}` }).click();
    await expect(saveStatus).toContainText(`Saved the assessment of ${name}`);
  }
  await page.getByRole('button', { name: 'National conditions', exact: true }).click();
  for (let i = 0; i < conditions; i++) {
    await confirmed.nth(i).selectOption('Yes');
    await expect(confirmed.nth(i)).toHaveValue('Yes');
  }
  await page.getByRole('button', { name: 'Sign-off', exact: true }).click();
  await page.getByRole('button', { name: 'Mark ready for approval' }).click();
  await expect(page.getByRole('heading', { name: 'Record the approval' })).toBeVisible();
  await expectAccessible(page);
});

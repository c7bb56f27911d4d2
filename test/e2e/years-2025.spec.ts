import type { Page } from '@playwright/test';
import { createArea } from '../../electron/services/areas/areas';
import { expect, expectAccessible, test } from './fixtures';

const HEAD = [
  'Scheme ID',
  'Scheme Name',
  'Brief Description of Scheme',
  'Scheme Type',
  'Sub Types',
  'Area of Spend',
  'Commissioner',
  'Provider',
  'Source of Funding',
  'Expenditure for 2025-26 (£)',
  'New/Existing',
];
const row = (id: string, source: string, amount: string) => [
  id,
  `Scheme ${id}`,
  'Support at home',
  'Home Care or Domiciliary Care',
  'Domiciliary care packages',
  'Social Care',
  'Local Authority',
  'Local Authority',
  source,
  amount,
  'Existing',
];
/** A 2025-26 plan in the new stream names, one line under another name of the grant. */
const PLAN_2025 = [
  HEAD,
  row('1', 'NHS Minimum Contribution', '£2,440,000'),
  row('2', 'Local Authority Better Care Grant', '£1,000'),
  row('3', 'Local Authority Better Care Fund Grant', '£1,000'),
  row('4', 'DFG', '£1,000'),
  row('5', 'Additional LA Contribution', '£1,000'),
  row('6', 'Additional NHS Contribution', '£1,000'),
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

import type { Locator, Page } from '@playwright/test';
import { dispatch } from '../../electron/api/dispatch';
import { createPool } from '../../electron/services/pools/create';
import { expect, expectAccessible, test, type AppUnderTest } from './fixtures';

type PoolInput = Parameters<typeof createPool>[1];

async function openPools(page: Page) {
  await page.getByRole('link', { name: 'Pooled budgets' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Pooled budgets/ })).toBeFocused();
}

/** Presses Tab (or Shift+Tab, for something further up the page), as a keyboard user would, until `target` has the focus. */
async function tabTo(page: Page, target: Locator) {
  // The editors move the focus in the next animation frame after a save; let that land before choosing a direction.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  const back = await target.evaluate(
    (el) =>
      document.activeElement !== null &&
      Boolean(document.activeElement.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING),
  );
  for (let i = 0; i < 40; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  await expect(target).toBeFocused();
}

/** Types into the field that has the focus, after clearing it. */
async function typeInto(page: Page, field: Locator, text: string) {
  await tabTo(page, field);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

const count = (app: AppUnderTest, table: string) =>
  (app.ctx.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** Bath and North East Somerset's area and one of its 2019-20 pools under s75, as the statement tests start. */
function seedPool(app: AppUnderTest, pool: Pick<PoolInput, 'name' | 'host' | 'partners'> & Partial<PoolInput>) {
  app.ctx.db.prepare("INSERT INTO area (name, created_at) VALUES ('Bath and North East Somerset', '2026-01-01')").run();
  createPool(app.ctx, { year: '2019-20', legalBasis: 's75 NHS Act 2006', contributions: [], ...pool });
}

/** A two-partner pool, half each, with each partner's contribution. */
const MENTAL_HEALTH = {
  name: 'Mental Health',
  partners: [
    { name: 'CCG', kind: 'health', ratio: '50' },
    { name: 'Council', kind: 'social care', ratio: '50' },
  ],
  contributions: [
    { partner: 'CCG', label: 'CCG', amountPence: 300_000_00 },
    { partner: 'Council', label: 'Council', amountPence: 200_000_00 },
  ],
} satisfies Partial<PoolInput>;

test('a finance partner sets up a three-partner pool by keyboard: partners, ratio and host, refused until complete', async ({
  page,
  app,
}) => {
  app.ctx.db.prepare("INSERT INTO area (name, created_at) VALUES ('Bath and North East Somerset', '2026-01-01')").run();
  const rows = (table: string) => count(app, table);
  await app.open();
  await openPools(page);

  // New pool…, by keyboard.
  await tabTo(page, page.getByRole('button', { name: 'New pool…' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'New pool in 2019-20' })).toBeFocused();
  await expectAccessible(page);

  // Nothing typed yet: the API's refusal is shown beside the pool's name, and nothing is saved.
  await tabTo(page, page.getByRole('button', { name: 'Create the pool' }));
  await page.keyboard.press('Enter');
  const poolName = page.getByLabel('Pool name', { exact: true });
  await expect(poolName).toBeFocused();
  await expect(poolName).toHaveAttribute('aria-invalid', 'true');
  await expect(poolName).toHaveAccessibleDescription('Error: A pool name is required');
  await expect(page.getByRole('status')).toContainText('Not done: A pool name is required');
  await expectAccessible(page);
  expect(rows('pool')).toBe(0);

  await page.keyboard.type('Integrated Equipment');
  await typeInto(page, page.getByLabel('Partner 1 name'), 'CCG');
  await typeInto(page, page.getByLabel('Partner 1 ratio part'), '14');
  await typeInto(page, page.getByLabel('Partner 2 name'), 'Council');
  // A ratio for one partner only: refused, said above the partners, nothing saved.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('group', { name: 'Partners, in the agreed order' })).toHaveAccessibleDescription(
    /Error: Give every partner a part of the ratio, or none\./,
  );
  await expect(page.getByLabel('Partner 1 name')).toBeFocused();
  await expect(poolName).not.toHaveAttribute('aria-invalid', 'true');
  expect(rows('pool')).toBe(0);
  await typeInto(page, page.getByLabel('Partner 2 ratio part'), '41');
  await tabTo(page, page.getByRole('button', { name: 'Add a partner' }));
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Partner 3 name')).toBeFocused();
  await page.keyboard.type('Education');
  await tabTo(page, page.getByLabel('Partner 3 kind'));
  await page.keyboard.press('ArrowUp'); // other → education
  await expect(page.getByLabel('Partner 3 kind')).toHaveValue('education');
  await typeInto(page, page.getByLabel('Partner 3 ratio part'), '45');

  // A fourth partner added by mistake is removed again.
  await tabTo(page, page.getByRole('button', { name: 'Add a partner' }));
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Partner 4 name')).toBeFocused();
  await page.keyboard.type('Mistake');
  await tabTo(page, page.getByRole('button', { name: 'Remove partner 4 (Mistake)' }));
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Partner 4 name')).toHaveCount(0);
  await expect(page.getByLabel('Partner 3 name')).toBeFocused();

  await tabTo(page, page.getByLabel('Host partner', { exact: true }));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown'); // not recorded → CCG → Council
  await expect(page.getByLabel('Host partner', { exact: true }).locator('option:checked')).toHaveText('Council');
  await tabTo(page, page.getByRole('button', { name: 'Create the pool' }));
  await page.keyboard.press('Enter');

  // The new pool opens.
  await expect(page.getByRole('heading', { level: 1, name: 'Integrated Equipment: statement 2019-20' })).toBeFocused();
  await expect(page.getByRole('status')).toContainText('Created the pool Integrated Equipment');
  const partners = page.getByRole('table', { name: 'Partners, in the agreed order (a tied penny goes to the first)' });
  await expect(partners.getByRole('row', { name: /Council \(host\)/ })).toContainText('41');
  await expect(partners.getByRole('row', { name: /Education/ })).toContainText('education');
  expect(
    app.ctx.db
      .prepare('SELECT name, kind, ratio_part AS ratio, is_host AS host FROM pool_partner ORDER BY position')
      .all(),
  ).toEqual([
    { name: 'CCG', kind: 'health', ratio: '14', host: 0 },
    { name: 'Council', kind: 'social care', ratio: '41', host: 1 },
    { name: 'Education', kind: 'education', ratio: '45', host: 0 },
  ]);
  await expectAccessible(page);
});

test('contributions and budget lines are added, changed and deleted by keyboard, and the budget by partner adds up to the penny', async ({
  page,
  app,
}) => {
  seedPool(app, {
    name: 'Integrated Equipment',
    host: 'Council',
    partners: [
      { name: 'CCG', kind: 'health', ratio: '14' },
      { name: 'Council', kind: 'social care', ratio: '41' },
      { name: 'Education', kind: 'education', ratio: '45' },
    ],
  });
  const rows = (table: string) => count(app, table);
  await app.open();
  await openPools(page);
  await tabTo(page, page.getByRole('button', { name: 'Open the statement for Integrated Equipment' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Integrated Equipment: statement 2019-20' })).toBeFocused();
  const partners = page.getByRole('table', { name: 'Partners, in the agreed order (a tied penny goes to the first)' });

  // A contribution: "£12,x" and a negative amount are refused beside the amount, in the API's words; nothing saved.
  await tabTo(page, page.getByRole('button', { name: 'Add a contribution' }));
  await page.keyboard.press('Enter');
  await typeInto(page, page.getByLabel('Label', { exact: true }), 'CCG minimum contribution');
  const amount = page.getByLabel('Amount £', { exact: true });
  await typeInto(page, amount, '£12,x');
  await page.keyboard.press('Enter');
  await expect(amount).toBeFocused();
  await expect(amount).toHaveAttribute('aria-invalid', 'true');
  await expect(
    page.getByText('"£12,x" is not an amount: the letter x (character 5) is not a digit, comma, point or £ sign'),
  ).toBeVisible();
  await expectAccessible(page);
  await typeInto(page, amount, '-£5');
  await page.keyboard.press('Enter');
  await expect(amount).toHaveAccessibleDescription(/Error: A contribution cannot be negative: enter £0 or more/);
  const api = await dispatch(app.ctx, 'pool.saveContribution', {
    poolId: 1,
    partner: 'CCG',
    label: 'x',
    amountPence: -500,
  });
  expect(api).toMatchObject({
    ok: false,
    error: { field: 'amountPence', message: 'amountPence: A contribution cannot be negative: enter £0 or more' },
  });
  expect(rows('pool_contribution')).toBe(0);
  await expectAccessible(page);

  await typeInto(page, amount, '£1,000,000.01');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText('Added the contribution "CCG minimum contribution"');
  await expect(page.getByRole('button', { name: 'Add a contribution' })).toBeFocused();
  for (const [from, label, amountText] of [
    ['Council', 'Council social care', '2929292.93'],
    ['Education', 'High needs block', '£1,234.56'],
  ] as const) {
    await expect(page.getByRole('button', { name: 'Add a contribution' })).toBeFocused();
    await page.keyboard.press('Enter');
    const fromField = page.getByLabel('From', { exact: true });
    await tabTo(page, fromField);
    await page.keyboard.press('ArrowDown');
    if (from === 'Education') await page.keyboard.press('ArrowDown');
    await expect(fromField).toHaveValue(from);
    await typeInto(page, page.getByLabel('Label', { exact: true }), label);
    await typeInto(page, page.getByLabel('Amount £', { exact: true }), amountText);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status')).toContainText(`Added the contribution "${label}"`);
  }
  await expect(partners.getByRole('row', { name: /^CCG/ })).toContainText('£1,000,000.01');
  await expect(partners.getByRole('row', { name: /^Council/ })).toContainText('£2,929,292.93');
  await expect(partners.getByRole('row', { name: /^Education/ })).toContainText('£1,234.56');
  await expect(partners.getByRole('row', { name: /^Total/ })).toContainText('£3,930,527.50');
  await expect(page.getByTestId('statement-budget')).toHaveText('£3,930,527.50');

  // Change a contribution.
  await tabTo(page, page.getByRole('button', { name: 'Change the contribution High needs block' }));
  await page.keyboard.press('Enter');
  await typeInto(page, page.getByLabel('Amount £', { exact: true }), '£1,234.57');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText('Saved the contribution "High needs block"');
  await expect(page.getByTestId('statement-budget')).toHaveText('£3,930,527.51');

  // Budget lines, one of them negative, each classified to a partner.
  const lines = [
    ['H1', 'Equipment (health)', 'CCG', '£1,000,000.01'],
    ['S1', 'Equipment (care)', 'Council', '£2,979,292.93'],
    ['INC', 'Client contributions', 'Council', '-£50,000'],
    ['E1', 'Equipment (schools)', 'Education', '£1,234.57'],
  ] as const;
  for (const [code, name, partner, budget] of lines) {
    await tabTo(page, page.getByRole('button', { name: 'Add a budget line' }));
    await page.keyboard.press('Enter');
    await typeInto(page, page.getByLabel('Line ID', { exact: true }), code);
    await typeInto(page, page.getByLabel('Line name', { exact: true }), name);
    await tabTo(page, page.getByLabel('Whose cost', { exact: true }));
    for (let i = 0; i < ['CCG', 'Council', 'Education'].indexOf(partner); i++) await page.keyboard.press('ArrowDown');
    await expect(page.getByLabel('Whose cost', { exact: true })).toHaveValue(partner);
    await typeInto(page, page.getByLabel('Budget £', { exact: true }), budget);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status')).toContainText(`Added line ${code}`);
    await expect(page.getByRole('button', { name: 'Add a budget line' })).toBeFocused();
  }
  const lineTable = page.getByRole('table', { name: /^Budget lines \(4\)/ });
  await expect(lineTable.getByRole('row', { name: /^INC/ })).toContainText('-£50,000.00');
  await expect(partners.getByRole('row', { name: /^Council/ })).toContainText('£2,929,292.93£2,929,292.93');
  await expect(partners.getByRole('row', { name: /^Education/ })).toContainText('£1,234.57£1,234.57');
  await expect(page.getByTestId('statement-budget')).toHaveText('£3,930,527.51');
  await expectAccessible(page);

  // Delete a line, asked first: Escape keeps it, the second time it goes.
  const deleteInc = page.getByRole('button', { name: 'Delete line INC Client contributions…' });
  await tabTo(page, deleteInc);
  await page.keyboard.press('Enter');
  await expect(
    page.getByRole('heading', { name: 'Delete line INC Client contributions (Council, -£50,000.00)?' }),
  ).toBeFocused();
  await expectAccessible(page);
  await page.keyboard.press('Escape');
  await expect(deleteInc).toBeFocused();
  expect(rows('pool_budget_line')).toBe(4);
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('button', { name: 'Delete line INC', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText('Deleted line INC Client contributions');
  await expect(page.getByRole('table', { name: /^Budget lines \(3\)/ })).toBeVisible();
  await expect(partners.getByRole('row', { name: /^Council/ })).toContainText('£2,929,292.93£2,979,292.93');
  await expect(page.getByTestId('statement-budget')).toHaveText('£3,980,527.51');
  await expect(
    page.getByText(
      'Note: The budget lines add up to £3,980,527.51 but the contributions to £3,930,527.51 (a difference of £50,000.00); the budget lines are used.',
    ),
  ).toBeVisible();
  expect(rows('pool_budget_line')).toBe(3);
  await expectAccessible(page);
});

test('budget lines are imported after a preview, a bad file changes nothing, the host changes, and the pool is deleted after asking', async ({
  page,
  app,
}) => {
  seedPool(app, { ...MENTAL_HEALTH, host: null });
  const rows = (table: string) => count(app, table);
  await app.open();
  await openPools(page);
  await page.getByRole('button', { name: 'Open the statement for Mental Health' }).click();

  await page.getByRole('button', { name: 'Import budget lines…' }).click();
  const file = page.getByLabel('A table of budget lines (TSV or CSV)');
  await expect(file).toBeFocused();
  await file.setInputFiles({
    name: 'bad-lines.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('Line,Name,Partner,Budget\nH,Health,CCG,£12,x\nS,Care,Parks,£1\n'),
  });
  await expect(page.getByRole('alert')).toContainText('bad-lines.csv');
  await expect(page.getByRole('alert')).toContainText('nothing was imported');
  await expectAccessible(page);
  expect(rows('pool_budget_line')).toBe(0);

  await file.setInputFiles({
    name: 'lines.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      'Line,Name,Partner,Budget,Contingency\nH,Health services,health,"£300,000.01",No\nS,Social care,Council,"£199,999.99",\nR,Risk reserve,,£0,Yes\n',
    ),
  });
  await expect(page.getByRole('heading', { name: 'lines.csv holds 3 budget lines' })).toBeVisible();
  await expect(page.getByText('H Health services: CCG, £300,000.01')).toBeVisible();
  await expect(page.getByText('R Risk reserve: shared, £0.00 (contingency)')).toBeVisible();
  expect(rows('pool_budget_line')).toBe(0);
  await expectAccessible(page);
  await expect(page.getByRole('button', { name: 'Import these 3 lines' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText('Imported 3 budget lines from lines.csv');
  await expect(page.getByRole('button', { name: 'Import budget lines…' })).toBeFocused();
  const partners = page.getByRole('table', { name: 'Partners, in the agreed order (a tied penny goes to the first)' });
  await expect(partners.getByRole('row', { name: /^CCG/ })).toContainText('£300,000.00£300,000.01');
  await expect(partners.getByRole('row', { name: /^Council/ })).toContainText('£200,000.00£199,999.99');
  expect(rows('pool_budget_line')).toBe(3);

  // Importing again needs "replace".
  await page.getByRole('button', { name: 'Import budget lines…' }).click();
  await file.setInputFiles({
    name: 'lines.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('Line,Name,Partner,Budget\nH,Health,CCG,£1\n'),
  });
  await expect(page.getByRole('alert')).toContainText(
    'Mental Health already has 3 budget lines; choose to replace them',
  );
  await page.getByLabel('Replace the 3 existing lines (their forecasts and outturns go too)').check();
  await expect(page.getByRole('heading', { name: 'lines.csv holds 1 budget line, replacing 3' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  expect(rows('pool_budget_line')).toBe(3);

  // The host and legal basis.
  await page.getByLabel('Host partner', { exact: true }).selectOption('Council');
  await page.getByLabel('Legal basis', { exact: true }).selectOption('other');
  await page.getByRole('button', { name: 'Save the legal basis and host' }).click();
  await expect(page.getByRole('status')).toContainText('Saved the legal basis and host of Mental Health');
  await expect(partners.getByRole('row', { name: /Council \(host\)/ })).toBeVisible();
  expect(app.ctx.db.prepare('SELECT legal_basis FROM pool').get()).toEqual({ legal_basis: 'other' });

  // Deleting the pool asks first.
  await page.getByRole('button', { name: 'Delete Mental Health…' }).click();
  await expect(page.getByRole('heading', { name: 'Delete Mental Health (2019-20)?' })).toBeFocused();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('button', { name: 'Delete Mental Health…' })).toBeFocused();
  expect(rows('pool')).toBe(1);
  await page.getByRole('button', { name: 'Delete Mental Health…' }).click();
  await page.getByRole('button', { name: 'Delete Mental Health', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Pooled budgets 2019-20' })).toBeFocused();
  await expect(page.getByRole('status')).toContainText('Deleted the pool Mental Health');
  await expect(page.getByRole('heading', { name: 'No pools in 2019-20 yet' })).toBeVisible();
  expect(rows('pool')).toBe(0);
  expect(rows('pool_budget_line')).toBe(0);
});

test('a partner is renamed by keyboard (the CCG became the ICB), a clash is refused beside the name, and the budget by partner follows', async ({
  page,
  app,
}) => {
  seedPool(app, { ...MENTAL_HEALTH, host: 'CCG' });
  await app.open();
  await openPools(page);
  await page.getByRole('button', { name: 'Open the statement for Mental Health' }).click();
  const change = page.getByRole('button', { name: 'Change the partner CCG' });
  await tabTo(page, change);
  await page.keyboard.press('Enter');
  const name = page.getByLabel('Partner name', { exact: true });

  // Escape keeps the partner as it was, and the focus goes back to its button.
  await typeInto(page, name, 'ICB');
  await page.keyboard.press('Escape');
  await expect(change).toBeFocused();
  await page.keyboard.press('Enter');

  // Another partner's name is refused beside the name, in the API's words; nothing is saved.
  await typeInto(page, name, 'council');
  await page.keyboard.press('Enter');
  await expect(name).toBeFocused();
  await expect(name).toHaveAccessibleDescription(
    /Error: Mental Health already has a partner called "Council"; each partner once\./,
  );
  await expectAccessible(page);
  expect(app.ctx.db.prepare('SELECT name FROM pool_partner ORDER BY position').all()).toEqual([
    { name: 'CCG' },
    { name: 'Council' },
  ]);

  await typeInto(page, name, 'ICB');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText('Saved the partner ICB of Mental Health');
  await expect(page.getByRole('button', { name: 'Change the partner ICB' })).toBeFocused();
  const partners = page.getByRole('table', { name: 'Partners, in the agreed order (a tied penny goes to the first)' });
  await expect(partners.getByRole('row', { name: /^ICB \(host\)/ })).toContainText('£300,000.00');
  await expect(page.getByRole('table', { name: /^Contributions/ }).getByRole('row', { name: /^CCG/ })).toContainText(
    'ICB',
  );
  await expectAccessible(page);
  expect(app.ctx.db.prepare('SELECT name, kind FROM pool_partner ORDER BY position').all()).toEqual([
    { name: 'ICB', kind: 'health' },
    { name: 'Council', kind: 'social care' },
  ]);
});

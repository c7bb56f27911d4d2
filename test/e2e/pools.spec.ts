import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './fixtures';

/** Collects Content-Security-Policy violations (the chart must not need inline styles or scripts). */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    (window as unknown as { cspViolations: string[] }).cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { cspViolations: string[] }).cspViolations.push(
        `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
      ),
    );
  });
  return () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

async function openPools(page: Page) {
  await page.getByRole('link', { name: 'Pooled budgets' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Pooled budgets/ })).toBeFocused();
}

test('a finance partner loads the published pools, records an outturn and reads the statement with its working', async ({
  page,
  app,
}) => {
  const cspViolations = await watchCsp(page);
  app.ctx.db.prepare("INSERT INTO area (name, created_at) VALUES ('Bath and North East Somerset', '2026-01-01')").run();
  await app.open();
  await openPools(page);
  await expect(page.getByRole('heading', { name: 'No pools in 2019-20 yet' })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Load the published 2019/20 pooled budgets' }).click();
  await expect(page.getByRole('status')).toContainText('Loaded the four published 2019/20 pools');
  const pools = page.getByRole('table', { name: 'Pools (4)' });
  await expect(pools).toBeVisible();
  await expect(pools.getByRole('row', { name: /Children's Services/ })).toContainText('CCG:Council:Education 14:41:45');
  await expect(pools.getByRole('row', { name: /Learning Disabilities and Autism/ })).toContainText('£31,642,604.00');
  await expectAccessible(page);

  await page.getByRole('button', { name: "Open the statement for Children's Services" }).click();
  await expect(page.getByRole('heading', { level: 1, name: "Children's Services: statement 2019-20" })).toBeFocused();
  await expect(page.getByText('No shares: No outturn is recorded for this pool yet.')).toBeVisible();

  // Keyboard only: type the outturn and press Enter.
  await page.getByLabel('Outturn for the whole pool £').fill('£2,876,209.01');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText("Recorded the outturn of Children's Services");
  await expect(page.getByTestId('statement-variance')).toHaveText('£101.01');
  const shares = page.getByRole('table', { name: "Each partner's share of the outturn variance" });
  await expect(shares.getByRole('row', { name: /CCG/ })).toContainText('£14.14');
  await expect(shares.getByRole('row', { name: /Council/ })).toContainText('£41.41');
  await expect(shares.getByRole('row', { name: /Education/ })).toContainText('£45.46');
  await expect(page.getByTestId('proof')).toContainText(
    'The shares add up exactly to the variance: £101.01 = £101.01.',
  );
  await expect(page.getByRole('heading', { level: 3, name: 'Shared by the fixed ratio' })).toBeVisible();
  await expect(page.getByText(/Exact shares: CCG £101\.01 x 14 \/ 100 = £14\.1414/)).toBeVisible();

  // The chart's figures are also a table.
  const chartTable = page.getByRole('table', { name: "The chart's figures: each partner's share by year" });
  await expect(chartTable.getByRole('row', { name: /2019-20/ })).toContainText('£45.46');
  await expect(
    page.getByRole('img', { name: /Bar chart\. 2019-20: CCG £14\.14, Council £41\.41, Education £45\.46/ }),
  ).toBeVisible();
  await expectAccessible(page);

  // Record who agreed it.
  await page.getByLabel('For', { exact: true }).selectOption('Education');
  await page.getByLabel('Agreed by (name)').fill('C. Schools');
  await page.getByLabel('Role').fill('Finance Manager');
  await page.getByLabel('Date agreed').fill('2020-05-20');
  await page.getByRole('button', { name: 'Record the agreement' }).click();
  await expect(
    page.getByText('Education: C. Schools, Finance Manager, on 2020-05-20 (the figures are as agreed)'),
  ).toBeVisible();
  const stored = app.ctx.db.prepare('SELECT partner_name, agreed_by, agreed_on FROM pool_agreement').all();
  expect(stored).toEqual([{ partner_name: 'Education', agreed_by: 'C. Schools', agreed_on: '2020-05-20' }]);

  await page.getByRole('button', { name: 'Back to all pools' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Pooled budgets 2019-20' })).toBeFocused();
  await expect(pools.getByRole('row', { name: /Children's Services/ })).toContainText('Education: £45.46');
  expect(await cspViolations()).toEqual([]);
});

test('a wrong amount or parameter is explained beside its field and nothing is saved', async ({ page, app }) => {
  app.ctx.db.prepare("INSERT INTO area (name, created_at) VALUES ('Bath and North East Somerset', '2026-01-01')").run();
  await app.open();
  await openPools(page);
  await page.getByRole('button', { name: 'Load the published 2019/20 pooled budgets' }).click();
  await page.getByRole('button', { name: 'Open the statement for Mental Health' }).click();

  await page.getByLabel('Outturn for the whole pool £').fill('£6.2m');
  await page.getByRole('button', { name: 'Save the outturn' }).click();
  const amount = page.getByLabel('Outturn for the whole pool £');
  await expect(amount).toBeFocused();
  await expect(amount).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('scaled figures (k, m, bn) are not accepted')).toBeVisible();

  await page.getByLabel('Method for an overspend').selectOption('threshold');
  await page.getByLabel("Threshold, % of the pool's budget").fill('ten');
  await page.getByRole('button', { name: 'Save the risk share' }).click();
  await expect(page.getByLabel("Threshold, % of the pool's budget")).toBeFocused();
  await expect(page.getByText('"ten" is not a percentage')).toBeVisible();
  await expectAccessible(page);
  expect(
    app.ctx.db.prepare("SELECT outturn_pence, overspend_method FROM pool WHERE name = 'Mental Health'").get(),
  ).toEqual({ outturn_pence: null, overspend_method: '{"method":"fixed-ratio"}' });

  await page.getByLabel("Threshold, % of the pool's budget").fill('10%');
  await page.getByRole('button', { name: 'Save the risk share' }).click();
  await expect(page.getByRole('status')).toContainText('Saved the risk-share methods');
  await expect(page.getByText('Overspend: threshold 10% of budget')).toBeVisible();
  // £700,002.01 over: £606,099.80 by 50:50, and the rest by the ratio too, since there is no line detail (said in the working).
  await amount.fill('£6,761,000.01');
  await amount.press('Enter');
  await expect(page.getByTestId('statement-variance')).toHaveText('£700,002.01');
  await expect(
    page.getByText(
      'Note: The part beyond the threshold is borne by each partner in proportion to the variance on its own lines, but this pool has only a pool-level outturn',
    ),
  ).toBeVisible();
});

test("the year's statement downloads as an xlsx workbook", async ({ page, app }) => {
  app.ctx.db.prepare("INSERT INTO area (name, created_at) VALUES ('Bath and North East Somerset', '2026-01-01')").run();
  await app.open();
  await openPools(page);
  await page.getByRole('button', { name: 'Load the published 2019/20 pooled budgets' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download the 2019-20 statement (xlsx)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('Bath and North East Somerset pooled budgets 2019-20 outturn.xlsx');
  const file = await download.path();
  expect(fs.readFileSync(file!).subarray(0, 2).toString()).toBe('PK');
  await expect(page.getByRole('status')).toContainText(
    'Saved Bath and North East Somerset pooled budgets 2019-20 outturn.xlsx',
  );
});

import { areaPackage, THREE_AREAS } from '../helpers/consolidation';
import { expect, expectAccessible, test } from './fixtures';

const asFile = (name: string, json: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(json) });

/**
 * An ICB finance lead, in a copy of the app with no area set up, starts a
 * consolidation from the welcome screen, reads three areas' review packages
 * into it, and reads the totals: the chart with its table beside it.
 */
test('an ICB consolidates three areas from their review packages', async ({ page, app }) => {
  // B&NES's plan easily meets a £1 minimum to social care; Swindon's falls short of £10,000,000.
  const required: Record<string, number> = { 'Bath and North East Somerset': 1_00, Swindon: 10_000_000_00 };
  const packages = THREE_AREAS.map((a) =>
    asFile(
      `${a.name}.bcf-review.json`,
      areaPackage(
        a.name,
        a.rows,
        '2019-20',
        required[a.name] ? [{ kind: 'nhs-min-social-care', pence: required[a.name]! }] : [],
      ),
    ),
  );
  await app.open();
  await page.getByRole('link', { name: 'Open the ICB consolidation' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ICB consolidation' })).toBeVisible();

  // A year mistyped is shown beside its field, and nothing is started.
  await page.getByLabel('Name').fill('BSW 2019-20');
  await page.getByLabel('Year (e.g. 2025-26)').fill('2019/21');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByLabel('Year (e.g. 2025-26)')).toHaveAccessibleDescription(/not a financial year/);
  await expect(page.getByRole('heading', { level: 2, name: /BSW 2019-20/ })).toHaveCount(0);
  await page.getByLabel('Year (e.g. 2025-26)').fill('2019-20');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'BSW 2019-20: 2019-20' })).toBeVisible();

  await page.getByLabel(/Add review packages/).setInputFiles(packages);
  const byArea = page.getByRole('table', { name: /By area/ });
  await expect(byArea.getByRole('row', { name: /Bath and North East Somerset 51 £71,342,161/ })).toBeVisible();
  await expect(byArea.getByRole('row', { name: /Total 102 £142,684,322/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /Bar chart\. Bath and North East Somerset £71,342,161/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'By funding source' })).toBeVisible();
  await expect(
    page.getByRole('table', { name: /Plan against actual by quarter/ }).getByRole('row', { name: /Q1 3/ }),
  ).toBeVisible();
  const minimums = page.getByRole('table', { name: "Each area's minimums" });
  await expect(
    minimums.getByRole('row', {
      name: /Bath and North East Somerset Minimum NHS contribution to adult social care £1(\.00)? .* Met/,
    }),
  ).toBeVisible();
  await expect(
    minimums.getByRole('row', {
      name: /Swindon Minimum NHS contribution to adult social care £10,000,000(\.00)? £6,716,327(\.00)? Not met: £3,283,673(\.00)? short/,
    }),
  ).toBeVisible();
  await expectAccessible(page);

  // A package changed by one penny is refused, and the totals stay as they were.
  const tampered = packages[1]!.buffer
    .toString('utf8')
    .replace(/"expenditurePence": (\d+)/, (_, n: string) => `"expenditurePence": ${Number(n) + 1}`);
  await page.getByLabel(/Add review packages/).setInputFiles(asFile('tampered.bcf-review.json', tampered));
  await expect(page.getByRole('alert')).toContainText('do not match its fingerprint');
  await expect(byArea.getByRole('row', { name: /Total 102 £142,684,322/ })).toBeVisible();

  // Keyboard: Remove Swindon, asked first; the total drops by its lines.
  await page.getByRole('button', { name: 'Remove Swindon' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Remove Swindon from "BSW 2019-20"?' })).toBeFocused();
  await page.getByRole('button', { name: 'Yes, remove Swindon' }).click();
  await expect(page.getByRole('status')).toHaveText('Removed Swindon.');
  await expect(byArea.getByRole('row', { name: 'Swindon' })).toHaveCount(0);
  await expectAccessible(page);

  // Scheme types in their numbers' order, as NHS England's list has them.
  const types = page.getByRole('table', { name: 'By scheme type' }).getByRole('rowheader');
  await expect(types.filter({ hasText: /^\d+\./ }).first()).toHaveText('1. Assistive Technologies');
  await expect(types.filter({ hasText: /^\d+\./ }).nth(1)).toHaveText('3. Carers services');

  // With no area set up, the navigation still leads back to the start.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Start' }).click();
  await expect(page.getByRole('link', { name: 'Open the ICB consolidation' })).toBeVisible();
});

import type { Locator, Page } from '@playwright/test';
import { seedQ1 } from '../helpers/returns';
import { expect, expectAccessible, test } from './fixtures';

/** Habits users bring from Excel, on the small laptop screen (1093×614) where they matter most. */
test.use({ viewport: { width: 1093, height: 614 } });

const cell = (page: Page, row: RegExp | string, column: number) =>
  page.locator('[role="row"]', { hasText: row }).locator(`[role="gridcell"][aria-colindex="${column}"]`);

async function loadSample(page: Page) {
  await page.getByRole('button', { name: 'Load the published 2019/20 plan' }).click();
  await expect(page.getByRole('grid', { name: 'Scheme lines (51)' })).toBeVisible();
}

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  expect(b).not.toBeNull();
  return b!;
}

/** Wholly on screen and showing all of its text: nothing cut off by its own box or by the window. */
async function expectWhole(page: Page, locator: Locator) {
  const b = await box(locator);
  const viewport = page.viewportSize()!;
  expect(b.x).toBeGreaterThanOrEqual(0);
  expect(b.y).toBeGreaterThanOrEqual(0);
  expect(b.x + b.width).toBeLessThanOrEqual(viewport.width);
  expect(b.y + b.height).toBeLessThanOrEqual(viewport.height);
  expect(
    await locator.evaluate((el) => el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1),
  ).toBe(true);
}

test('jumping to a finding brings its cell into view across and down, clear of the frozen columns', async ({
  page,
  app,
}) => {
  await app.open();
  await loadSample(page);
  await page.getByRole('button', { name: /Prior year \+ virement = this year/ }).click();
  await page.getByRole('button', { name: /Scheme 7 "Integrated Care and Support".*sign is wrong/ }).click();
  const target = cell(page, 'Integrated Care and Support', 7);
  await expect(target).toBeFocused();
  await expect(async () => {
    const scroller = await box(page.locator('.grid-scroll'));
    const name = await box(cell(page, 'Integrated Care and Support', 2));
    const b = await box(target);
    expect(b.x).toBeGreaterThanOrEqual(name.x + name.width - 1);
    expect(b.x + b.width).toBeLessThanOrEqual(scroller.x + scroller.width);
    expect(b.y).toBeGreaterThanOrEqual(scroller.y + 44 - 1);
    expect(b.y + b.height).toBeLessThanOrEqual(Math.min(scroller.y + scroller.height, 614));
  }).toPass();
});

test('a block pasted past the last line adds the lines, as Excel does, and says how many', async ({
  page,
  app,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await app.open();
  await loadSample(page);
  await cell(page, 'Community Services Contract Integrated Delivery Infrastructure', 1).first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Control+c');
  const last = await page.evaluate(() => navigator.clipboard.readText());
  // The last line as it is, then two new ones.
  await page.evaluate(
    (text) => navigator.clipboard.writeText(`${text.trimEnd()}\r\n90\tWinter pressures\r\n91\tCarers' breaks\r\n`),
    last,
  );
  await page.keyboard.press('Shift+ArrowLeft');
  await page.keyboard.press('Control+v');
  await expect(page.getByRole('grid', { name: 'Scheme lines (53)' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'added 2 new lines below the last' })).toBeVisible();
  expect(
    app.ctx.db
      .prepare(
        "SELECT s.code FROM scheme_line l JOIN scheme s ON s.id = l.scheme_id WHERE l.scheme_name IN ('Winter pressures', 'Carers'' breaks') ORDER BY s.code",
      )
      .all(),
  ).toEqual([{ code: '90' }, { code: '91' }]);
});

test('a refused amount names the wrong character, and its message shows whole', async ({ page, app }) => {
  await app.open();
  await loadSample(page);
  await cell(page, 'Falls Response Service', 6).click();
  await page.keyboard.type('26,75O');
  await page.keyboard.press('Enter');
  const problem = page.locator('#grid-cell-problem');
  await expect(problem).toHaveText(
    '2018/19 Expenditure £: "26,75O" is not an amount: the letter O (character 6) is not a digit, comma, point or £ sign',
  );
  await expectWhole(page, problem);
  await expectAccessible(page);
});

test('a refused figure in the return names the wrong character beside its cell, whole', async ({ page, app }) => {
  seedQ1(app.ctx);
  await app.open();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Quarterly returns' }).click();
  const actual = page.getByLabel(
    'Actual Expenditure to date, line 1, scheme 102 Care Act Assessments, Local Authority Discharge Funding',
  );
  await actual.fill('£30,0OO');
  await actual.press('Tab');
  const message = page.locator('.cell-error').first();
  await expect(message).toContainText('the letter O (character 6)');
  await message.scrollIntoViewIfNeeded();
  await expectWhole(page, message);
  expect(app.ctx.db.prepare('SELECT actual_pence FROM return_line ORDER BY position LIMIT 1').get()).toEqual({
    actual_pence: 3_000_000,
  });
});

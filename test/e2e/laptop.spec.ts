import type { Locator, Page } from '@playwright/test';
import path from 'node:path';
import { SOURCE_ROOT } from '../../electron/source-root';
import { seedQ1 } from '../helpers/returns';
import { expect, expectAccessible, test } from './fixtures';

/**
 * The council laptop: 1366×768, and 1093×614 at Windows' 125% scaling. What a
 * user sees without hunting is asserted, not just that the page renders.
 * BCF_SCREENSHOTS=1 also writes the README's pictures into docs/screens.
 */
const SIZES = [
  { name: '1366x768', width: 1366, height: 768, rows: 12, moneyInView: true },
  { name: '1093x614', width: 1093, height: 614, rows: 6, moneyInView: false },
];
const SHOTS = process.env.BCF_SCREENSHOTS === '1';

async function shoot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: path.join(SOURCE_ROOT, 'docs', 'screens', `${name}.png`) });
}

/** The page never scrolls sideways: everything wider than the window scrolls inside its own part. */
async function expectNoSidewaysScroll(page: Page, what: string) {
  const [scrollWidth, innerWidth] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
  ]);
  expect(scrollWidth, `${what}: the page is ${scrollWidth}px wide in a ${innerWidth}px window`).toBeLessThanOrEqual(
    innerWidth,
  );
}

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  expect(b).not.toBeNull();
  return b!;
}

/** Rows of the grid wholly inside its scrolling area. */
async function rowsInView(page: Page): Promise<number> {
  return page.evaluate(() => {
    const scroller = document.querySelector('.grid-scroll')!.getBoundingClientRect();
    return [...document.querySelectorAll('[role="grid"] [role="row"][data-line-id]')].filter((r) => {
      const b = r.getBoundingClientRect();
      return b.top >= scroller.top && b.bottom <= scroller.bottom && b.bottom <= window.innerHeight;
    }).length;
  });
}

for (const size of SIZES) {
  test(`at ${size.name} the plan grid fills the window, freezes Scheme ID and Name, and shows money without sideways page scrolling`, async ({
    page,
    app,
  }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    await app.open();
    await page.getByRole('button', { name: 'Load the published 2019/20 plan' }).click();
    const grid = page.getByRole('grid', { name: 'Scheme lines (51)' });
    await expect(grid).toBeVisible();
    await expect(page.getByText('Selected: line 1')).toBeVisible();

    // The grid runs to the bottom of the window, and as many rows show as the screen has room for.
    const scroller = page.locator('.grid-scroll');
    const area = await box(scroller);
    expect(area.y + area.height).toBeLessThanOrEqual(size.height);
    expect(area.y + area.height).toBeGreaterThan(size.height - 40);
    expect(await rowsInView(page)).toBeGreaterThanOrEqual(size.rows);
    await expectNoSidewaysScroll(page, 'Plan');

    // No heading is cut short: each shows its whole label.
    const cut = await page.evaluate(() =>
      [...document.querySelectorAll('[role="columnheader"]')]
        .filter((h) => h.scrollWidth > h.clientWidth + 1 || h.scrollHeight > h.clientHeight + 1)
        .map((h) => h.textContent),
    );
    expect(cut).toEqual([]);

    // The first £ column is in view, or one scroll away, beside the frozen columns.
    const money = grid.getByRole('columnheader', { name: '2018/19 Expenditure £' });
    const moneyBox = await box(money);
    const gridRight = area.x + area.width;
    if (size.moneyInView) expect(moneyBox.x + moneyBox.width).toBeLessThanOrEqual(gridRight);
    else expect(moneyBox.x + moneyBox.width).toBeLessThanOrEqual(gridRight + area.width / 2);

    // Scrolled to the far right, Scheme ID and Name stay where they were.
    const idCell = grid.getByRole('row').nth(1).getByRole('gridcell').first();
    const nameBefore = await box(grid.getByRole('row').nth(1).getByRole('gridcell').nth(1));
    await scroller.evaluate((el) => {
      el.scrollLeft = el.scrollWidth;
    });
    await expect(async () => {
      expect((await box(idCell)).x).toBeCloseTo(area.x + 1, -1);
      expect((await box(grid.getByRole('row').nth(1).getByRole('gridcell').nth(1))).x).toBeCloseTo(nameBefore.x, 0);
    }).toPass();
    await scroller.evaluate((el) => {
      el.scrollLeft = 0;
    });
    await shoot(page, `plan-${size.name}`);
    await expectAccessible(page);

    // One primary button for the lines: the rest are secondary.
    await expect(
      page.getByRole('toolbar', { name: 'Scheme lines' }).locator('button:not(.secondary):not(.danger)'),
    ).toHaveCount(1);
  });

  test(`at ${size.name} the return's table is the page's own, its rows compact, and the other screens fit the width`, async ({
    page,
    app,
  }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    seedQ1(app.ctx);
    await app.open();
    await page.getByRole('link', { name: 'Quarterly returns' }).click();
    const table = page.getByRole('table', { name: /^Q1 2024-25: spend and activity/ });
    await expect(table).toBeVisible();
    await expectNoSidewaysScroll(page, 'Quarterly returns');
    // No box in the middle of the page scrolling up and down: a table taller than the window ends at
    // the window's bottom edge, as the plan's grid does, and its headings and Scheme Name stay in view.
    const region = page.getByRole('region', { name: /^Q1 2024-25: spend and activity/ });
    const regionBox = await box(region);
    expect(regionBox.y + regionBox.height).toBeLessThanOrEqual(size.height);
    const fits = await region.evaluate((el) => el.scrollHeight <= el.clientHeight + 1);
    if (!fits) expect(regionBox.y + regionBox.height).toBeGreaterThan(size.height - 40);
    const name = table.getByRole('rowheader').first();
    const nameBefore = await box(name);
    await region.evaluate((el) => {
      el.scrollLeft = el.scrollWidth;
    });
    await expect(async () => expect((await box(name)).x).toBeCloseTo(nameBefore.x, 0)).toPass();
    await region.evaluate((el) => {
      el.scrollLeft = 0;
    });
    // No heading is cut short or run under its neighbour ("Planned Expenditu" once was).
    const cut = await table.evaluate((t) =>
      [...t.querySelectorAll('thead th')].filter((h) => h.scrollWidth > h.clientWidth + 1).map((h) => h.textContent),
    );
    expect(cut).toEqual([]);
    await shoot(page, `return-${size.name}`);
    const rowHeight = (await box(table.getByRole('row').nth(2))).height;
    expect(rowHeight).toBeLessThanOrEqual(48);
    await expectAccessible(page);

    for (const [link, heading] of [
      ['Pooled budgets', /^Pooled budgets/],
      ['Workbooks', /^Workbooks/],
      ['Template years', /^Template years/],
      ['History', /^History/],
    ] as const) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await expectNoSidewaysScroll(page, link);
      if (link === 'Workbooks') {
        await shoot(page, `workbooks-${size.name}`);
        // Buttons by weight: one primary in each group of actions.
        for (const group of await page.locator('main .toolbar').all()) {
          await expect(group.locator('button:not(.secondary):not(.danger):not(.link-button)')).toHaveCount(1);
        }
      }
    }
  });
}

test('on a 1920 monitor the plan grid uses the width', async ({ page, app }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.open();
  await page.getByRole('button', { name: 'Load the published 2019/20 plan' }).click();
  await expect(page.getByRole('grid', { name: 'Scheme lines (51)' })).toBeVisible();
  expect((await box(page.locator('.grid-scroll'))).width).toBeGreaterThan(1450);
  expect(await rowsInView(page)).toBeGreaterThanOrEqual(22);
  await expectNoSidewaysScroll(page, 'Plan at 1920');
});

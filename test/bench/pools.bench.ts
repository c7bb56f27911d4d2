import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openServiceContext } from '../../electron/host';
import { createArea } from '../../electron/services/areas/areas';
import { createPool } from '../../electron/services/pools/create';
import { setLineFigures } from '../../electron/services/pools/figures';
import { statementsFor } from '../../electron/services/pools/statements';
import { ASSETS_DIR } from '../../electron/source-root';
import type { MethodSpec } from '../../shared/pools/model';
import { time, type Figure } from './measure';

/** One area runs about five pools; every statement is computed at 1×, 10× and 100× that. */
const METHODS: MethodSpec[] = [
  { method: 'fixed-ratio' },
  { method: 'pro-rata' },
  { method: 'own-risk' },
  { method: 'threshold', thresholdPercent: '10' },
  { method: 'cap', caps: [{ partner: 'Council', cap: { kind: 'percent', percent: '5' } }] },
];

export async function benchPoolStatements(): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const scale of [1, 10, 100]) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bcf-bench-pools-'));
    const ctx = openServiceContext({ dbPath: path.join(dir, 'p.sqlite'), assetsDir: ASSETS_DIR, actor: 'bench' });
    try {
      createArea(ctx, 'Benchshire');
      for (let i = 0; i < 5 * scale; i++) {
        const lines = Array.from({ length: 8 }, (_, j) => ({
          code: `L${j + 1}`,
          name: `Line ${j + 1}`,
          partner: j % 2 ? 'Council' : 'ICB',
          contingency: false,
          budgetPence: 100_000_00 + j * 7_919_00,
        }));
        const pool = createPool(ctx, {
          year: '2024-25',
          name: `Pool ${i + 1}`,
          legalBasis: 's75 NHS Act 2006',
          host: 'Council',
          partners: [
            { name: 'ICB', kind: 'health', ratio: '23' },
            { name: 'Council', kind: 'social care', ratio: '77' },
          ],
          contributions: [
            { partner: 'ICB', label: 'ICB', amountPence: 400_000_00 },
            { partner: 'Council', label: 'Council', amountPence: 650_000_00 },
          ],
          lines,
          overspend: METHODS[i % METHODS.length]!,
          underspend: { method: 'fixed-ratio' },
        });
        setLineFigures(
          ctx,
          pool.id,
          'outturn',
          pool.lines.map((l, j) => ({
            lineId: l.id,
            amountPence: l.budgetPence + (j % 3 === 0 ? 12_345_67 : -2_000_01),
          })),
        );
      }
      const { ms } = await time(() => statementsFor(ctx, '2024-25', 'outturn'), 5);
      figures.push({ group: 'pools', name: 'compute every pool statement', size: 5 * scale, ms, runs: 5 });
    } finally {
      ctx.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return figures;
}

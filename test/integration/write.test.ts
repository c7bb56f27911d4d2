import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { all, insert, one, run } from '../../electron/db/statements';
import { createArea } from '../../electron/services/areas/areas';
import { listAudit } from '../../electron/services/audit/audit';
import { createPool } from '../../electron/services/pools/create';
import { saveLine } from '../../electron/services/pools/lines';
import { write } from '../../electron/services/write';
import { tempContext, type TestContext } from '../helpers/db';

let ctx: TestContext;
beforeEach(() => {
  ctx = tempContext('jane.smith');
});
afterEach(() => ctx.close());

const setting = (key: string) => one<{ value: string }>(ctx.db, 'SELECT value FROM setting WHERE key = ?', key);

describe('write: a change and its history, together or not at all', () => {
  it('saves the change and its history row in one go', () => {
    write(ctx, (w) => {
      run(ctx.db, 'INSERT INTO setting (key, value) VALUES (?, ?)', 'colour', 'blue');
      w.audit({ action: 'create', entity: 'setting', field: 'colour', newValue: 'blue' });
    });
    expect(setting('colour')?.value).toBe('blue');
    expect(listAudit(ctx, { entity: 'setting' })).toMatchObject([
      { actor: 'jane.smith', action: 'create', field: 'colour', newValue: 'blue' },
    ]);
  });

  it('refuses a change made without a history row, and keeps nothing of it', () => {
    expect(() =>
      write(ctx, () => {
        run(ctx.db, 'INSERT INTO setting (key, value) VALUES (?, ?)', 'colour', 'blue');
      }),
    ).toThrow(/without recording its history/);
    expect(setting('colour')).toBeUndefined();
  });

  it('lets a body that changes nothing record nothing', () => {
    const answer = write(ctx, (w) => {
      expect(w.audited()).toBe(false);
      return all<{ key: string }>(ctx.db, 'SELECT key FROM setting').length;
    });
    expect(answer).toBe(0);
    expect(listAudit(ctx, {})).toEqual([]);
  });

  it('rolls back the change and its history together when the body fails', () => {
    expect(() =>
      write(ctx, (w) => {
        const id = insert(ctx.db, 'INSERT INTO area (name, created_at) VALUES (?, ?)', 'Sheffield', 'now');
        w.audit({ action: 'create', entity: 'area', entityId: id, newValue: 'Sheffield' });
        throw new Error('the disk is full');
      }),
    ).toThrow('the disk is full');
    expect(all(ctx.db, 'SELECT * FROM area WHERE name = ?', 'Sheffield')).toEqual([]);
    expect(listAudit(ctx, { entity: 'area' })).toEqual([]);
  });
});

describe('a service on the write path', () => {
  it('takes a save that changes nothing without a fuss, and records no history for it', () => {
    createArea(ctx, 'Bath and North East Somerset');
    const pool = createPool(ctx, {
      year: '2019-20',
      name: 'Equipment',
      legalBasis: 'other',
      partners: [{ name: 'Council', kind: 'social care', ratio: '1' }],
      host: 'Council',
    });
    const line = { poolId: pool.id, code: 'EQ', name: 'Hoists', partner: null, contingency: false, budgetPence: 500 };
    const saved = saveLine(ctx, line);
    const history = listAudit(ctx, {}).length;
    expect(saveLine(ctx, { ...line, id: saved.lines[0]!.id }).lines).toMatchObject([{ code: 'EQ', budgetPence: 500 }]);
    expect(listAudit(ctx, {})).toHaveLength(history);
  });
});

import { ApiError, type Area } from '../../../shared/api';
import type { ServiceContext } from '../context';
import { insert, one } from '../../db/statements';
import { write } from '../write';

/** One database file holds one area's data; this is that area, if set up. */
export function getArea(ctx: ServiceContext): Area | null {
  return one<Area>(ctx.db, 'SELECT id, name FROM area ORDER BY id LIMIT 1') ?? null;
}

export function requireArea(ctx: ServiceContext): Area {
  const area = getArea(ctx);
  if (!area)
    throw new ApiError('refused', 'No area is set up in this database yet: create one first (bcf init --area "NAME").');
  return area;
}

export function createArea(ctx: ServiceContext, rawName: string): Area {
  const name = rawName.trim();
  if (name === '' || name.length > 200)
    throw new ApiError(
      'invalid_request',
      'Give the Health and Wellbeing Board a name of up to 200 characters.',
      'name',
    );
  return write(ctx, (w) => {
    const existing = getArea(ctx);
    if (existing) {
      if (existing.name === name) return existing;
      throw new ApiError(
        'conflict',
        `This database already holds ${existing.name}; use a separate database file for ${name}.`,
        'name',
      );
    }
    const area = {
      id: insert(ctx.db, 'INSERT INTO area (name, created_at) VALUES (?, ?)', name, ctx.now().toISOString()),
      name,
    };
    w.audit({ action: 'create', entity: 'area', entityId: area.id, newValue: name });
    return area;
  });
}

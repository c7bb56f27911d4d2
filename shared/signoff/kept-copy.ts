import type { z } from 'zod';
import { deepFreeze } from '../values/freeze';

/**
 * What an approved plan or return keeps of what it read from elsewhere (its template year, its
 * metrics, its workbook layout), stored as JSON beside it, is read through one of these. A view asks
 * for the copy several times, and parsing one (a template year with every list) costs about a
 * millisecond, so copies already read are kept by their text: the caller still reads the text from
 * the database each time, so what is shown is what it holds now. Each copy is deep-frozen, as every
 * caller shares it.
 */
export function keptCopyReader<S extends z.ZodType>(
  schema: S,
  max = 16,
): (text: string) => { ok: true; copy: z.infer<S> } | { ok: false; why: string } {
  const read = new Map<string, z.infer<S>>();
  return (text) => {
    const known = read.get(text);
    if (known !== undefined) return { ok: true, copy: known };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, why: 'it is not JSON' };
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) return { ok: false, why: parsed.error.issues[0]?.message ?? 'not as kept' };
    if (read.size >= max) read.delete(read.keys().next().value!);
    const copy = deepFreeze(parsed.data as z.infer<S>);
    read.set(text, copy);
    return { ok: true, copy };
  };
}

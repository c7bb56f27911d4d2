import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { keptCopyReader } from '../../shared/signoff/kept-copy';

/** What an approved plan or return keeps, read back: once per text, shared by every caller, never changed by one. */
const read = keptCopyReader(z.object({ targets: z.array(z.string()), layout: z.string().optional().catch(undefined) }));

describe('a kept copy read back', () => {
  it('is read once for the same text, and no caller can change what the next one sees', () => {
    const text = JSON.stringify({ targets: ['1,650 per 100,000'] });
    const first = read(text);
    const again = read(text);
    if (!first.ok || !again.ok) throw new Error('not read');
    expect(again.copy).toBe(first.copy);
    expect(() => (first.copy.targets as string[]).push('changed')).toThrow(TypeError);
    expect(read(text)).toEqual({ ok: true, copy: { targets: ['1,650 per 100,000'] } });
  });

  it('lets go of a part that may be absent when it no longer reads, and says why when the rest does not', () => {
    expect(read(JSON.stringify({ targets: [], layout: 5 }))).toEqual({ ok: true, copy: { targets: [] } });
    expect(read(JSON.stringify({ targets: 5 }))).toMatchObject({ ok: false, why: expect.stringMatching(/array/) });
    expect(read('{"targets": [')).toEqual({ ok: false, why: 'it is not JSON' });
  });
});
